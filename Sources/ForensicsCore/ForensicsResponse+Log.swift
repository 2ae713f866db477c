import WatchpostCore

/// One line per event: the reason as the message, the decision and what failed as fields.
extension ForensicsResponse: LogSummary {
    public var logMessage: String { reason }

    public var logFields: [String: String] {
        var fields = [
            "decision": decision.rawValue, "instanceId": instanceId ?? "", "incidentId": incidentId ?? "",
            "failed": steps.filter { $0.status == .failed }.map(\.step.rawValue).joined(separator: ","),
        ]
        if let instances {
            fields["instances"] = instances.map { "\($0.instanceId ?? "?") \($0.decision.rawValue)" }.joined(separator: ",")
        }
        return fields
    }
}
