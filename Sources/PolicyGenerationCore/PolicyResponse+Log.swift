import WatchpostCore

/// One line per event: per principal, what was read, how many actions, what was applied.
extension PolicyResponse: LogSummary {
    public var logMessage: String {
        switch self {
        case .single: "policy generated"
        case .pending: "athena query still running"
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
            if let query = report.query { fields["queryExecutionId"] = query.id; fields["bytesScanned"] = String(query.bytesScanned) }
            return fields
        case .pending(let pending):
            return ["principal": pending.principal, "source": "athena", "queryExecutionId": pending.query.id]
        case .scheduled(let reports, let pending):
            var fields = [
                "principals": reports.map(\.principal).joined(separator: ","),
                "actions": reports.map { String($0.actions.count) }.joined(separator: ","),
                "recordsRead": String(reports.reduce(0) { $0 + $1.recordsRead }),
                "applied": reports.map { $0.applied.map { $0.steps.map { "\($0.step.name):\($0.statusWord)" }.joined(separator: "+") } ?? "none" }
                    .joined(separator: ","),
                "dryRun": String(reports.first?.dryRun ?? false),
            ]
            if !pending.isEmpty {
                fields["pending"] = pending.map { "\($0.principal):\($0.query.id)" }.joined(separator: ",")
            }
            return fields
        }
    }
}
