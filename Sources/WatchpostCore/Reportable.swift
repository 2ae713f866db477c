/// A function's response, read for the places security teams already look: Security Hub
/// findings, EventBridge events, and the invocation's metrics. Each function's core says what
/// its response means; the function shell (`FunctionShell`) delivers it.
public protocol Reportable: Encodable, Sendable {
    /// What was found, active or resolved (each imported when `SECURITY_HUB=true`).
    var findings: [Finding] { get }
    /// The actions taken (each put on `EVENT_BUS_NAME` when set). A dry run takes none.
    var events: [OutboundEvent] { get }
    /// One word per decision made ("public", "isolate", "login", …), counted as `Decision.<word>`.
    var decisions: [String] { get }
    /// The outcome of every step of every action.
    var stepStatuses: [StepStatus] { get }
    /// Figures beyond the decisions, each a metric of its own (default: none).
    var measures: [Measure] { get }
}

/// A figure a response reports beyond its decisions (a finished sweep's totals), as a metric.
public struct Measure: Sendable, Equatable {
    public let name: String
    public let value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

extension Reportable {
    public var measures: [Measure] { [] }
}
