import WatchpostCore

/// The steps of a bucket check, as its response's `actions` name them (a contract): the reads
/// that can fail, then the remediation and the alert.
public enum BucketStep: String, StepName {
    case assumeMemberRole = "assume-member-role"
    case readAccountBlockPublicAccess = "read-account-block-public-access"
    case readBucket = "read-bucket"
    case preservePolicy = "preserve-policy"
    case removePublicStatements = "remove-public-statements"
    case blockPublicAccess = "block-public-access"
    case makeACLPrivate = "make-acl-private"
    case alert

    public static let key = "action"

    /// The step a remediation mode names; nil for `alert`, which changes nothing.
    public init?(remediating mode: RemediationMode) {
        switch mode {
        case .alert: return nil
        case .blockPublicAccess: self = .blockPublicAccess
        case .removePublicStatements: self = .removePublicStatements
        }
    }

    /// The plan's one prerequisite: a policy is never changed once keeping its original failed.
    public func notAttempted(after prerequisite: StepOutcome<BucketStep>) -> String {
        "policy left unchanged: the original could not be preserved"
    }
}
