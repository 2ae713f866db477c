/// One report for a direct call, one per principal for a schedule; an Athena query still
/// running at the deadline is a pending query instead (`pending` beside a schedule's results).
public enum PolicyResponse: Encodable, Sendable {
    case single(PolicyReport)
    case pending(PendingQuery)
    case scheduled([PolicyReport], pending: [PendingQuery])

    enum Keys: String, CodingKey { case results, pending }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .single(let report): try report.encode(to: encoder)
        case .pending(let query): try query.encode(to: encoder)
        case .scheduled(let reports, let pending):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(reports, forKey: .results)
            if !pending.isEmpty { try container.encode(pending, forKey: .pending) }
        }
    }
}
