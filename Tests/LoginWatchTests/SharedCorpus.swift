import Foundation
import XCTest

/// The third-party material in `../shared/corpora` (relative to the project root), read at
/// test time and never copied into the repository. CI always lays `../shared` beside the clone and
/// .ci/run says so (WATCHPOST_CORPORA_REQUIRED=1): there a missing folder fails the test with the path it looked for; a checkout
/// without it skips the test.
enum SharedCorpus {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpora")

    static func url(_ relative: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let url = root.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if ProcessInfo.processInfo.environment["WATCHPOST_CORPORA_REQUIRED"] != "1", !FileManager.default.fileExists(atPath: root.path) {
                throw XCTSkip("../shared/corpora is not beside this checkout")
            }
            XCTFail("the shared corpus is missing: \(url.standardizedFileURL.path) (see ../shared/corpora/README.md)", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        return url
    }

    static func text(_ relative: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try String(contentsOf: url(relative, file: file, line: line), encoding: .utf8)
    }

    static func files(in relative: String, suffix: String, file: StaticString = #filePath, line: UInt = #line) throws -> [URL] {
        let folder = try url(relative, file: file, line: line)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(suffix) }.sorted()
        XCTAssertFalse(names.isEmpty, "no *\(suffix) in \(folder.path)", file: file, line: line)
        return names.map { folder.appendingPathComponent($0) }
    }
}
