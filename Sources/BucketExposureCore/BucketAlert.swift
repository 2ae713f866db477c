import WatchpostCore
import FoundationEssentials

/// What the alert says about a bucket: where, the verdicts, the statements and grants and why,
/// who made the change, what was done. Delivered as Slack blocks and as SNS JSON.
public struct BucketAlert: Sendable, Equatable {
    public let bucket: String
    public let account: String
    public let region: String?
    public let exposure: Exposure
    public let change: ChangeContext?
    public let actions: [StepOutcome<BucketStep>]
    public let dryRun: Bool
    /// The policy before it was changed, when no evidence bucket keeps it.
    public let originalPolicy: String?

    public init(bucket: String, account: String, region: String?, exposure: Exposure, change: ChangeContext?,
                actions: [StepOutcome<BucketStep>], dryRun: Bool, originalPolicy: String?) {
        self.bucket = bucket
        self.account = account
        self.region = region
        self.exposure = exposure
        self.change = change
        self.actions = actions
        self.dryRun = dryRun
        self.originalPolicy = originalPolicy
    }

    /// One line of ASCII under 100 characters: what SNS accepts as a subject.
    public var subject: String {
        let state = exposure.effectiveVerdict == .public ? "is public" : "is public as written (blocked for now)"
        let text = "\(dryRun ? "[dry run] " : "")watchpost: S3 bucket \(bucket) \(state) in \(account)"
        return text.count < 100 ? text : String(text.prefix(96)) + "..."
    }

    /// The verdicts in words, e.g. "public (as effective: not-public)".
    public var verdictLine: String {
        exposure.verdict == exposure.effectiveVerdict
            ? exposure.verdict.rawValue
            : "\(exposure.verdict.rawValue) as written, \(exposure.effectiveVerdict.rawValue) as effective"
    }

    /// Each public statement or grant and why, one line each.
    public var causes: [String] {
        exposure.publicStatements.map { statement in
            let name = statement.sid.map { #"statement \#(statement.index) (Sid "\#($0)")"# } ?? "statement \(statement.index)"
            return "\(name): \(statement.reason)"
        } + exposure.publicGrants.map { grant in
            let who = grant.grantee == "AllUsers" ? "anyone, signed in or not" : "anyone with an AWS account"
            return "ACL grant \(grant.permission) to \(grant.grantee) (\(who))"
        }
    }

    /// Who else, outside the owner's account, is let in and by what: visible, not an alarm.
    public var crossAccountLines: [String] {
        exposure.crossAccountAccess.map { "\($0.source): \($0.reason)" }
    }

    /// The SNS message: JSON for machines (mail subscribers read it too).
    public var snsMessage: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(SNSBody(self)) else { return subject }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The SNS JSON: every field present, null when unknown.
private struct SNSBody: Encodable {
    let alert: BucketAlert

    init(_ alert: BucketAlert) { self.alert = alert }

    enum CodingKeys: String, CodingKey {
        case source, function, bucket, account, region, verdict, effectiveVerdict, publicStatements
        case publicGrants, crossAccounts, crossAccountAccess, effectNotes, change, actions, dryRun, originalPolicy
    }

    enum ChangeKeys: String, CodingKey {
        case eventName, eventTime, userIdentityArn, sourceIPAddress, userAgent, errorCode
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("watchpost", forKey: .source)
        try container.encode("s3-policy-checker", forKey: .function)
        try container.encode(alert.bucket, forKey: .bucket)
        try container.encode(alert.account, forKey: .account)
        try container.encode(alert.region, forKey: .region)
        try container.encode(alert.exposure.verdict, forKey: .verdict)
        try container.encode(alert.exposure.effectiveVerdict, forKey: .effectiveVerdict)
        try container.encode(alert.exposure.publicStatements, forKey: .publicStatements)
        try container.encode(alert.exposure.publicGrants, forKey: .publicGrants)
        try container.encode(alert.exposure.crossAccounts, forKey: .crossAccounts)
        try container.encode(alert.crossAccountLines, forKey: .crossAccountAccess)
        try container.encode(alert.exposure.effectNotes, forKey: .effectNotes)
        if let change = alert.change {
            var nested = container.nestedContainer(keyedBy: ChangeKeys.self, forKey: .change)
            try nested.encode(change.eventName, forKey: .eventName)
            try nested.encode(change.eventTime, forKey: .eventTime)
            try nested.encode(change.actor, forKey: .userIdentityArn)
            try nested.encode(change.sourceIPAddress, forKey: .sourceIPAddress)
            try nested.encode(change.userAgent, forKey: .userAgent)
            try nested.encode(change.errorCode, forKey: .errorCode)
        } else {
            try container.encodeNil(forKey: .change)
        }
        try container.encode(alert.actions, forKey: .actions)
        try container.encode(alert.dryRun, forKey: .dryRun)
        try container.encode(alert.originalPolicy, forKey: .originalPolicy)
    }
}
