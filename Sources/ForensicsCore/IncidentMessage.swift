import WatchpostCore
import Primitives

/// The words of the incident the team receives (SNS; Slack is built from the same response):
/// what happened to which instance, the finding, every step's outcome, how to release.
public enum IncidentMessage {
    /// SNS subjects are limited to 100 characters.
    static let maximumSubjectLength = 100

    public static func subject(for response: ForensicsResponse) -> String {
        let instance = response.instanceId ?? "an instance"
        let text: String
        switch response.decision {
        case .isolate:
            let failed = response.steps.contains { $0.status == .failed }
            text = "watchpost: quarantined \(instance)\(failed ? " (with failures)" : "") \(response.incidentId ?? "")"
        case .release:
            text = "watchpost: released \(instance) \(response.incidentId ?? "")"
        case .skip:
            text = "watchpost: \(instance) not isolated: \(response.reason)"
        }
        let trimmed = text.trimmingWhitespace()
        return trimmed.count <= maximumSubjectLength ? trimmed : String(trimmed.prefix(maximumSubjectLength - 1)) + "…"
    }

    public static func body(for response: ForensicsResponse, functionName: String) -> String {
        var lines: [String] = []
        let place = "account \(response.account ?? "?"), \(response.region ?? "?")"
        switch response.decision {
        case .isolate: lines.append("watchpost quarantined \(response.instanceId ?? "?") in \(place).")
        case .release: lines.append("watchpost released \(response.instanceId ?? "?") in \(place).")
        case .skip: lines.append("watchpost did not isolate \(response.instanceId ?? "?") in \(place).")
        }
        if let incident = response.incidentId { lines.append("Incident: \(incident)") }
        lines.append("Finding: \(describe(response.finding))")
        lines.append("Reason: \(response.reason)")
        if response.dryRun { lines.append("DRY RUN: nothing was changed.") }
        lines.append("")
        lines.append("Steps:")
        let width = QuarantineStep.allCases.map(\.rawValue.count).max() ?? 0
        let statusWidth = "already-done".count
        for report in response.steps {
            lines.append("  \(pad(report.step.rawValue, width))  \(pad(report.status.rawValue, statusWidth))  \(report.detail)")
        }
        if response.decision == .isolate, let incident = response.incidentId {
            lines.append("")
            lines.append("False positive? Invoke \(functionName) with {\"action\": \"release\", \"incidentId\": \"\(incident)\"}")
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ finding: FindingSummary) -> String {
        guard finding.source != .direct else { return "direct request" }
        var text = "\(finding.source.rawValue) \(finding.type ?? "?")"
        if let severity = finding.severity { text += " (severity \(FindingVerdict.format(severity)))" }
        if let id = finding.id { text += ", id \(id)" }
        return text
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
