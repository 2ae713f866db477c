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
    /// Where the sweep's records go (`SweepTally`); nil: no summary will come.
    public let tally: String?
    /// The sweep's totals, when there was nothing left to wait for (every queued account done).
    public let done: SweepTally.Summary?

    enum CodingKeys: String, CodingKey { case planned, failedAccounts, accountsFrom, tally, done }

    public init(sweep: String, securityAccount: String, accountsFrom: String, queuedAccounts: Int, messages: Int,
                failedAccounts: [FailedAccount], tally: String?, done: SweepTally.Summary? = nil) {
        self.sweep = sweep
        self.accountsFrom = accountsFrom
        self.securityAccount = securityAccount
        planned = Planned(accounts: queuedAccounts, messages: messages)
        self.failedAccounts = failedAccounts
        self.tally = tally
        self.done = done
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
    /// The sweeps this batch completed, with their totals (`SweepTally`): at most once each.
    public let sweepsDone: [SweepTally.Summary]

    enum CodingKeys: String, CodingKey { case batchItemFailures, sweeps, sweepsDone }

    public init(batchItemFailures: [BatchItemFailure], sweeps: [AccountSweep], sweepsDone: [SweepTally.Summary] = []) {
        self.batchItemFailures = batchItemFailures
        self.sweeps = sweeps
        self.sweepsDone = sweepsDone
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(batchItemFailures, forKey: .batchItemFailures)
        try container.encode(sweeps, forKey: .sweeps)
        if !sweepsDone.isEmpty { try container.encode(sweepsDone, forKey: .sweepsDone) }
    }
}
