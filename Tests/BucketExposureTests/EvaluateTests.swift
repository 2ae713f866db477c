import Testing
@testable import BucketExposureCore
@testable import BucketExposure

/// One bucket state (policy, ACL, Block Public Access, Object Ownership) and both verdicts.
struct StateCase: Sendable, CustomTestStringConvertible {
    let name: String
    var policy: String? = nil
    var acl: BucketACL = ownerOnlyACL
    var bucketBlock: BlockPublicAccess? = nil
    var accountBlock: BlockPublicAccess? = nil
    var ownership: String? = nil
    let verdict: Verdict
    let effective: Verdict
    var grants: [PublicGrant] = []
    var crossAccounts: [String] = []
    var effectiveCrossAccounts: [String] = []
    /// A word every effect note must contain (which setting, bucket or account).
    var note: String? = nil
    /// A public statement of the policy is in force (no RestrictPublicBuckets, bucket or account).
    var policyInForce = false
    var testDescription: String { name }
}

private func only(_ change: (inout BlockPublicAccess) -> Void) -> BlockPublicAccess {
    var block = BlockPublicAccess.none
    change(&block)
    return block
}

let ignoreAcls = only { $0.ignorePublicAcls = true }
let restrictBuckets = only { $0.restrictPublicBuckets = true }
let blockAcls = only { $0.blockPublicAcls = true }
let blockPolicy = only { $0.blockPublicPolicy = true }

let aclCases: [StateCase] = [
    .init(name: "AllUsers READ is public", acl: acl(allUsersRead), verdict: .public, effective: .public,
          grants: [.init(grantee: "AllUsers", permission: "READ")]),
    .init(name: "AuthenticatedUsers (any AWS account) is public", acl: acl(authenticatedRead),
          verdict: .public, effective: .public, grants: [.init(grantee: "AuthenticatedUsers", permission: "READ")]),
    .init(name: "AllUsers WRITE and READ_ACP both listed",
          acl: acl(.init(grantee: .group(uri: BucketACL.allUsersURI), permission: "WRITE"),
                   .init(grantee: .group(uri: BucketACL.allUsersURI), permission: "READ_ACP")),
          verdict: .public, effective: .public,
          grants: [.init(grantee: "AllUsers", permission: "WRITE"), .init(grantee: "AllUsers", permission: "READ_ACP")]),
    .init(name: "the log delivery group is S3 itself", acl: acl(logDeliveryWrite), verdict: .notPublic, effective: .notPublic),
    .init(name: "the owner's own grant", acl: ownerOnlyACL, verdict: .notPublic, effective: .notPublic),
    .init(name: "another canonical user is cross-account",
          acl: acl(.init(grantee: .canonicalUser(id: otherCanonical), permission: "READ")),
          verdict: .crossAccount, effective: .crossAccount,
          crossAccounts: ["canonical-user:\(otherCanonical)"], effectiveCrossAccounts: ["canonical-user:\(otherCanonical)"]),
    .init(name: "a grant by e-mail is cross-account",
          acl: acl(.init(grantee: .email("partner@example.com"), permission: "READ")),
          verdict: .crossAccount, effective: .crossAccount,
          crossAccounts: ["email:partner@example.com"], effectiveCrossAccounts: ["email:partner@example.com"]),
    .init(name: "BucketOwnerEnforced disables a public ACL entirely", acl: acl(allUsersRead),
          ownership: bucketOwnerEnforced, verdict: .notPublic, effective: .notPublic, note: "BucketOwnerEnforced"),
    .init(name: "BucketOwnerPreferred keeps ACLs in force", acl: acl(allUsersRead), ownership: "BucketOwnerPreferred",
          verdict: .public, effective: .public, grants: [.init(grantee: "AllUsers", permission: "READ")]),
    .init(name: "IgnorePublicAcls on the bucket", acl: acl(allUsersRead), bucketBlock: ignoreAcls,
          verdict: .public, effective: .notPublic, grants: [.init(grantee: "AllUsers", permission: "READ")], note: "(bucket)"),
    .init(name: "IgnorePublicAcls on the account", acl: acl(allUsersRead), accountBlock: ignoreAcls,
          verdict: .public, effective: .notPublic, grants: [.init(grantee: "AllUsers", permission: "READ")], note: "(account)"),
    .init(name: "IgnorePublicAcls on both", acl: acl(allUsersRead), bucketBlock: ignoreAcls, accountBlock: ignoreAcls,
          verdict: .public, effective: .notPublic, grants: [.init(grantee: "AllUsers", permission: "READ")],
          note: "(bucket and account)"),
    .init(name: "BlockPublicAcls only refuses future ACLs", acl: acl(allUsersRead), bucketBlock: blockAcls,
          verdict: .public, effective: .public, grants: [.init(grantee: "AllUsers", permission: "READ")]),
    .init(name: "IgnorePublicAcls leaves a cross-account grant in force",
          acl: acl(allUsersRead, .init(grantee: .canonicalUser(id: otherCanonical), permission: "READ")),
          bucketBlock: ignoreAcls, verdict: .public, effective: .crossAccount,
          grants: [.init(grantee: "AllUsers", permission: "READ")],
          crossAccounts: ["canonical-user:\(otherCanonical)"], effectiveCrossAccounts: ["canonical-user:\(otherCanonical)"]),
]

let blockCases: [StateCase] = [
    .init(name: "no policy, no grants, nothing configured", verdict: .notPublic, effective: .notPublic),
    .init(name: "a public policy with nothing blocking", policy: publicPolicy, verdict: .public, effective: .public,
          policyInForce: true),
    .init(name: "BlockPublicPolicy only refuses future policies", policy: publicPolicy, bucketBlock: blockPolicy,
          verdict: .public, effective: .public, policyInForce: true),
    .init(name: "RestrictPublicBuckets on the bucket", policy: publicPolicy, bucketBlock: restrictBuckets,
          verdict: .public, effective: .notPublic, note: "(bucket)"),
    .init(name: "RestrictPublicBuckets on the account", policy: publicPolicy, accountBlock: restrictBuckets,
          verdict: .public, effective: .notPublic, note: "(account)"),
    .init(name: "all four on the account", policy: publicPolicy, acl: acl(allUsersRead), accountBlock: .all,
          verdict: .public, effective: .notPublic, grants: [.init(grantee: "AllUsers", permission: "READ")], note: "account"),
    .init(name: "all four on the bucket", policy: publicPolicy, acl: acl(allUsersRead), bucketBlock: .all,
          verdict: .public, effective: .notPublic, grants: [.init(grantee: "AllUsers", permission: "READ")], note: "bucket"),
    .init(name: "S3 User Guide: RestrictPublicBuckets cuts the cross-account statement of a public policy",
          policy: policy(allow(#"{"Service":"cloudtrail.amazonaws.com"}"#), allow(#"{"AWS":"\#(other)"}"#), allow(#""*""#)),
          bucketBlock: restrictBuckets, verdict: .public, effective: .notPublic,
          crossAccounts: [other], effectiveCrossAccounts: [], note: "cross-account"),
    .init(name: "S3 User Guide: without the public statement RestrictPublicBuckets does not apply",
          policy: policy(allow(#"{"Service":"cloudtrail.amazonaws.com"}"#), allow(#"{"AWS":"\#(other)"}"#)),
          bucketBlock: restrictBuckets, verdict: .crossAccount, effective: .crossAccount,
          crossAccounts: [other], effectiveCrossAccounts: [other]),
    .init(name: "RestrictPublicBuckets does not cut a cross-account ACL grant",
          policy: publicPolicy, acl: acl(.init(grantee: .canonicalUser(id: otherCanonical), permission: "READ")),
          bucketBlock: restrictBuckets, verdict: .public, effective: .crossAccount,
          crossAccounts: ["canonical-user:\(otherCanonical)"], effectiveCrossAccounts: ["canonical-user:\(otherCanonical)"]),
    .init(name: "RestrictPublicBuckets leaves a public ACL public", policy: publicPolicy, acl: acl(allUsersRead),
          bucketBlock: restrictBuckets, verdict: .public, effective: .public,
          grants: [.init(grantee: "AllUsers", permission: "READ")], note: "RestrictPublicBuckets"),
    .init(name: "IgnorePublicAcls leaves a public policy public", policy: publicPolicy, acl: acl(allUsersRead),
          accountBlock: ignoreAcls, verdict: .public, effective: .public,
          grants: [.init(grantee: "AllUsers", permission: "READ")], note: "IgnorePublicAcls", policyInForce: true),
    .init(name: "bucket settings and account settings combine (either one counts)", policy: publicPolicy,
          acl: acl(allUsersRead), bucketBlock: ignoreAcls, accountBlock: restrictBuckets,
          verdict: .public, effective: .notPublic, grants: [.init(grantee: "AllUsers", permission: "READ")]),
    .init(name: "a cross-account policy and a public ACL", policy: crossAccountPolicy, acl: acl(allUsersRead),
          verdict: .public, effective: .public, grants: [.init(grantee: "AllUsers", permission: "READ")],
          crossAccounts: [other], effectiveCrossAccounts: [other]),
]

@Suite("The meaning of public: ACLs, Block Public Access, Object Ownership")
struct EvaluateTests {
    @Test(arguments: aclCases + blockCases)
    func verdicts(_ test: StateCase) throws {
        let exposure = try evaluate(
            policy: test.policy, acl: test.acl, bucketBlock: test.bucketBlock, accountBlock: test.accountBlock,
            ownership: test.ownership, owner: owner)
        #expect(exposure.verdict == test.verdict)
        #expect(exposure.effectiveVerdict == test.effective)
        #expect(exposure.publicGrants == test.grants)
        #expect(exposure.crossAccounts == test.crossAccounts)
        #expect(exposure.effectiveCrossAccounts == test.effectiveCrossAccounts)
        if let note = test.note {
            #expect(exposure.effectNotes.contains { $0.contains(note) }, "\(exposure.effectNotes)")
        }
        if test.verdict == test.effective && test.note == nil {
            #expect(exposure.effectNotes.isEmpty)
        }
        #expect(exposure.policyEffectivelyPublic == test.policyInForce)
    }

    @Test func anUnknownACLCountsForNothing() throws {
        let exposure = try evaluate(policy: nil as String?, acl: nil, bucketBlock: nil, accountBlock: nil, ownership: nil, owner: owner)
        #expect(exposure.verdict == .notPublic)
        #expect(exposure.effectiveVerdict == .notPublic)
    }

    @Test func policyAndACLReportedTogether() throws {
        let exposure = try evaluate(policy: publicPolicy, acl: acl(allUsersRead), bucketBlock: nil, accountBlock: nil,
                                    ownership: nil, owner: owner)
        #expect(exposure.publicStatements.map(\.sid) == ["PublicRead"])
        #expect(exposure.publicGrants == [PublicGrant(grantee: "AllUsers", permission: "READ")])
        #expect(exposure.policyEffectivelyPublic && exposure.aclEffectivelyPublic)
    }
}

@Suite("aws:SourceIp values")
struct CIDRTests {
    @Test(arguments: [
        ("203.0.113.0/24", 24), ("10.0.0.0/8", 8), ("192.0.2.10", 32), ("0.0.0.0/0", 0),
        ("2001:db8::/32", 32), ("2001:db8::1", 128), ("::/0", 0), ("::1", 128), ("fe80::1:2:3:4/64", 64),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", 128), ("::ffff:192.0.2.1/128", 128),
    ])
    func parses(_ text: String, _ prefix: Int) throws {
        let cidr = try #require(CIDR(text))
        #expect(cidr.prefixLength == prefix)
    }

    @Test(arguments: ["", "256.0.0.1/24", "10.0.0/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1",
                      "2001:db8::/129", "2001:db8:::1", "1::2::3", "2001:db8::g", "vpce-1a2b", "10.0.0.0/8/8",
                      "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9"])
    func rejects(_ text: String) {
        #expect(CIDR(text) == nil)
    }

    @Test func breadth() throws {
        #expect(try #require(CIDR("10.0.0.0/8")).isNarrowEnough)
        #expect(try !#require(CIDR("10.0.0.0/7")).isNarrowEnough)
        #expect(try #require(CIDR("2001:db8::/32")).isNarrowEnough)
        #expect(try !#require(CIDR("2001:db8::/31")).isNarrowEnough)
    }
}
