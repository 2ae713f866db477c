import FoundationEssentials

/// One unit of an organization-wide sweep as it travels on the sweep queue (its JSON is the
/// message body). An account message lists the account's buckets, checks the first page and
/// queues the rest as page messages, so no invocation holds more than a page of work.
public struct SweepMessage: Codable, Sendable, Equatable {
    /// The sweep it belongs to (the scheduled event's id): reports and metrics group by it.
    public let sweep: String
    public let account: String
    /// Exactly these buckets (a page past the first); nil for an account message.
    public let buckets: [String]?
    /// The page's number, from 2; nil for an account message (which checks page 1).
    public let page: Int?

    public init(sweep: String, account: String, buckets: [String]? = nil, page: Int? = nil) {
        self.sweep = sweep
        self.account = account
        self.buckets = buckets
        self.page = page
    }

    /// The message a body holds, or why it is not one (a body nobody here wrote).
    public static func parse(_ body: String) -> Result<SweepMessage, SweepMessageError> {
        guard let message = try? JSONDecoder().decode(SweepMessage.self, from: Data(body.utf8)) else {
            return .failure(SweepMessageError(reason: "the body is not a sweep message (\(body.prefix(80)))"))
        }
        guard isAccountID(message.account), !message.sweep.isEmpty else {
            return .failure(SweepMessageError(reason: "the message names no 12-digit account or no sweep"))
        }
        return .success(message)
    }

    public var body: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

public struct SweepMessageError: Error, Sendable, Equatable {
    public let reason: String
}
