import WatchpostCore

extension BucketAlert {
    /// The Slack (Block Kit) form of the alert. Everything that came from outside (names, policy
    /// text, user agents) is escaped, so it cannot turn into links or mentions.
    public var slackMessage: SlackMessage {
        let e = SlackMessage.escape
        var blocks: [SlackMessage.Block] = [
            .header((dryRun ? "[dry run] " : "") + "S3 bucket \(bucket) "
                + (exposure.effectiveVerdict == .public ? "is public" : "is public as written")),
            .section("*\(e(bucket))* is *\(e(verdictLine))*.", fields: [
                "*Account*\n\(account)", "*Region*\n\(e(region ?? "unknown"))",
                "*As written*\n\(exposure.verdict.rawValue)", "*As effective*\n\(exposure.effectiveVerdict.rawValue)",
            ]),
            .section("*Why*\n" + causes.map { "• \(e($0))" }.joined(separator: "\n")),
        ]
        if !exposure.effectNotes.isEmpty {
            blocks.append(.context(exposure.effectNotes.map(e)))
        }
        if !crossAccountLines.isEmpty {
            blocks.append(.section("*Also outside the account (not public)*\n"
                + crossAccountLines.map { "• \(e($0))" }.joined(separator: "\n")))
        }
        if let change {
            blocks.append(.section("*Change*: \(e(change.eventName))" + (change.errorCode.map { " (failed: \(e($0)))" } ?? ""),
                                   fields: [
                "*By*\n\(e(change.actor ?? "unknown"))", "*From*\n\(e(change.sourceIPAddress ?? "unknown"))",
                "*At*\n\(e(change.eventTime))", "*With*\n\(e(String((change.userAgent ?? "unknown").prefix(200))))",
            ]))
        }
        blocks.append(.divider)
        blocks.append(.section("*What was done*\n" + (actions.isEmpty
            ? "nothing: REMEDIATION is alert"
            : actions.map { "• \($0.step.name): *\($0.statusWord)*, \(e($0.detail))" }.joined(separator: "\n"))))
        if let originalPolicy {
            // A section holds 3000 characters; the SNS message always has the whole policy.
            let limit = 2600
            let shown = originalPolicy.count > limit ? String(originalPolicy.prefix(limit)) + "…" : originalPolicy
            blocks.append(.section("*Original policy* (to restore it; full text in the SNS message)\n```\(e(shown))```"))
        }
        blocks.append(.context(["watchpost s3-policy-checker"]))
        return SlackMessage(text: subject, blocks: blocks)
    }
}
