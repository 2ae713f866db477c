import WatchpostCore

/// One line per event: what was decided and done (no policy text, nothing secret).
extension CheckerResponse: LogSummary {
    public var logMessage: String {
        switch self {
        case .bucket: "bucket checked"
        case .sweep: "buckets swept"
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
        }
    }
}
