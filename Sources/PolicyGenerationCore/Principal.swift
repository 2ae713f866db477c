import SecurityEvents

/// The IAM role or user whose activity is read: `arn:<partition>:iam::<account>:role/<path/>name`
/// or `…:user/<path/>name`.
public struct Principal: Sendable, Equatable {
    public enum Kind: String, Sendable { case role, user }
    public let arn: String
    public let partition: String
    public let account: String
    public let kind: Kind
    /// The name without its path: role and user names are unique in an account whatever the
    /// path, and IAM compares them case-insensitively.
    public let name: String

    public init(arn: String) throws(PolicyRequestError) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", ["aws", "aws-cn", "aws-us-gov"].contains(parts[1]),
            parts[2] == "iam", parts[3].isEmpty, parts[4].count == 12, parts[4].allSatisfy(\.isNumber)
        else { throw .invalidPrincipal(arn, "not an IAM role or user ARN") }
        let resource = parts[5].split(separator: "/", omittingEmptySubsequences: false)
        guard resource.count >= 2, let kind = Kind(rawValue: String(resource[0])),
            let name = resource.last, !name.isEmpty, resource.dropFirst().dropLast().allSatisfy({ !$0.isEmpty })
        else { throw .invalidPrincipal(arn, "expected role/<name> or user/<name>") }
        self.arn = arn
        self.partition = String(parts[1])
        self.account = String(parts[4])
        self.kind = kind
        self.name = String(name)
    }

    /// Whether the record was made by this principal: a role by its session issuer (any
    /// session name), a user by its own ARN (or as the issuer of its federation-token
    /// sessions). Never by name prefix, session name or `resources[]`.
    public func made(_ record: CloudTrailRecord) -> Bool {
        made(ActivityRecord(record))
    }

    public func made(_ record: ActivityRecord) -> Bool {
        switch kind {
        case .role:
            return record.issuerARN.map(isThis) ?? false
        case .user:
            return (record.identityARN.map(isThis) ?? false) || (record.issuerARN.map(isThis) ?? false)
        }
    }

    private func isThis(_ other: String) -> Bool {
        guard let candidate = try? Principal(arn: other) else { return false }
        return candidate.partition == partition && candidate.account == account && candidate.kind == kind
            && candidate.name.lowercased() == name.lowercased()
    }
}
