import SecurityEvents
import WatchpostCore

/// A scheduled run that fanned the sweep out over the queue: how much it queued, and every
/// account it could not (its member role missing or refusing, or the queue refusing its message).
public struct SweepPlanReport: Sendable, Equatable, Encodable {
    public struct Planned: Sendable, Equatable, Encodable {
        public let accounts: Int
        public let messages: Int
    }

    public struct FailedAccount: Sendable, Equatable, Encodable {
        public let account: String
        public let reason: String

        public init(account: String, reason: String) {
            self.account = account
            self.reason = reason
        }
    }

    public let planned: Planned
    public let failedAccounts: [FailedAccount]
    /// Where the accounts came from: "organization", or the fallback and why.
    public let accountsFrom: String
    /// The sweep's id, for the log line and the event (not in the response).
    public let sweep: String
    /// The account watchpost runs in: findings about accounts it cannot reach are filed there.
    public let securityAccount: String

    enum CodingKeys: String, CodingKey { case planned, failedAccounts, accountsFrom }

    public init(sweep: String, securityAccount: String, accountsFrom: String, queuedAccounts: Int, messages: Int,
                failedAccounts: [FailedAccount]) {
        self.sweep = sweep
        self.accountsFrom = accountsFrom
        self.securityAccount = securityAccount
        planned = Planned(accounts: queuedAccounts, messages: messages)
        self.failedAccounts = failedAccounts
    }
}

/// A batch of sweep messages from the queue: each message's account report, and the messages
/// to deliver again (partial batch response). A message that fails for good reaches the
/// dead-letter queue after its retries; nothing is dropped.
public struct SweepBatchReport: Sendable, Equatable, Encodable {
    /// One message's work: the buckets it checked in one account.
    public struct AccountSweep: Sendable, Equatable, Encodable {
        public let account: String
        public let buckets: [BucketReport]
        public let counts: SweepReport.Counts
        /// The page of the account's buckets (1 for an account message).
        public let page: Int
        /// Pages of this account queued as messages of their own.
        public let queuedPages: Int
        /// SQS delivered this message before: its buckets may have been checked already in this sweep.
        public let redelivered: Bool
        /// Why the message could not be completed (it is retried).
        public let error: String?
        /// The sweep it belongs to (not in the response).
        public let sweep: String

        enum CodingKeys: String, CodingKey { case account, buckets, counts, page, queuedPages, redelivered, error }

        public init(sweep: String, account: String, report: SweepReport?, page: Int, queuedPages: Int, redelivered: Bool,
                    error: String?) {
            self.sweep = sweep
            self.account = account
            let report = report ?? SweepReport(buckets: [], account: account, dryRun: false)
            buckets = report.buckets
            counts = report.counts
            self.page = page
            self.queuedPages = queuedPages
            self.redelivered = redelivered
            self.error = error
        }
    }

    public let batchItemFailures: [BatchItemFailure]
    public let sweeps: [AccountSweep]

    public init(batchItemFailures: [BatchItemFailure], sweeps: [AccountSweep]) {
        self.batchItemFailures = batchItemFailures
        self.sweeps = sweeps
    }
}
