import BucketExposureCore
import WatchpostCore
import FoundationEssentials

/// The bucket a plan is carried out on, and the store that reaches it.
struct BucketTarget: Sendable {
    let bucket: String
    let region: String
    let account: String
    let store: any BucketStore
}

extension BucketChecker {
    /// Carries out the plan's steps in order through the executor and reports each one. A policy
    /// is never changed once keeping its original failed (the plan's prerequisite); the alert goes
    /// last and lists what was reported before it, from `earlier` on.
    func execute(_ plan: RemediationPlan, on target: BucketTarget, exposure: Exposure, change: ChangeContext?,
                 after earlier: [StepOutcome<BucketStep>]) async -> [StepOutcome<BucketStep>] {
        await PlanExecutor.run(plan, perform: { _, remediation, outcomes in
            guard case .sendAlert(_, let originalPolicy) = remediation else {
                return .done(try await perform(remediation, on: target))
            }
            let alert = await alerts.send(BucketAlert(
                bucket: target.bucket, account: target.account, region: target.region, exposure: exposure,
                change: change, actions: earlier + outcomes, dryRun: configuration.dryRun, originalPolicy: originalPolicy))
            return PerformedStep(alert.status, alert.detail)
        }, describeFailure: { remediation, error in "\(remediation.summary): \(error)" })
    }

    /// Makes the change and says what was done.
    private func perform(_ remediation: BucketRemediation, on target: BucketTarget) async throws -> String {
        let (bucket, region, store) = (target.bucket, target.region, target.store)
        switch remediation {
        case .preservePolicy(let evidenceBucket, let original):
            let key = evidenceKey(account: target.account, bucket: bucket)
            try await store.putEvidence(bucket: evidenceBucket, key: key, body: original)
            return "kept the original policy at s3://\(evidenceBucket)/\(key)"
        case .keepPolicyInAlert(let original):
            // Nothing to call: the alert that follows carries it, and so does this outcome.
            return "kept the original policy in the alert and here (no EVIDENCE_BUCKET): \(original)"
        case .putPolicy(let text, _): try await store.putPolicy(text, bucket: bucket, region: region)
        case .deletePolicy: try await store.deletePolicy(bucket: bucket, region: region)
        case .makeACLPrivate: try await store.makeACLPrivate(bucket: bucket, region: region)
        case .blockPublicAccess: try await store.putBlock(.all, bucket: bucket, region: region)
        case .sendAlert: preconditionFailure("the alert is sent by execute, which holds the other steps' outcomes")
        }
        return remediation.summary
    }

    /// `s3-policy-checker/<account>/<bucket>/<time>.json`: one object per change, never overwritten.
    /// The time has no colons (S3 lists ":" among the characters that need special handling).
    private func evidenceKey(account: String, bucket: String) -> String {
        let stamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(now()).filter { $0 != ":" }
        return "s3-policy-checker/\(account)/\(bucket)/\(stamp).json"
    }
}
