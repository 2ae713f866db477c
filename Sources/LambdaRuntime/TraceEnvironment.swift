#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exports the invocation's trace header as `_X_AMZN_TRACE_ID`, where X-Ray SDKs look for it.
/// Not with setenv: glibc keeps every value ever set (so that old pointers stay valid), and a
/// new trace id per invocation would grow the process by each one, for as long as it lives.
/// One buffer of our own goes into the environment instead and is rewritten in place.
enum TraceEnvironment {
    private static let name = "_X_AMZN_TRACE_ID="
    // Touched only by the Runtime API loop, one invocation at a time.
    nonisolated(unsafe) private static var buffer: UnsafeMutableBufferPointer<CChar>?
    nonisolated(unsafe) private static var exported = false

    static func export(_ traceID: String?) {
        guard let traceID else {
            if exported { unsetenv("_X_AMZN_TRACE_ID") }
            exported = false
            return
        }
        let entry = Array((name + traceID).utf8CString)
        if buffer.map({ $0.count < entry.count }) ?? true {
            // The old buffer may still be referenced by a reader of the environment, so it is
            // left alone; sizes at least double, so there are few such leftovers.
            buffer = .allocate(capacity: max(256, entry.count, 2 * (buffer?.count ?? 0)))
            exported = false
        }
        _ = buffer!.update(fromContentsOf: entry)
        if !exported {
            putenv(buffer!.baseAddress!)
            exported = true
        }
    }
}
