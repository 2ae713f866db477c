import WatchpostCore

/// One line per event: what was decided and done (no policy text, nothing secret).
extension CheckerResponse: LogSummary {
    public var logMessage: String {
        switch self {
        case .bucket: "bucket checked"
        case .sweep: "buckets swept"
        case .planned: "organization sweep planned"
        case .sweepBatch: "sweep messages handled"
        }
    }

    public var logFields: [String: String] {
        switch self {
        case .bucket(let report):
            [
                "bucket": report.bucket, "account": report.account, "trigger": report.trigger,
                "verdict": report.verdict?.rawValue ?? "unknown",
                "effectiveVerdict": report.effectiveVerdict?.rawValue ?? "unknown",
                "exempt": String(report.exempt), "dryRun": String(report.dryRun),
                "actions": report.actions.map { "\($0.step.name):\($0.statusWord)" }.joined(separator: ","),
            ]
        case .sweep(let sweep):
            [
                "account": sweep.account, "trigger": "schedule", "total": String(sweep.counts.total),
                "public": String(sweep.counts.public), "effectivelyPublic": String(sweep.counts.effectivelyPublic),
                "crossAccount": String(sweep.counts.crossAccount), "exempt": String(sweep.counts.exempt),
                "unreadable": String(sweep.counts.unreadable), "dryRun": String(sweep.dryRun),
            ]
        case .planned(let plan):
            [
                "sweep": plan.sweep, "accounts": String(plan.planned.accounts), "messages": String(plan.planned.messages),
                "failedAccounts": plan.failedAccounts.map(\.account).joined(separator: ","),
            ]
        case .sweepBatch(let batch):
            [
                "sweeps": batch.sweeps.map { "\($0.account)#\($0.page):\($0.counts.total)" }.joined(separator: ","),
                "public": String(batch.sweeps.reduce(0) { $0 + $1.counts.public }),
                "retried": batch.batchItemFailures.map(\.itemIdentifier).joined(separator: ","),
            ]
        }
    }
}
