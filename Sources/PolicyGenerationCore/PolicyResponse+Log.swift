import WatchpostCore

/// One line per event: per principal, what was read, how many actions, what was applied.
extension PolicyResponse: LogSummary {
    public var logMessage: String {
        switch self {
        case .single: "policy generated"
        case .scheduled: "policies generated"
        }
    }

    public var logFields: [String: String] {
        switch self {
        case .single(let report):
            var fields = [
                "principal": report.principal, "source": report.source,
                "recordsRead": String(report.recordsRead), "recordsMatched": String(report.recordsMatched),
                "actions": String(report.actions.count), "characters": String(report.size.characters),
                "folds": report.folds.keys.sorted().joined(separator: ","), "dryRun": String(report.dryRun),
                "applied": report.applied.map { $0.steps.map { "\($0.step.name):\($0.statusWord)" }.joined(separator: ",") } ?? "none",
            ]
            if let reads = report.sourceReads { fields[reads.unit] = String(reads.count) }
            return fields
        case .scheduled(let reports):
            return [
                "principals": reports.map(\.principal).joined(separator: ","),
                "actions": reports.map { String($0.actions.count) }.joined(separator: ","),
                "recordsRead": String(reports.reduce(0) { $0 + $1.recordsRead }),
                "applied": reports.map { $0.applied.map { $0.steps.map { "\($0.step.name):\($0.statusWord)" }.joined(separator: "+") } ?? "none" }
                    .joined(separator: ","),
                "dryRun": String(reports.first?.dryRun ?? false),
            ]
        }
    }
}
