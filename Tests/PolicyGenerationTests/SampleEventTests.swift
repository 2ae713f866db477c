import Foundation
import Testing
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import SecurityEvents
import Primitives

/// Every sample event in events/policy-generator/ is a valid request.
struct SampleEventTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../events/policy-generator").standardized

    @Test func everySampleEventIsARequest() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".scenario.json") }
        #expect(files.count >= 4)
        for file in files {
            let event = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: Self.folder.appendingPathComponent(file)))
            let requests = try PolicyRequest.requests(from: event, environment: [
                "POLICY_PRINCIPALS": "arn:aws:iam::123456789012:role/ci-deploy", "TRAIL_BUCKET": "example-cloudtrail-logs",
            ])
            #expect(!requests.isEmpty, "\(file)")
        }
    }
}
