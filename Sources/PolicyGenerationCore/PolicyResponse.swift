/// One report for a direct call, one per principal for a schedule.
public enum PolicyResponse: Encodable, Sendable {
    case single(PolicyReport)
    case scheduled([PolicyReport])

    enum Keys: String, CodingKey { case results }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .single(let report): try report.encode(to: encoder)
        case .scheduled(let reports):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(reports, forKey: .results)
        }
    }
}
