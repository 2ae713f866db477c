import WatchpostCore

/// One line per event: what was decided (no log line text, nothing secret).
extension LoginNotifierOutput: LogSummary {
    public var logMessage: String {
        switch self {
        case .report(let report): report.batch?.controlMessage == true ? "control message acknowledged" : "log batch assessed"
        case .http: "Slack callback answered"
        }
    }

    public var logFields: [String: String] {
        switch self {
        case .report(let report):
            guard let batch = report.batch else { return [:] }
            if batch.controlMessage { return ["logGroup": batch.logGroup] }
            var fields = ["logGroup": batch.logGroup, "logStream": batch.logStream, "logins": String(report.logins.count),
                          "alerting": String(report.alerted.count), "failures": String(report.failures.count),
                          "ignored": String(report.ignored), "instance": batch.instance]
            if batch.dryRun { fields["dryRun"] = "true" }
            return fields
        case .http(let response, let answer):
            var fields = ["status": String(response.statusCode)]
            if let answer {
                fields["instanceId"] = answer.login.instanceId
                fields["answer"] = answer.incident == nil ? "confirmed" : "disowned"
                if let status = answer.incidentStatus { fields["incident"] = status.rawValue }
            }
            return fields
        }
    }
}

extension InstanceLookup {
    /// For the log line: found, not found, unidentified, or why the lookup failed.
    public var summary: String {
        switch self {
        case .found: "found"
        case .notFound: "not found"
        case .unidentified: "unidentified"
        case .failed(let why): "lookup failed: \(why.prefix(300))"
        }
    }
}
