import FuzzTargets
import Glibc

/// `watchpost-fuzz <family> [libFuzzer options] [corpus dirs]`: hands control to libFuzzer with
/// the family's entry function. Built with `-sanitize=fuzzer,address -parse-as-library`, so
/// SwiftPM links the entry through `watchpost_fuzz_main`, defined here. The family is also put
/// in the environment (`WATCHPOST_FUZZ_FAMILY`): libFuzzer's `-merge=1` runs this program again
/// with its own arguments only, and the child finds the family there.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

nonisolated(unsafe) var selected: (@Sendable ([UInt8]) -> Void)?

@_cdecl("watchpost_fuzz_main")
func watchpostFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    let families = FuzzTargets.all.keys.sorted().joined(separator: " ")
    let named = argc >= 2 ? argv[1].map { String(cString: $0) } : nil
    if let named, let target = FuzzTargets.all[named] {
        selected = target
        setenv("WATCHPOST_FUZZ_FAMILY", named, 1)
        // libFuzzer sees the program name and the options after the family.
        var arguments = argv
        arguments[1] = arguments[0]
        var count = argc - 1
        var shifted: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = arguments + 1
        return LLVMFuzzerRunDriver(&count, &shifted) { data, size in fuzzerTestOneInput(data, size) }
    }
    guard let inherited = getenv("WATCHPOST_FUZZ_FAMILY").map({ String(cString: $0) }), let target = FuzzTargets.all[inherited] else {
        let usage = "usage: watchpost-fuzz <\(families)> [libFuzzer options] [corpus dirs]\n"
        _ = usage.withCString { write(2, $0, strlen($0)) }
        return 2
    }
    selected = target
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzerTestOneInput(data, size) }
}

/// libFuzzer's own entry, which its runtime also references: the family chosen above.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    selected?(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
