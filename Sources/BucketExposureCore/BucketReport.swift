import WatchpostCore

/// The summary of one bucket: the response contract of issue 5, field for field.
/// `verdict` and `effectiveVerdict` are null when the bucket's state could not be read
/// (the failed read is then one of the `actions`).
public struct BucketReport: Sendable, Equatable, Encodable {
    public let bucket: String
    public let account: String
    public let region: String?
    public let trigger: String
    public let verdict: Verdict?
    public let effectiveVerdict: Verdict?
    public let publicStatements: [PublicStatement]
    public let publicGrants: [PublicGrant]
    public let crossAccounts: [String]
    public let exempt: Bool
    public let actions: [StepOutcome<BucketStep>]
    public let dryRun: Bool

    public init(bucket: String, account: String, region: String?, trigger: String, exposure: Exposure?,
                exempt: Bool, actions: [StepOutcome<BucketStep>], dryRun: Bool) {
        self.bucket = bucket
        self.account = account
        self.region = region
        self.trigger = trigger
        verdict = exposure?.verdict
        effectiveVerdict = exposure?.effectiveVerdict
        publicStatements = exposure?.publicStatements ?? []
        publicGrants = exposure?.publicGrants ?? []
        crossAccounts = exposure?.crossAccounts ?? []
        self.exempt = exempt
        self.actions = actions
        self.dryRun = dryRun
    }

    enum CodingKeys: String, CodingKey {
        case bucket, account, region, trigger, verdict, effectiveVerdict, publicStatements, publicGrants
        case crossAccounts, exempt, actions, dryRun
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bucket, forKey: .bucket)
        try container.encode(account, forKey: .account)
        try container.encode(region, forKey: .region)
        try container.encode(trigger, forKey: .trigger)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(effectiveVerdict, forKey: .effectiveVerdict)
        try container.encode(publicStatements, forKey: .publicStatements)
        try container.encode(publicGrants, forKey: .publicGrants)
        try container.encode(crossAccounts, forKey: .crossAccounts)
        try container.encode(exempt, forKey: .exempt)
        try container.encode(actions, forKey: .actions)
        try container.encode(dryRun, forKey: .dryRun)
    }
}

/// A sweep's summary: every bucket's report and how many of each.
public struct SweepReport: Sendable, Equatable, Encodable {
    public let buckets: [BucketReport]
    public let counts: Counts
    /// The account swept and whether it was a dry run: for the log line, not the response.
    public let account: String
    public let dryRun: Bool

    enum CodingKeys: String, CodingKey { case buckets, counts }

    public struct Counts: Sendable, Equatable, Codable {
        public let total: Int
        public let `public`: Int
        public let crossAccount: Int
        public let notPublic: Int
        public let effectivelyPublic: Int
        public let exempt: Int
        /// Buckets whose state could not be read.
        public let unreadable: Int

        enum CodingKeys: String, CodingKey {
            case total, `public`, crossAccount = "cross-account", notPublic = "not-public"
            case effectivelyPublic, exempt, unreadable
        }
    }

    public init(buckets: [BucketReport], account: String, dryRun: Bool) {
        self.buckets = buckets
        self.account = account
        self.dryRun = dryRun
        counts = Counts(
            total: buckets.count,
            public: buckets.count(where: { $0.verdict == .public }),
            crossAccount: buckets.count(where: { $0.verdict == .crossAccount }),
            notPublic: buckets.count(where: { $0.verdict == .notPublic }),
            effectivelyPublic: buckets.count(where: { $0.effectiveVerdict == .public }),
            exempt: buckets.count(where: \.exempt),
            unreadable: buckets.count(where: { $0.verdict == nil }))
    }
}

/// What an invocation returns: one bucket, a sweep of one account, a fanned-out sweep's plan, or
/// a batch of its messages.
public enum CheckerResponse: Sendable, Equatable, Encodable {
    case bucket(BucketReport)
    case sweep(SweepReport)
    case planned(SweepPlanReport)
    case sweepBatch(SweepBatchReport)

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .bucket(let report): try report.encode(to: encoder)
        case .sweep(let report): try report.encode(to: encoder)
        case .planned(let plan): try plan.encode(to: encoder)
        case .sweepBatch(let batch): try batch.encode(to: encoder)
        }
    }
}
