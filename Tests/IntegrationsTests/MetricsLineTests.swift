import WatchpostCore
import Foundation
import Testing
@testable import Integrations

/// A response of a pretend function, to exercise the metrics line.
struct SampleOutput: Reportable, LogSummary, Codable {
    var decisions: [String] = []
    var stepStatuses: [StepStatus] = []
    var findings: [Finding] { [] }
    enum CodingKeys: String, CodingKey { case decisions, stepStatuses }
    var events: [OutboundEvent] { [] }
    var logMessage: String { "sample" }
    var logFields: [String: String] { ["decisions": decisions.joined(separator: ",")] }
}

@Suite("One CloudWatch Embedded Metric Format line per invocation")
struct MetricsLineTests {
    /// Parses a line as CloudWatch does: a JSON object whose `_aws.CloudWatchMetrics` directive
    /// names metrics that are members of the same object, with the dimension's value present.
    static func parseEMF(_ line: String) throws -> (namespace: String, dimensions: [[String]], values: [String: Double],
                                                    units: [String: String], root: [String: Any]) {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let aws = try #require(root["_aws"] as? [String: Any])
        #expect(aws["Timestamp"] is NSNumber)
        let directive = try #require((aws["CloudWatchMetrics"] as? [[String: Any]])?.first)
        let dimensions = try #require(directive["Dimensions"] as? [[String]])
        for name in dimensions.joined() { #expect(root[name] is String, "dimension \(name) has no value") }
        var values: [String: Double] = [:]
        var units: [String: String] = [:]
        for metric in try #require(directive["Metrics"] as? [[String: String]]) {
            let name = try #require(metric["Name"])
            values[name] = try #require((root[name] as? NSNumber)?.doubleValue, "metric \(name) is not a number in the line")
            units[name] = metric["Unit"]
        }
        return (try #require(directive["Namespace"] as? String), dimensions, values, units, root)
    }

    @Test func aSuccessfulInvocation() throws {
        let output = SampleOutput(decisions: ["public", "not-public", "public"], stepStatuses: [.done, .failed, .skipped, .done])
        var delivery = Delivery()
        delivery.securityHub = .init(imported: 2, failed: [.init(id: "x", code: "InvalidInput", message: "no")])
        let line = MetricsLine.invocation(function: "prod-s3-policy-checker", output: output, delivery: delivery, calls: 7,
                                          retries: 2, durationMs: 12.3456)
        let emf = try Self.parseEMF(line.render(epochMilliseconds: 1_795_000_000_000))
        #expect(emf.namespace == "watchpost")
        #expect(emf.dimensions == [["Function"]])
        #expect(emf.root["Function"] as? String == "prod-s3-policy-checker")
        #expect(emf.values == ["Invocations": 1, "Errors": 0, "Duration": 12.346, "ActionsDone": 2, "ActionsFailed": 1,
                               "AWSCalls": 7, "AWSRetries": 2, "FindingsImported": 2, "FindingsFailed": 1,
                               "Decision.not-public": 1, "Decision.public": 2])
        #expect(emf.units["Duration"] == "Milliseconds")
        #expect(emf.units["AWSCalls"] == "Count")
    }

    @Test func aFailedInvocationCountsAnError() throws {
        let line = MetricsLine.invocation(function: "f", output: nil, delivery: nil, calls: 1, retries: 0, durationMs: 3)
        let emf = try Self.parseEMF(line.render(epochMilliseconds: 0))
        #expect(emf.values["Errors"] == 1)
        #expect(emf.values["EventsSent"] == nil)
        #expect(!emf.values.keys.contains { $0.hasPrefix("Decision.") })
    }

    @Test func namesAreQuotedAsJSON() throws {
        var line = MetricsLine(function: #"odd "name"\"#)
        line.add(#"Decision.a"b"#, 1)
        let emf = try Self.parseEMF(line.render(epochMilliseconds: 5))
        #expect(emf.root["Function"] as? String == #"odd "name"\"#)
        #expect(emf.values == [#"Decision.a"b"#: 1])
    }
}
