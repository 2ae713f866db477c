import WatchpostCore
import LambdaRuntime
import Primitives

/// One invocation's metrics as a CloudWatch Embedded Metric Format line: CloudWatch Logs turns
/// it into metrics (namespace `watchpost`, dimension `Function`) with no PutMetricData call.
public struct MetricsLine: Sendable {
    public static let namespace = "watchpost"

    public enum Unit: String, Sendable { case count = "Count", milliseconds = "Milliseconds" }

    public let function: String
    /// Name, unit and value, in the order the line lists them.
    public private(set) var metrics: [(name: String, unit: Unit, value: Double)] = []

    public init(function: String) { self.function = function }

    public mutating func add(_ name: String, _ value: Double, unit: Unit = .count) {
        metrics.append((name, unit, value))
    }

    /// The JSON line, stamped with `epochMilliseconds`.
    public func render(epochMilliseconds: Int64) -> String {
        let definitions = metrics.map { "{\"Name\":\(JSONText.quoted($0.name)),\"Unit\":\"\($0.unit.rawValue)\"}" }
        let values = metrics.map { ",\(JSONText.quoted($0.name)):\(Self.number($0.value))" }
        return "{\"_aws\":{\"Timestamp\":\(epochMilliseconds),\"CloudWatchMetrics\":[{\"Namespace\":\"\(Self.namespace)\","
            + "\"Dimensions\":[[\"Function\"]],\"Metrics\":[\(definitions.joined(separator: ","))]}]},"
            + "\"Function\":\(JSONText.quoted(function))\(values.joined())}"
    }

    /// Whole numbers without a fraction; others with three decimals at most.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String((value * 1000).rounded() / 1000)
    }
}

extension MetricsLine {
    /// The line for one invocation: what it handled, decided and did, the AWS calls it made,
    /// how long it took, and where its findings and events went. `output` is nil when the
    /// invocation failed.
    public static func invocation(function: String, output: (any Reportable)?, delivery: Delivery?, calls: Int, retries: Int,
                           durationMs: Double) -> MetricsLine {
        var line = MetricsLine(function: function)
        line.add("Invocations", 1)
        line.add("Errors", output == nil ? 1 : 0)
        line.add("Duration", durationMs, unit: .milliseconds)
        let statuses = output?.stepStatuses ?? []
        line.add("ActionsDone", Double(statuses.filter { $0 == .done }.count))
        line.add("ActionsFailed", Double(statuses.filter { $0 == .failed }.count))
        line.add("AWSCalls", Double(calls))
        line.add("AWSRetries", Double(retries))
        if let findings = delivery?.securityHub {
            line.add("FindingsImported", Double(findings.imported))
            line.add("FindingsFailed", Double(findings.failed.count))
        }
        if let events = delivery?.events {
            line.add("EventsSent", Double(events.sent))
            line.add("EventsFailed", Double(events.failed.count))
        }
        let decisions = Dictionary(grouping: output?.decisions ?? [], by: { $0 })
        for kind in decisions.keys.sorted() { line.add("Decision.\(kind)", Double(decisions[kind]!.count)) }
        for measure in output?.measures ?? [] { line.add(measure.name, measure.value) }
        return line
    }
}
