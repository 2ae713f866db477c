import WatchpostCore
import Primitives

/// What a check means for Security Hub, EventBridge and the metrics. A bucket's finding has one
/// id for its exposure, whatever the kind: it is updated as the bucket changes and archived
/// once the bucket is no longer exposed. A bucket that could not be read gets no finding (an
/// unknown state neither opens nor closes one).
extension BucketReport {
    static let remediations: Set<BucketStep> = [.blockPublicAccess, .removePublicStatements, .makeACLPrivate]

    public var finding: Finding? {
        guard let verdict, let effectiveVerdict else { return nil }
        let region = self.region ?? "us-east-1"
        let arn = "arn:\(AWSPartition.of(region: region)):s3:::\(bucket)"
        let faults = publicStatements.map { "policy \($0.sid.map { "statement \"\($0)\"" } ?? "statement \($0.index)"): \($0.reason)" }
            + publicGrants.map { "ACL grant \($0.permission) to \($0.grantee)" }
        let (severity, title, description): (Finding.Severity, String, String)
        switch effectiveVerdict {
        case .public:
            severity = .critical
            title = "S3 bucket \(bucket) is public"
            description = "Anyone on the internet can reach this bucket. What makes it public: \(faults.joined(separator: "; "))."
        case .crossAccount:
            severity = .medium
            title = "S3 bucket \(bucket) is shared with other accounts"
            description = "The bucket admits principals outside its account: \(crossAccounts.joined(separator: ", "))."
        case .notPublic:
            severity = .informational
            title = "S3 bucket \(bucket) is not public"
            description = verdict == .public
                ? "The bucket's policy or ACL is public as written, but Block Public Access stops it: \(faults.joined(separator: "; "))."
                : "Neither the bucket's policy nor its ACL admits anyone outside its account."
        }
        var finding = Finding(
            kind: "bucket-exposure", account: account, resource: .init(type: .s3Bucket, arn: arn, region: self.region),
            types: ["Software and Configuration Checks/AWS Security Best Practices", "Effects/Data Exposure"],
            severity: exempt ? .informational : severity, title: title, description: description,
            recommendation: "Remove the statements and grants named in the finding, or turn on S3 Block Public Access for the "
                + "bucket. If the exposure is intended, tag the bucket \(exemptionTag) with the reason.")
        finding.isActive = effectiveVerdict != .notPublic
        finding.isConfigurationCheck = true
        finding.isSuppressed = exempt
        finding.details = ["watchpost/verdict": verdict.rawValue, "watchpost/effectiveVerdict": effectiveVerdict.rawValue,
                           "watchpost/trigger": trigger]
        if !faults.isEmpty { finding.details["watchpost/publicBecause"] = faults.joined(separator: "; ") }
        if !crossAccounts.isEmpty { finding.details["watchpost/crossAccounts"] = crossAccounts.joined(separator: ", ") }
        for action in actions { finding.details["watchpost/action/\(action.step.name)"] = "\(action.statusWord): \(action.detail)" }
        return finding
    }

    public var events: [OutboundEvent] {
        var events: [OutboundEvent] = []
        if let effectiveVerdict, effectiveVerdict != .notPublic, !exempt {
            events.append(OutboundEvent(detailType: "Bucket Exposure Found", detail: self))
        }
        if actions.contains(where: { Self.remediations.contains($0.step) && $0.status == .done }) {
            events.append(OutboundEvent(detailType: "Bucket Exposure Remediated", detail: self))
        }
        return events
    }

    /// The exposure that counts (after Block Public Access), "exempt" or "unreadable".
    public var decision: String { exempt ? "exempt" : effectiveVerdict?.rawValue ?? "unreadable" }
}

extension CheckerResponse: Reportable {
    var reports: [BucketReport] {
        switch self {
        case .bucket(let report): [report]
        case .sweep(let sweep): sweep.buckets
        case .planned: []
        case .sweepBatch(let batch): batch.sweeps.flatMap(\.buckets)
        }
    }

    public var findings: [Finding] {
        guard case .planned(let plan) = self else { return reports.compactMap(\.finding) }
        return plan.failedAccounts.map { plan.finding(for: $0) }
    }

    public var events: [OutboundEvent] {
        switch self {
        case .planned(let plan):
            [OutboundEvent(detailType: "Bucket Sweep Planned", detail: plan)] + done.map { OutboundEvent(detailType: "Bucket Sweep Done", detail: $0) }
        case .sweepBatch(let batch):
            reports.flatMap(\.events) + batch.sweeps.map { OutboundEvent(detailType: "Bucket Sweep Account Page Done", detail: $0) }
                + done.map { OutboundEvent(detailType: "Bucket Sweep Done", detail: $0) }
        case .bucket, .sweep: reports.flatMap(\.events)
        }
    }

    /// Besides each bucket's: `account-unreachable` per account a sweep could not plan,
    /// `account-page-swept` per page of an account checked, `account-page-failed` per page retried,
    /// `sweep-done` per sweep completed.
    public var decisions: [String] {
        switch self {
        case .planned(let plan): Array(repeating: "account-unreachable", count: plan.failedAccounts.count) + done.map { _ in "sweep-done" }
        case .sweepBatch(let batch):
            reports.map(\.decision) + batch.sweeps.map { $0.error == nil ? "account-page-swept" : "account-page-failed" }
                + done.map { _ in "sweep-done" }
        case .bucket, .sweep: reports.map(\.decision)
        }
    }

    /// A completed sweep's totals: `Sweep.AccountsSwept`, `Sweep.AccountsUnreachable`,
    /// `Sweep.Buckets`, `Sweep.Public` (public after Block Public Access).
    public var measures: [Measure] {
        done.flatMap { summary in
            [Measure("Sweep.AccountsSwept", Double(summary.accountsSwept)),
             Measure("Sweep.AccountsUnreachable", Double(summary.accountsUnreachable)),
             Measure("Sweep.Buckets", Double(summary.buckets)), Measure("Sweep.Public", Double(summary.effectivelyPublic))]
        }
    }

    /// The sweeps this response completed.
    var done: [SweepTally.Summary] {
        switch self {
        case .planned(let plan): plan.done.map { [$0] } ?? []
        case .sweepBatch(let batch): batch.sweepsDone
        case .bucket, .sweep: []
        }
    }

    public var stepStatuses: [StepStatus] { reports.flatMap { $0.actions.map(\.status) } }
}

extension SweepPlanReport {
    /// An account the sweep cannot reach: filed in the security account (the member account's
    /// own Security Hub is as unreachable as its buckets), active until a sweep reaches it.
    func finding(for failed: FailedAccount) -> Finding {
        var finding = Finding(
            kind: "sweep-unreachable", account: securityAccount,
            resource: .init(type: .account, arn: "AWS::::Account:\(failed.account)", region: nil),
            types: ["Software and Configuration Checks/AWS Security Best Practices"], severity: .high,
            title: "watchpost cannot check the buckets of account \(failed.account)",
            description: "The organization sweep could not act in the account: \(failed.reason).",
            recommendation: "Deploy watchpost's member stack in the account, or fix its member role's trust in the security account.")
        finding.isConfigurationCheck = true
        finding.details = ["watchpost/sweep": sweep, "watchpost/reason": failed.reason]
        return finding
    }
}
