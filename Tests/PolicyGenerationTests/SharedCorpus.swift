import Foundation

/// The third-party material in `../shared/corpora` (relative to the project root), read at
/// test time and never copied into the repository. CI always lays `../shared` beside the clone and
/// .ci/run says so (WATCHPOST_CORPORA_REQUIRED=1): there a missing corpus fails; a checkout without it skips these tests.
enum SharedCorpus {
    static var present: Bool {
        FileManager.default.fileExists(atPath: root.path) || ProcessInfo.processInfo.environment["WATCHPOST_CORPORA_REQUIRED"] == "1"
    }

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpora")

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "the shared corpus is missing: \(path) (see ../shared/corpora/README.md)" }
    }

    static func data(_ relative: String) throws -> Data {
        let url = root.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: url.standardizedFileURL.path) }
        return try Data(contentsOf: url)
    }
}
