import AWSModels
import WatchpostCore

/// Everything the plan is decided from.
public struct RemediationInput: Sendable {
    public var exposure: Exposure
    public var mode: RemediationMode
    /// Why the exposure is accepted (tag or allow list), nil when it is not.
    public var exemption: String?
    public var dryRun: Bool
    /// The policy as read back now, and its text exactly as S3 returned it (for evidence).
    public var policy: BucketPolicy?
    public var policyText: String?
    public var evidenceBucket: String?
    /// An alert channel (SNS topic or Slack) is configured: without an evidence bucket, the
    /// alert is where the original policy is kept.
    public var alertConfigured: Bool
    /// The change to this bucket that triggered the check; nil for a sweep.
    public var changeEvent: ChangeContext?

    public init(exposure: Exposure, mode: RemediationMode, exemption: String?, dryRun: Bool,
                policy: BucketPolicy?, policyText: String?, evidenceBucket: String?, alertConfigured: Bool,
                changeEvent: ChangeContext?) {
        self.exposure = exposure
        self.mode = mode
        self.exemption = exemption
        self.dryRun = dryRun
        self.policy = policy
        self.policyText = policyText
        self.evidenceBucket = evidenceBucket
        self.alertConfigured = alertConfigured
        self.changeEvent = changeEvent
    }
}

/// What a bucket check does about an exposure, in the response's order.
public typealias RemediationPlan = Plan<BucketStep, BucketRemediation>

/// Decides what to do about a bucket's exposure, in order. A dry run keeps every step but
/// performs none that changes anything.
public enum RemediationPlanner {
    public static func plan(_ input: RemediationInput) -> RemediationPlan {
        let exposure = input.exposure
        let writtenPublic = exposure.verdict == .public
        let effectivelyPublic = exposure.effectiveVerdict == .public
        let remediation = BucketStep(remediating: input.mode)
        var steps: [RemediationPlan.Step] = []
        var originalForAlert: String?

        func add(_ step: BucketStep, _ action: RemediationPlan.Action) {
            steps.append(RemediationPlan.Step(step, action))
        }
        func finish() -> RemediationPlan {
            let plan = RemediationPlan(steps, prerequisites: [.removePublicStatements: [.preservePolicy]])
            return input.dryRun ? plan.dryRun() : plan
        }

        if let exemption = input.exemption {
            if writtenPublic {
                if let remediation { add(remediation, .skip("accepted exposure, never changed: \(exemption)")) }
                add(.alert, .skip("accepted exposure: \(exemption)"))
            }
            return finish()
        }

        guard writtenPublic else {
            // Its request was public, the bucket is not now: the call was refused (S3 answers
            // AccessDenied when Block Public Access refuses a public policy), or the event is a
            // re-delivered or overtaken one.
            if let change = input.changeEvent, change.requestWasPublic == true {
                if let code = change.errorCode {
                    let detail = "the \(change.eventName) call failed (\(code)) and the bucket is not public"
                    if let remediation { add(remediation, .skip(detail)) }
                    add(.alert, .skip(detail))
                } else {
                    let detail = "the bucket is not public now: the change in this event was already undone or replaced"
                    if let remediation { add(remediation, .alreadyDone(detail)) }
                    add(.alert, .skip(detail))
                }
            }
            return finish()
        }

        let blockedBecause = exposure.effectNotes.joined(separator: "; ")
        switch input.mode {
        case .alert:
            break
        case .blockPublicAccess:
            add(.blockPublicAccess, effectivelyPublic
                ? .perform(.blockPublicAccess) : .alreadyDone("public access is already blocked: \(blockedBecause)"))
        case .removePublicStatements:
            if !effectivelyPublic {
                // Rewriting now would also end RestrictPublicBuckets' hold on the policy's
                // cross-account statements: leave a policy that is already held in check alone.
                add(.removePublicStatements, .alreadyDone("public access is already blocked: \(blockedBecause)"))
                break
            }
            if exposure.policyEffectivelyPublic, let policy = input.policy {
                let indices = Set(exposure.publicStatements.map(\.index))
                let names = exposure.publicStatements.map { $0.sid.map { "\($0)" } ?? "#\($0.index)" }.joined(separator: ", ")
                let original = input.policyText ?? policy.document.canonicalText
                let change: BucketRemediation = if let rewritten = policy.removingStatements(at: indices) {
                    .putPolicy(rewritten, removing: names)
                } else {
                    .deletePolicy(removing: names)
                }
                if let evidence = input.evidenceBucket {
                    add(.preservePolicy, .perform(.preservePolicy(evidenceBucket: evidence, original: original)))
                    add(.removePublicStatements, .perform(change))
                } else if input.alertConfigured {
                    // The alert, and this report, carry the original so that it can be put back.
                    originalForAlert = original
                    add(.preservePolicy, .perform(.keepPolicyInAlert(original: original)))
                    add(.removePublicStatements, .perform(change))
                } else {
                    let why = "no EVIDENCE_BUCKET and no alert channel to keep the original policy in"
                    add(.preservePolicy, .skip(why))
                    add(.removePublicStatements, .skip("policy left unchanged: \(why)"))
                }
            }
            if exposure.aclEffectivelyPublic {
                // The canned ACL "private" keeps only the owner: say what else goes with the public grants.
                let grants = exposure.publicGrants.map { "\($0.grantee) \($0.permission)" }.joined(separator: ", ")
                let others = exposure.crossAccountAccess.filter { $0.source.hasPrefix("ACL grant") }
                    .map { "\($0.who.joined(separator: ", ")) \($0.source.dropFirst("ACL grant ".count))" }
                let also = others.isEmpty ? "" : " (and the grants to \(others.joined(separator: ", ")))"
                add(.makeACLPrivate, .perform(.makeACLPrivate(removing: grants + also)))
            }
        }

        // A latent exposure (public as written, blocked for now) is worth an alert when someone just
        // asked for it: not on a sweep, and not on a change that only tightened things, such as
        // this function's own PutPublicAccessBlock coming back as an event.
        if effectivelyPublic || input.changeEvent?.requestWasPublic == true {
            let reason = effectivelyPublic ? "the bucket is public" : "the bucket is public as written (\(blockedBecause))"
            add(.alert, .perform(.sendAlert(because: reason, originalPolicy: originalForAlert)))
        } else {
            add(.alert, .skip("public as written but not in effect (\(blockedBecause)); "
                + "alerts go out on effective exposure, or on a change that asked for public access"))
        }
        return finish()
    }
}
