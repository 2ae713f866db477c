import BucketExposureCore
import FoundationEssentials

/// The bucket a plan is carried out on, and the store that reaches it.
struct Target: Sendable {
    let bucket: String
    let region: String
    let account: String
    let store: any BucketStore
}

extension BucketChecker {
    /// Carries out the plan's steps in order and reports each one. A policy is never changed
    /// once keeping its original failed; the alert goes last and says what was done before it.
    func carryOut(_ plan: RemediationPlan, on target: Target, exposure: Exposure, change: ChangeContext?,
                  before earlier: [ActionResult]) async -> [ActionResult] {
        var actions: [ActionResult] = []
        var preserved = true
        for step in plan.steps {
            switch step {
            case .report(let result):
                actions.append(result)

            case .perform(.sendAlert, _):
                actions.append(await alerts.send(BucketAlert(
                    bucket: target.bucket, account: target.account, region: target.region, exposure: exposure,
                    change: change, actions: earlier + actions, dryRun: configuration.dryRun,
                    originalPolicy: plan.originalPolicyForAlert)))

            case .perform(.preservePolicy(let evidenceBucket, let original), let detail):
                let key = evidenceKey(account: target.account, bucket: target.bucket)
                do {
                    try await target.store.putEvidence(bucket: evidenceBucket, key: key, body: original)
                    actions.append(ActionResult(action: "preserve-policy", status: .done,
                                                detail: "kept the original policy at s3://\(evidenceBucket)/\(key)"))
                } catch {
                    preserved = false
                    actions.append(ActionResult(action: "preserve-policy", status: .failed, detail: "\(detail): \(error)"))
                }

            case .perform(let operation, let detail):
                if !preserved && operation.changesPolicy {
                    actions.append(ActionResult(action: operation.action, status: .skipped,
                                                detail: "policy left unchanged: the original could not be preserved"))
                } else {
                    actions.append(await perform(operation, detail, on: target))
                }
            }
        }
        return actions
    }

    private func perform(_ operation: Operation, _ detail: String, on target: Target) async -> ActionResult {
        let (bucket, region, store) = (target.bucket, target.region, target.store)
        do {
            switch operation {
            case .putPolicy(let text): try await store.putPolicy(text, bucket: bucket, region: region)
            case .deletePolicy: try await store.deletePolicy(bucket: bucket, region: region)
            case .makeACLPrivate: try await store.makeACLPrivate(bucket: bucket, region: region)
            case .blockPublicAccess: try await store.putBlock(.all, bucket: bucket, region: region)
            case .preservePolicy, .sendAlert: break  // carried out by carryOut itself
            }
            return ActionResult(action: operation.action, status: .done, detail: detail)
        } catch {
            return ActionResult(action: operation.action, status: .failed, detail: "\(detail): \(error)")
        }
    }

    /// `s3-policy-checker/<account>/<bucket>/<time>.json`: one object per change, never overwritten.
    /// The time has no colons (S3 lists ":" among the characters that need special handling).
    private func evidenceKey(account: String, bucket: String) -> String {
        let stamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(now()).filter { $0 != ":" }
        return "s3-policy-checker/\(account)/\(bucket)/\(stamp).json"
    }
}

extension Operation {
    /// Rewrites or deletes the bucket policy: only after its original is kept.
    var changesPolicy: Bool {
        switch self {
        case .putPolicy, .deletePolicy: true
        default: false
        }
    }
}
