import Foundation
import Testing
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import Primitives

/// The S3 path reads files on every core; what it reports must not depend on how many it
/// reads at once: the same policy, counts, resources (past the point where they fold into
/// wildcards, which depends on the order they arrive in) and unreadable entries, in the same
/// order, as reading one file after another.
struct TrailReaderTests {
    static let principal = TestRecords.roleARN
    static let folder = "AWSLogs/o-exampleorg1/111122223333/CloudTrail/eu-west-1/2026/11/20/"

    /// Thirty files: the principal's object reads over more keys than an action lists before
    /// folding, others' calls, a denial, an out-of-window record, a record that is not JSON,
    /// and one file that is not gzip at all. Sizes differ, so files finish out of order.
    static func writeTrail(_ root: URL) throws {
        let folder = root.appending(path: Self.folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let other = TestRecords.roleIdentity("arn:aws:iam::111122223333:role/someone-else")
        for file in 0..<30 {
            var records: [String] = []
            for n in 0..<(20 + (file * 37) % 90) {
                let key = "data/\(file % 7)/\(n % 11)/object-\(file)-\(n).json"
                let identity = n % 3 == 0 ? other : TestRecords.roleIdentity()
                var record: [String: Any] = [
                    "eventVersion": "1.09", "eventTime": "2026-11-20T08:00:00Z", "eventSource": "s3.amazonaws.com",
                    "eventName": n % 5 == 0 ? "PutObject" : "GetObject", "awsRegion": "eu-west-1", "userIdentity": identity,
                    "requestParameters": ["bucketName": "bucket-\(file % 3)", "key": key],
                ]
                if n % 17 == 0 { record["errorCode"] = "AccessDenied" }
                if n % 29 == 0 { record["eventTime"] = "2026-11-25T00:00:00Z" }
                records.append(String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self))
            }
            if file % 4 == 1 { records.insert(#"{"eventName": "GetObject", "userIdentity": {"arn": "build-agent 111122223333" tru}}"#, at: file % 5) }
            let body = Array(("{\"Records\":[" + records.joined(separator: ",") + "]}").utf8)
            let name = String(format: "111122223333_CloudTrail_eu-west-1_20261120T%04dZ_%02d.json.gz", file * 5, file)
            let bytes = file == 13 ? Array("not gzip".utf8) : Gzip.compress(body)
            try Data(bytes).write(to: folder.appending(path: name))
        }
    }

    static func report(_ root: URL, filesInFlight: Int) async throws -> String {
        let request = try PolicyRequest(principal: try Principal(arn: principal),
                                        window: try TimeWindow(start: "2026-11-20", end: "2026-11-21"),
                                        source: .s3, trailBucket: "trail")
        var activity = Activity(principal: request.principal, window: request.window, regions: request.regions)
        let reader = TrailReader(store: LaterFilesFirst(files: LocalTrailStore(root: root.path)), filesInFlight: filesInFlight)
        let files = try await reader.read(request, into: &activity)
        #expect(files == 30)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(PolicyReport(request: request, activity: activity, granted: [])), as: UTF8.self)
    }

    /// Each file arrives later than the one after it (by its `_NN` number), so files read at
    /// once finish in the opposite order to the one they were asked for in.
    struct LaterFilesFirst: TrailStore {
        let files: LocalTrailStore

        func folders(under prefix: String) async throws(ActivitySources.Failure) -> [String] {
            try await files.folders(under: prefix)
        }

        func files(in prefix: String) async throws(ActivitySources.Failure) -> [String] {
            try await files.files(in: prefix)
        }

        func contents(of key: String) async throws(ActivitySources.Failure) -> [UInt8] {
            let number = Int(key.dropLast(".json.gz".count).suffix(2)) ?? 0
            try? await Task.sleep(for: .milliseconds(2 * (30 - number)))
            return try await files.contents(of: key)
        }

        func source(of key: String) -> String { files.source(of: key) }
    }

    @Test func readingFilesAtOnceGivesTheAnswerOfReadingThemInTurn() async throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "trail-reader-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.writeTrail(root)
        let inTurn = try await Self.report(root, filesInFlight: 1)
        // What the trail holds shows in the report: so the comparison compares something.
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(inTurn.utf8)) as? [String: Any])
        #expect(parsed["recordsUnreadable"] as? Int == 8)
        let unreadable = try #require(parsed["unreadable"] as? [[String: Any]])
        #expect(unreadable.map { $0["record"] as? Int } == [2, 1, 5, 0, 3, 2, 1, 5], "in the files' order")
        #expect((parsed["denied"] as? [Any])?.isEmpty == false)
        let resources = try #require(parsed["resources"] as? [String: [String]])
        #expect(resources["s3:GetObject"]?.contains { $0.hasSuffix("*") } == true, "past the limit, keys fold into wildcards")
        for width in [2, 3, 8, 30] {
            #expect(try await Self.report(root, filesInFlight: width) == inTurn, "\(width) files at once")
        }
    }

    @Test(arguments: [
        (1, nil, 2), (2, nil, 4), (6, 10_240, 12), (2, 512, 4), (2, 256, 2), (6, 1_769, 12), (2, 128, 1), (1, 64, 1), (0, nil, 2),
    ] as [(Int, Int?, Int)])
    func filesInFlightFollowTheCoresAndTheMemory(cores: Int, memoryMB: Int?, expected: Int) {
        #expect(TrailReader.filesInFlight(cores: cores, memoryMB: memoryMB) == expected)
    }
}
