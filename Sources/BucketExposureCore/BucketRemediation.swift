import WatchpostCore

/// A change the handler makes through AWS, or the alert it sends, to carry out a step.
public enum BucketRemediation: PlannedOperation {
    /// Write the original policy to the evidence bucket before it is changed.
    case preservePolicy(evidenceBucket: String, original: String)
    /// No evidence bucket: the alert, and the report, carry the original instead. Nothing to
    /// call; it is done once the report says so.
    case keepPolicyInAlert(original: String)
    /// Replace the policy with this text: the original without the public statements named.
    case putPolicy(String, removing: String)
    /// Delete the policy: no statement would remain.
    case deletePolicy(removing: String)
    /// Canned ACL `private`, which drops these grants.
    case makeACLPrivate(removing: String)
    /// The bucket's four Block Public Access settings on.
    case blockPublicAccess
    /// Alert (Slack and SNS), last, so that it says what was done; with the original policy
    /// when no evidence bucket keeps it.
    case sendAlert(because: String, originalPolicy: String?)

    public var summary: String {
        switch self {
        case .preservePolicy(let evidenceBucket, _): "keep the original policy in s3://\(evidenceBucket)"
        case .keepPolicyInAlert(let original): "keep the original policy in the alert and here (no EVIDENCE_BUCKET): \(original)"
        case .putPolicy(_, let statements): "rewrite the policy without the public statement(s) \(statements)"
        case .deletePolicy(let statements): "delete the policy: its only statement(s) \(statements) are public"
        case .makeACLPrivate(let grants): "set the ACL to private, removing \(grants)"
        case .blockPublicAccess: "turn on the bucket's four Block Public Access settings"
        case .sendAlert(let reason, _): "alert: \(reason)"
        }
    }

    /// A dry run still alerts (the alert says it is a dry run's); everything else it holds back.
    public var mutates: Bool {
        if case .sendAlert = self { return false }
        return true
    }
}
