import WatchpostCore

/// The incident as a Slack message: the same facts as the SNS text, laid out in Block Kit.
/// Everything that came from outside (reasons, details) is escaped.
public enum IncidentAlert {
    public static func slack(for response: ForensicsResponse, functionName: String) -> SlackMessage {
        let instance = response.instanceId ?? "an instance"
        let header: String =
            switch response.decision {
            case .isolate: "Quarantined \(instance)"
            case .release: "Released \(instance)"
            case .skip: "Not isolated: \(instance)"
            }
        var fields = [
            "*Account*\n\(SlackMessage.escape(response.account ?? "?"))",
            "*Region*\n\(SlackMessage.escape(response.region ?? "?"))",
            "*Finding*\n\(SlackMessage.escape(IncidentMessage.describe(response.finding)))",
        ]
        if let incident = response.incidentId { fields.insert("*Incident*\n`\(SlackMessage.escape(incident))`", at: 0) }
        let steps = response.steps.map { report in
            "\(symbol(report.status)) `\(report.step.rawValue)` \(report.status.rawValue): \(SlackMessage.escape(report.detail))"
        }
        var blocks: [SlackMessage.Block] = [
            .header(header),
            .section(SlackMessage.escape(response.reason), fields: fields),
            .divider,
            .section(steps.joined(separator: "\n")),
        ]
        if response.dryRun { blocks.append(.context(["Dry run: nothing was changed."])) }
        if response.decision == .isolate, let incident = response.incidentId {
            blocks.append(.context([SlackMessage.escape(
                "False positive? Invoke \(functionName) with {\"action\": \"release\", \"incidentId\": \"\(incident)\"}")]))
        }
        return SlackMessage(text: IncidentMessage.subject(for: response), blocks: blocks)
    }

    static func symbol(_ status: StepStatus) -> String {
        switch status {
        case .done: ":white_check_mark:"
        case .alreadyDone: ":heavy_check_mark:"
        case .skipped: ":white_circle:"
        case .failed: ":x:"
        }
    }
}
