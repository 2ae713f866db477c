import WatchpostCore

/// What policy-generator does with a policy, as `applied.steps` names it (a contract): the
/// reads that can fail, the writes onto the principal or its managed policy, the copy in the
/// output bucket, and the summary's delivery on each channel.
public enum PolicyApplyStep: StepName {
    case writePolicy
    case readPolicy
    case createPolicy
    case listPolicyVersions
    case deletePolicyVersion
    case createPolicyVersion
    case putInlinePolicy
    case writeS3
    case notify(AlertChannel)

    public static let key = "step"

    public var name: String {
        switch self {
        case .writePolicy: "write-policy"
        case .readPolicy: "read-policy"
        case .createPolicy: "create-policy"
        case .listPolicyVersions: "list-policy-versions"
        case .deletePolicyVersion: "delete-policy-version"
        case .createPolicyVersion: "create-policy-version"
        case .putInlinePolicy: "put-inline-policy"
        case .writeS3: "write-s3"
        case .notify(let channel): "notify-\(channel.rawValue)"
        }
    }

    /// A notification is worded as its channel words it ("sent").
    public func word(for status: StepStatus) -> String {
        if case .notify(let channel) = self { return channel.word(for: status) }
        return status.rawValue
    }
}
