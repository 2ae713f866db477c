/// `public` | `cross-account` | `not-public`: the words of the response contract.
public enum Verdict: String, Sendable, Equatable, Codable, CaseIterable {
    case `public` = "public"
    case crossAccount = "cross-account"
    case notPublic = "not-public"
}

/// A policy statement that makes the bucket public, and why.
public struct PublicStatement: Sendable, Equatable, Encodable {
    public let index: Int
    public let sid: String?
    public let reason: String

    enum CodingKeys: String, CodingKey { case index, sid, reason }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(sid, forKey: .sid)  // null when the statement has no Sid
        try container.encode(reason, forKey: .reason)
    }
}

/// An ACL grant that makes the bucket public.
public struct PublicGrant: Sendable, Equatable, Encodable {
    /// `AllUsers` or `AuthenticatedUsers`
    public let grantee: String
    public let permission: String
}

/// A statement or grant that admits someone outside the owner's account without being public.
public struct CrossAccountAccess: Sendable, Equatable {
    /// `statement 2 (Sid "Partner")` or `ACL grant READ`
    public let source: String
    public let who: [String]
    public let reason: String
}

/// The whole decision about one bucket: as written and as effective.
public struct Exposure: Sendable, Equatable {
    /// From the policy and ACL alone.
    public let verdict: Verdict
    /// After Block Public Access (bucket and account) and Object Ownership.
    public let effectiveVerdict: Verdict
    public let publicStatements: [PublicStatement]
    public let publicGrants: [PublicGrant]
    /// Who, outside the owner's account, the policy and ACL admit as written: account ids,
    /// `org:o-…`, `vpce:…`, `vpc:…`, `ip:<cidr>`, `canonical-user:…`, `userid:…`, `kms-key:…`.
    public let crossAccounts: [String]
    /// The same, after Block Public Access.
    public let effectiveCrossAccounts: [String]
    public let crossAccountAccess: [CrossAccountAccess]
    /// The public statements still take effect (no RestrictPublicBuckets).
    public let policyEffectivelyPublic: Bool
    /// The public grants still take effect (no IgnorePublicAcls, ACLs enabled).
    public let aclEffectivelyPublic: Bool
    /// Why "as effective" differs from "as written", one sentence each.
    public let effectNotes: [String]
}

/// Is the bucket public, by "The meaning of public" in the S3 User Guide?
/// - policy: the bucket policy, nil when the bucket has none.
/// - acl: the bucket ACL (nil when unknown: then it is not counted).
/// - bucketBlock / accountBlock: Block Public Access settings, nil when not configured.
/// - ownership: Object Ownership (`BucketOwnerEnforced` disables ACLs), nil when none.
/// - owner: the bucket owner's account id.
public func evaluate(
    policy: BucketPolicy?, acl: BucketACL?, bucketBlock: BlockPublicAccess?,
    accountBlock: BlockPublicAccess?, ownership: String?, owner: String
) -> Exposure {
    var publicStatements: [PublicStatement] = []
    var access: [CrossAccountAccess] = []
    for statement in policy?.statements ?? [] {
        switch analyze(statement, owner: owner, ownerCanonicalID: acl?.ownerID) {
        case .public(let reason):
            publicStatements.append(PublicStatement(index: statement.index, sid: statement.sid, reason: reason))
        case .crossAccount(let who, let reason):
            access.append(CrossAccountAccess(source: statementName(statement), who: who, reason: reason))
        case .ownerOnly, .grantsNothing:
            break
        }
    }
    let policyAccess = access

    var notes: [String] = []
    var publicGrants: [PublicGrant] = []
    var aclAccess: [CrossAccountAccess] = []
    if let acl {
        if ownership == bucketOwnerEnforced {
            if acl.grants.contains(where: { grantReach($0, ownerID: acl.ownerID) != .inside }) {
                notes.append("Object Ownership is BucketOwnerEnforced: the ACL is disabled and grants nothing")
            }
        } else {
            for grant in acl.grants {
                switch grantReach(grant, ownerID: acl.ownerID) {
                case .anyone(let group):
                    publicGrants.append(PublicGrant(grantee: group, permission: grant.permission))
                case .outside(let who):
                    aclAccess.append(CrossAccountAccess(
                        source: "ACL grant \(grant.permission)", who: [who],
                        reason: "the ACL grants \(grant.permission) to \(who)"))
                case .inside:
                    break
                }
            }
        }
    }

    let block = Effective(bucket: bucketBlock, account: accountBlock)
    let policyPublic = !publicStatements.isEmpty
    let policyEffectivelyPublic = policyPublic && block.restrictPublicBuckets == nil
    // RestrictPublicBuckets limits a public policy, all of it, to AWS services and the owner's
    // account: the cross-account grants in the same policy are cut too.
    let policyAccessCut = policyPublic && block.restrictPublicBuckets != nil
    if let source = block.restrictPublicBuckets, policyPublic {
        notes.append("RestrictPublicBuckets (\(source)) limits the public policy to AWS services and the owner's account"
            + (policyAccess.isEmpty ? "" : ", cutting its cross-account grants too"))
    }
    let aclEffectivelyPublic = !publicGrants.isEmpty && block.ignorePublicAcls == nil
    if let source = block.ignorePublicAcls, !publicGrants.isEmpty {
        notes.append("IgnorePublicAcls (\(source)) makes the public ACL grants ineffective")
    }

    let crossAccounts = unique((policyAccess + aclAccess).flatMap(\.who))
    let effectiveCrossAccounts = unique(((policyAccessCut ? [] : policyAccess) + aclAccess).flatMap(\.who))
    let verdict: Verdict = policyPublic || !publicGrants.isEmpty
        ? .public : (crossAccounts.isEmpty ? .notPublic : .crossAccount)
    let effectiveVerdict: Verdict = policyEffectivelyPublic || aclEffectivelyPublic
        ? .public : (effectiveCrossAccounts.isEmpty ? .notPublic : .crossAccount)

    return Exposure(
        verdict: verdict, effectiveVerdict: effectiveVerdict, publicStatements: publicStatements,
        publicGrants: publicGrants, crossAccounts: crossAccounts, effectiveCrossAccounts: effectiveCrossAccounts,
        crossAccountAccess: policyAccess + aclAccess, policyEffectivelyPublic: policyEffectivelyPublic,
        aclEffectivelyPublic: aclEffectivelyPublic, effectNotes: notes)
}

/// The same, from the policy text as S3 returns it.
public func evaluate(
    policy: String?, acl: BucketACL?, bucketBlock: BlockPublicAccess?,
    accountBlock: BlockPublicAccess?, ownership: String?, owner: String
) throws(BucketPolicyError) -> Exposure {
    let parsed = try policy.map { text throws(BucketPolicyError) in try BucketPolicy(json: text) }
    return evaluate(
        policy: parsed, acl: acl, bucketBlock: bucketBlock, accountBlock: accountBlock,
        ownership: ownership, owner: owner)
}

/// "The meaning of public" for ACLs: any permission to AllUsers or AuthenticatedUsers.
private func grantReach(_ grant: BucketACL.Grant, ownerID: String?) -> PrincipalReach {
    switch grant.grantee {
    case .group(let uri) where uri == BucketACL.allUsersURI: .anyone("AllUsers")
    case .group(let uri) where uri == BucketACL.authenticatedUsersURI: .anyone("AuthenticatedUsers")
    case .group(let uri) where uri == BucketACL.logDeliveryURI: .inside  // S3 server access logging
    case .group(let uri): .outside("group:\(uri)")
    case .canonicalUser(let id): id == ownerID ? .inside : .outside("canonical-user:\(id)")
    case .email(let address): .outside("email:\(address)")
    case .other(let label): .outside("grantee:\(label)")
    }
}

private func statementName(_ statement: BucketPolicy.Statement) -> String {
    statement.sid.map { #"statement \#(statement.index) (Sid "\#($0)")"# } ?? "statement \(statement.index)"
}

/// The settings in force: a setting is on when the bucket's or the account's is. Each one is
/// nil when off, else says where it comes from ("bucket", "account", "bucket and account").
private struct Effective {
    let ignorePublicAcls: String?
    let restrictPublicBuckets: String?

    init(bucket: BlockPublicAccess?, account: BlockPublicAccess?) {
        func source(_ setting: KeyPath<BlockPublicAccess, Bool>) -> String? {
            switch (bucket?[keyPath: setting] == true, account?[keyPath: setting] == true) {
            case (true, true): "bucket and account"
            case (true, false): "bucket"
            case (false, true): "account"
            case (false, false): nil
            }
        }
        ignorePublicAcls = source(\.ignorePublicAcls)
        restrictPublicBuckets = source(\.restrictPublicBuckets)
    }
}
