import WatchpostCore

/// The SNS/Slack summary of a run: who, how much activity, the policy's size, what changes.
public struct PolicySummary {
    public let subject: String
    public let text: String
    public let slack: SlackMessage

    public init(report: PolicyReport, applied: AppliedReport) {
        let name = report.principal.split(separator: "/").last.map(String.init) ?? report.principal
        subject = String("watchpost: least-privilege policy for \(name)".prefix(100))
        var lines = [
            "Principal: \(report.principal)",
            "Window: \(report.window.start) to \(report.window.end) (\(report.source))",
            "Records read: \(report.recordsRead), the principal's: \(report.recordsMatched)",
            "Actions used: \(report.actions.count)" + (report.inferred.isEmpty ? "" : " (inferred: \(report.inferred.joined(separator: ", ")))"),
            "Policy: \(report.size.characters) of \(report.size.limit) characters" + (report.size.folded ? ", folded into wildcards" : ""),
        ]
        if !applied.added.isEmpty { lines.append("Added: " + applied.added.joined(separator: ", ")) }
        if !applied.removed.isEmpty { lines.append("Removed: " + applied.removed.joined(separator: ", ")) }
        if !report.unused.isEmpty {
            lines.append("Granted and unused: " + report.unused.map { "\($0.action) (\($0.policy))" }.joined(separator: ", "))
        }
        if !report.denied.isEmpty {
            lines.append("Denied attempts: " + report.denied.map { "\($0.action) ×\($0.count)" }.joined(separator: ", "))
        }
        if !report.unmapped.isEmpty {
            lines.append("Unmapped calls: " + report.unmapped.map { "\($0.eventSource) \($0.eventName)" }.joined(separator: ", "))
        }
        for step in applied.steps { lines.append("\(step.step.name): \(step.statusWord) (\(step.detail))") }
        text = lines.joined(separator: "\n")
        let diff = (applied.added.map { "+ `\($0)`" } + applied.removed.map { "- `\($0)`" }).prefix(40)
        slack = SlackMessage(text: subject, blocks: [
            .header("Least-privilege policy: \(name)"),
            .section("*\(SlackMessage.escape(report.principal))*", fields: [
                "*Window*\n\(report.window.start) – \(report.window.end)", "*Records*\n\(report.recordsMatched) of \(report.recordsRead)",
                "*Actions*\n\(report.actions.count)", "*Size*\n\(report.size.characters)/\(report.size.limit)",
            ]),
            .section(diff.isEmpty ? "No change in actions." : diff.joined(separator: "\n")),
            .context(["Unused grants: \(report.unused.count) · denied: \(report.denied.count) · unmapped: \(report.unmapped.count)"]),
        ])
    }
}
