import WatchpostCore

/// One write of the generated policy (the report's document) that the handler makes to carry
/// out a step.
public enum PolicyWrite: PlannedOperation {
    /// A new customer managed policy, under the ARN's path and name.
    case createPolicy(arn: String, path: String, name: String)
    /// Makes room for a new version: IAM keeps at most five. `versionID` is the oldest of `count`.
    case deletePolicyVersion(arn: String, versionID: String, count: Int)
    /// A new default version of the managed policy.
    case createPolicyVersion(arn: String)
    /// The policy as the principal's own inline policy `name`.
    case putInlinePolicy(name: String, principal: Principal)
    /// A copy in the output bucket.
    case writeOutput(bucket: String, key: String)

    public var summary: String {
        switch self {
        case .createPolicy(let arn, _, _): "create \(arn)"
        case .deletePolicyVersion(_, let versionID, _): "delete \(versionID)"
        case .createPolicyVersion(let arn): "set a new default version of \(arn)"
        case .putInlinePolicy(let name, let principal): "write \(name) on \(principal.arn)"
        case .writeOutput(let bucket, let key): "write s3://\(bucket)/\(key)"
        }
    }
}
