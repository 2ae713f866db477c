import Primitives

/// How a scheduled sweep of the organization is cut into queue messages, and which accounts
/// it covers. Pure: the handler lists the accounts and buckets and sends what this decides.
public enum SweepPlanner {
    /// Buckets one message covers. Each bucket takes about six reads; at the default sweep
    /// concurrency a page fits comfortably in one invocation's 15 minutes.
    public static let bucketsPerPage = 500

    /// An account of the organization as Organizations lists it.
    public struct OrganizationAccount: Sendable, Equatable {
        public let id: String
        /// ACTIVE, SUSPENDED or PENDING_CLOSURE: only active accounts are swept.
        public let status: String

        public init(id: String, status: String) {
            self.id = id
            self.status = status
        }
    }

    /// The accounts to sweep, sorted and without repeats: the organization's active accounts
    /// when it could be read, else the explicit list (`SWEEP_ACCOUNTS`).
    public static func accounts(organization: [OrganizationAccount]?, fallback: [String]) -> [String] {
        let ids = organization.map { $0.filter { $0.status == "ACTIVE" }.map(\.id) } ?? fallback
        return Array(Set(ids)).sorted()
    }

    /// `SWEEP_ACCOUNTS`: 12-digit ids separated by commas or whitespace; anything else is refused.
    public static func accountList(_ setting: String) -> Result<[String], SweepMessageError> {
        let ids = setting.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        if let bad = ids.first(where: { !isAccountID($0) }) {
            return .failure(SweepMessageError(reason: "SWEEP_ACCOUNTS: \(bad.prefix(20)) is not a 12-digit account id"))
        }
        return .success(ids)
    }

    /// One message per account.
    public static func messages(sweep: String, accounts: [String]) -> [SweepMessage] {
        accounts.map { SweepMessage(sweep: sweep, account: $0) }
    }

    /// An account message's buckets, sorted: the first page is checked where the account was
    /// listed, every further page is queued as a message of its own.
    public static func pages(of message: SweepMessage, buckets: [String]) -> (first: [String], queued: [SweepMessage]) {
        let sorted = buckets.sorted()
        let first = Array(sorted.prefix(bucketsPerPage))
        let queued = stride(from: bucketsPerPage, to: sorted.count, by: bucketsPerPage).enumerated().map { index, start in
            SweepMessage(sweep: message.sweep, account: message.account,
                         buckets: Array(sorted[start..<min(start + bucketsPerPage, sorted.count)]), page: index + 2)
        }
        return (first, queued)
    }
}
