import Foundation
import FuzzTargets
import Testing

/// Every committed fuzz corpus input and past finding (Fuzz/corpus/<family>, Fuzz/findings/<family>)
/// through the same entry function its harness calls: a regression is a trap or a stall here.
struct FuzzReplayTests {
    static let root = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Fuzz").standardized

    static func inputs(_ family: String) -> [URL] {
        ["corpus", "findings"].flatMap { kind in
            let directory = root.appending(path: "\(kind)/\(family)")
            return ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
                .filter { !$0.lastPathComponent.hasPrefix(".") }
        }
    }

    @Test(arguments: FuzzTargets.all.keys.sorted())
    func replaysEveryCommittedInput(_ family: String) throws {
        let inputs = Self.inputs(family)
        #expect(!inputs.isEmpty, "no seed corpus for \(family)")
        let target = try #require(FuzzTargets.all[family])
        for input in inputs { target(Array(try Data(contentsOf: input))) }
    }
}
