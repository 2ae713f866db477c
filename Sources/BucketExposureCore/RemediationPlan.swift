import AWSModels
import WatchpostCore

/// One step as the response reports it.
public struct ActionResult: Sendable, Equatable, Encodable {
    public let action: String
    public let status: StepStatus
    public let detail: String

    public init(action: String, status: StepStatus, detail: String) {
        self.action = action
        self.status = status
        self.detail = detail
    }
}

/// A change the handler makes through AWS, in plan order.
public enum Operation: Sendable, Equatable {
    /// Write the original policy to the evidence bucket before it is changed.
    case preservePolicy(evidenceBucket: String, original: String)
    /// Replace the policy with this text (the original without its public statements).
    case putPolicy(String)
    /// Delete the policy: no statement would remain.
    case deletePolicy
    /// Canned ACL `private`.
    case makeACLPrivate
    /// The bucket's four Block Public Access settings on.
    case blockPublicAccess
    /// Alert (Slack and SNS), last, so that it says what was done.
    case sendAlert

    /// The `action` name the response uses for this step.
    public var action: String {
        switch self {
        case .preservePolicy: "preserve-policy"
        case .putPolicy, .deletePolicy: RemediationMode.removePublicStatements.rawValue
        case .makeACLPrivate: "make-acl-private"
        case .blockPublicAccess: RemediationMode.blockPublicAccess.rawValue
        case .sendAlert: "alert"
        }
    }

    /// Changes the bucket or writes somewhere: a dry run does not perform it.
    var mutates: Bool { self != .sendAlert }
}

public enum PlanStep: Sendable, Equatable {
    /// Carry this out and report how it went; `detail` says what it does.
    case perform(Operation, detail: String)
    /// Nothing to carry out: report this as it is.
    case report(ActionResult)
}

/// Everything the plan is decided from.
public struct PlanInput: Sendable {
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

public struct RemediationPlan: Sendable, Equatable {
    public let steps: [PlanStep]
    /// The original policy, to go into the alert because there is no evidence bucket to keep it.
    public let originalPolicyForAlert: String?
}

/// Decides what to do about a bucket's exposure, in order. A dry run keeps every step but
/// performs none that changes anything.
public func plan(_ input: PlanInput) -> RemediationPlan {
    let exposure = input.exposure
    let writtenPublic = exposure.verdict == .public
    let effectivelyPublic = exposure.effectiveVerdict == .public
    var steps: [PlanStep] = []
    var originalForAlert: String?

    func perform(_ operation: Operation, _ detail: String) {
        if input.dryRun && operation.mutates {
            steps.append(.report(ActionResult(action: operation.action, status: .skipped, detail: "dry run: would \(detail)")))
        } else {
            steps.append(.perform(operation, detail: detail))
        }
    }
    func report(_ action: String, _ status: StepStatus, _ detail: String) {
        steps.append(.report(ActionResult(action: action, status: status, detail: detail)))
    }

    if let exemption = input.exemption {
        if writtenPublic {
            if input.mode != .alert { report(input.mode.rawValue, .skipped, "accepted exposure, never changed: \(exemption)") }
            report("alert", .skipped, "accepted exposure: \(exemption)")
        }
        return RemediationPlan(steps: steps, originalPolicyForAlert: nil)
    }

    guard writtenPublic else {
        // Its request was public, the bucket is not now: the call was refused (S3 answers
        // AccessDenied when Block Public Access refuses a public policy), or the event is a
        // re-delivered or overtaken one.
        if let change = input.changeEvent, change.requestWasPublic == true {
            if let code = change.errorCode {
                let detail = "the \(change.eventName) call failed (\(code)) and the bucket is not public"
                if input.mode != .alert { report(input.mode.rawValue, .skipped, detail) }
                report("alert", .skipped, detail)
            } else {
                let detail = "the bucket is not public now: the change in this event was already undone or replaced"
                if input.mode != .alert { report(input.mode.rawValue, .alreadyDone, detail) }
                report("alert", .skipped, detail)
            }
        }
        return RemediationPlan(steps: steps, originalPolicyForAlert: nil)
    }

    let blockedBecause = exposure.effectNotes.joined(separator: "; ")
    switch input.mode {
    case .alert:
        break
    case .blockPublicAccess:
        if effectivelyPublic {
            perform(.blockPublicAccess, "turn on the bucket's four Block Public Access settings")
        } else {
            report(input.mode.rawValue, .alreadyDone, "public access is already blocked: \(blockedBecause)")
        }
    case .removePublicStatements:
        if !effectivelyPublic {
            // Rewriting now would also end RestrictPublicBuckets' hold on the policy's
            // cross-account statements: leave a policy that is already held in check alone.
            report(input.mode.rawValue, .alreadyDone, "public access is already blocked: \(blockedBecause)")
            break
        }
        if exposure.policyEffectivelyPublic, let policy = input.policy {
            let indices = Set(exposure.publicStatements.map(\.index))
            let names = exposure.publicStatements.map { $0.sid.map { "\($0)" } ?? "#\($0.index)" }.joined(separator: ", ")
            let original = input.policyText ?? policy.document.canonicalText
            let change = if let rewritten = policy.removingStatements(at: indices) {
                (Operation.putPolicy(rewritten), "rewrite the policy without the public statement(s) \(names)")
            } else {
                (Operation.deletePolicy, "delete the policy: its only statement(s) \(names) are public")
            }
            if let evidence = input.evidenceBucket {
                perform(.preservePolicy(evidenceBucket: evidence, original: original),
                        "keep the original policy in s3://\(evidence)")
                perform(change.0, change.1)
            } else if input.alertConfigured {
                // The alert, and this report, carry the original so that it can be put back.
                originalForAlert = original
                report("preserve-policy", input.dryRun ? .skipped : .done,
                       (input.dryRun ? "dry run: would keep" : "kept")
                       + " the original policy in the alert and here (no EVIDENCE_BUCKET): \(original)")
                perform(change.0, change.1)
            } else {
                let why = "no EVIDENCE_BUCKET and no alert channel to keep the original policy in"
                report("preserve-policy", .skipped, why)
                report(change.0.action, .skipped, "policy left unchanged: \(why)")
            }
        }
        if exposure.aclEffectivelyPublic {
            // The canned ACL "private" keeps only the owner: say what else goes with the public grants.
            let grants = exposure.publicGrants.map { "\($0.grantee) \($0.permission)" }.joined(separator: ", ")
            let others = exposure.crossAccountAccess.filter { $0.source.hasPrefix("ACL grant") }
                .map { "\($0.who.joined(separator: ", ")) \($0.source.dropFirst("ACL grant ".count))" }
            perform(.makeACLPrivate, "set the ACL to private, removing \(grants)"
                    + (others.isEmpty ? "" : " (and the grants to \(others.joined(separator: ", ")))"))
        }
    }

    // A latent exposure (public as written, blocked for now) is worth an alert when someone just
    // asked for it: not on a sweep, and not on a change that only tightened things, such as
    // this function's own PutPublicAccessBlock coming back as an event.
    if effectivelyPublic || input.changeEvent?.requestWasPublic == true {
        perform(.sendAlert, effectivelyPublic ? "alert: the bucket is public" : "alert: the bucket is public as written (\(blockedBecause))")
    } else {
        report("alert", .skipped, "public as written but not in effect (\(blockedBecause)); "
            + "alerts go out on effective exposure, or on a change that asked for public access")
    }
    return RemediationPlan(steps: steps, originalPolicyForAlert: originalForAlert)
}
