import Testing
@testable import BucketExposureCore
@testable import BucketExposure

/// One policy and what "The meaning of public" (S3 User Guide) and IAM Access Analyzer make of it.
struct PolicyCase: Sendable, CustomTestStringConvertible {
    let name: String
    let policy: String
    let verdict: Verdict
    var publicIndices: [Int] = []
    var crossAccounts: [String] = []
    var testDescription: String { name }
}

private let vpce = #"{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#

/// Which principal forms admit anyone, and which name someone fixed.
let principalCases: [PolicyCase] = [
    .init(name: #"Principal "*""#, policy: policy(allow(#""*""#)), verdict: .public, publicIndices: [0]),
    .init(name: #"{"AWS": "*"}"#, policy: policy(allow(#"{"AWS":"*"}"#)), verdict: .public, publicIndices: [0]),
    .init(name: #"{"AWS": [account, "*"]}: a wildcard in a list"#,
          policy: policy(allow(#"{"AWS":["arn:aws:iam::\#(other):root","*"]}"#)), verdict: .public, publicIndices: [0]),
    .init(name: "a wildcard inside an ARN", policy: policy(allow(#"{"AWS":"arn:aws:iam::*:root"}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "the owner's root ARN", policy: policy(allow(#"{"AWS":"arn:aws:iam::\#(owner):root"}"#)),
          verdict: .notPublic),
    .init(name: "the owner's bare account id", policy: policy(allow(#"{"AWS":"\#(owner)"}"#)), verdict: .notPublic),
    .init(name: "a role in the owner's account", policy: policy(allow(#"{"AWS":"arn:aws:iam::\#(owner):role/app"}"#)),
          verdict: .notPublic),
    .init(name: "another account's root", policy: policy(allow(#"{"AWS":"arn:aws:iam::\#(other):root"}"#)),
          verdict: .crossAccount, crossAccounts: [other]),
    .init(name: "another account's bare id", policy: policy(allow(#"{"AWS":"\#(other)"}"#)),
          verdict: .crossAccount, crossAccounts: [other]),
    .init(name: "another account's id written as a JSON number", policy: policy(allow(#"{"AWS":\#(other)}"#)),
          verdict: .crossAccount, crossAccounts: [other]),
    .init(name: "another account's assumed-role session",
          policy: policy(allow(#"{"AWS":"arn:aws:sts::\#(other):assumed-role/reader/alice"}"#)),
          verdict: .crossAccount, crossAccounts: [other]),
    .init(name: "a unique id left by a deleted role cannot be proven the owner's",
          policy: policy(allow(#"{"AWS":"AROADBQP57FF2AEXAMPLE"}"#)),
          verdict: .crossAccount, crossAccounts: ["principal:AROADBQP57FF2AEXAMPLE"]),
    .init(name: #"{"Service": …}: an AWS service principal"#,
          policy: policy(allow(#"{"Service":"cloudtrail.amazonaws.com"}"#, action: #""s3:PutObject""#)),
          verdict: .notPublic),
    .init(name: "a list of service principals",
          policy: policy(allow(#"{"Service":["logging.s3.amazonaws.com","delivery.logs.amazonaws.com"]}"#)),
          verdict: .notPublic),
    .init(name: #"{"Service": "*"}"#, policy: policy(allow(#"{"Service":"*"}"#)), verdict: .public, publicIndices: [0]),
    .init(name: "CanonicalUser of the owner", policy: policy(allow(#"{"CanonicalUser":"\#(ownerCanonical)"}"#)),
          verdict: .notPublic),
    .init(name: "CanonicalUser of someone else (e.g. a CloudFront origin access identity)",
          policy: policy(allow(#"{"CanonicalUser":"\#(otherCanonical)"}"#)),
          verdict: .crossAccount, crossAccounts: ["canonical-user:\(otherCanonical)"]),
    .init(name: #"{"CanonicalUser": "*"}"#, policy: policy(allow(#"{"CanonicalUser":"*"}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "S3 User Guide example: Federated graph.facebook.com",
          policy: policy(#"{"Principal":{"Federated":"graph.facebook.com"},"Resource":"*","Action":"s3:PutObject","Effect":"Allow"}"#),
          verdict: .public, publicIndices: [0]),
    .init(name: "Federated Cognito identity pool", policy: policy(allow(#"{"Federated":"cognito-identity.amazonaws.com"}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "Federated SAML provider of another account",
          policy: policy(allow(#"{"Federated":"arn:aws:iam::\#(other):saml-provider/Okta"}"#)),
          verdict: .crossAccount, crossAccounts: [other]),
    .init(name: "Federated SAML provider of the owner",
          policy: policy(allow(#"{"Federated":"arn:aws:iam::\#(owner):saml-provider/Okta"}"#)), verdict: .notPublic),
    .init(name: "Allow with NotPrincipal",
          policy: policy(#"{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::\#(owner):root"},"Action":"s3:GetObject","Resource":"*"}"#),
          verdict: .public, publicIndices: [0]),
    .init(name: "Allow with NotPrincipal held to a VPC endpoint",
          policy: policy(#"{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::\#(owner):root"},"Action":"s3:GetObject","Resource":"*","Condition":\#(vpce)}"#),
          verdict: .crossAccount, crossAccounts: ["vpce:vpce-1a2b3c4d"]),
    .init(name: "Deny with NotPrincipal grants nothing",
          policy: policy(#"{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::\#(owner):root"},"Action":"s3:*","Resource":"*"}"#),
          verdict: .notPublic),
    .init(name: "a legacy CloudFront origin access identity is someone else's principal",
          policy: policy(allow(#"{"AWS":"arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHEXAMPLE"}"#)),
          verdict: .crossAccount,
          crossAccounts: ["principal:arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHEXAMPLE"]),
    .init(name: "CloudFront origin access control: the service held to one distribution",
          policy: policy(allow(#"{"Service":"cloudfront.amazonaws.com"}"#,
                               condition: #"{"StringEquals":{"AWS:SourceArn":"arn:aws:cloudfront::\#(owner):distribution/EDFDVBD6EXAMPLE"}}"#)),
          verdict: .notPublic),
    .init(name: "Elastic Load Balancing's log-delivery account (us-east-1) is another account",
          policy: policy(allow(#"{"AWS":"arn:aws:iam::127311923021:root"}"#, action: #""s3:PutObject""#)),
          verdict: .crossAccount, crossAccounts: ["127311923021"]),
    .init(name: "an unrecognised principal type", policy: policy(allow(#"{"Anyone":"yes"}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "an Allow without a Principal", policy: policy(#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#),
          verdict: .public, publicIndices: [0]),
    .init(name: "an empty principal list grants nobody", policy: policy(allow(#"{"AWS":[]}"#)), verdict: .notPublic),
]

/// Deny-only policies and mixed statements.
let statementCases: [PolicyCase] = [
    .init(name: #"Deny-only: Principal "*" denying insecure transport"#,
          policy: policy(deny(#""*""#, condition: #"{"Bool":{"aws:SecureTransport":"false"}}"#)), verdict: .notPublic),
    .init(name: #"Deny "*" unless the VPC endpoint, plus an owner Allow"#,
          policy: policy(deny(#""*""#, condition: #"{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#),
                         allow(#"{"AWS":"arn:aws:iam::\#(owner):role/app"}"#)),
          verdict: .notPublic),
    .init(name: "mixed: owner, public and cross-account statements; only one is public",
          policy: policy(allow(#"{"AWS":"\#(owner)"}"#, sid: "Owner"), allow(#""*""#, sid: "Public"),
                         allow(#"{"AWS":"\#(other)"}"#, sid: "Partner")),
          verdict: .public, publicIndices: [1], crossAccounts: [other]),
    .init(name: "mixed: a public Allow next to a Deny",
          policy: policy(allow(#""*""#), deny(#""*""#, condition: #"{"Bool":{"aws:SecureTransport":"false"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "two public statements among three", policy: policy(allow(#""*""#), allow(#"{"AWS":"\#(owner)"}"#),
                                                                  allow(#"{"AWS":"*"}"#)),
          verdict: .public, publicIndices: [0, 2]),
    .init(name: "Statement as a single object rather than a list",
          policy: #"{"Version":"2012-10-17","Statement":\#(allow(#""*""#))}"#, verdict: .public, publicIndices: [0]),
    .init(name: "an effect other than Allow grants nothing", policy: policy(#"{"Effect":"Audit","Principal":"*","Action":"s3:*","Resource":"*"}"#),
          verdict: .notPublic),
    .init(name: "an empty Condition object restricts nothing", policy: policy(allow(#""*""#, condition: "{}")),
          verdict: .public, publicIndices: [0]),
]

/// Every condition rule of "The meaning of public", its documented examples and its traps.
let conditionCases: [PolicyCase] = [
    .init(name: "S3 User Guide example: StringLike aws:SourceVpc vpc-* is public",
          policy: policy(allow(#""*""#, condition: #"{"StringLike":{"aws:SourceVpc":"vpc-*"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "S3 User Guide example: StringEquals aws:SourceVpc vpc-91237329 is not public",
          policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:SourceVpc":"vpc-91237329"}}"#)),
          verdict: .crossAccount, crossAccounts: ["vpc:vpc-91237329"]),
    .init(name: "a fixed aws:SourceVpce", policy: policy(allow(#""*""#, condition: vpce)),
          verdict: .crossAccount, crossAccounts: ["vpce:vpce-1a2b3c4d"]),
    .init(name: "condition keys are case-insensitive",
          policy: policy(allow(#""*""#, condition: #"{"stringequals":{"AWS:SOURCEVPCE":"vpce-1a2b3c4d"}}"#)),
          verdict: .crossAccount, crossAccounts: ["vpce:vpce-1a2b3c4d"]),
    .init(name: "a list of fixed VPC endpoints",
          policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:SourceVpce":["vpce-1a2b3c4d","vpce-5e6f7a8b"]}}"#)),
          verdict: .crossAccount, crossAccounts: ["vpce:vpce-1a2b3c4d", "vpce:vpce-5e6f7a8b"]),
    .init(name: "a list with one wildcard value is not fixed",
          policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:SourceVpce":["vpce-1a2b3c4d","vpce-*"]}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "a ? wildcard is a wildcard too",
          policy: policy(allow(#""*""#, condition: #"{"StringLike":{"aws:SourceVpce":"vpce-1a2b3c4?"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "an IPv4 /24 range", policy: policy(allow(#""*""#, condition: #"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#)),
          verdict: .crossAccount, crossAccounts: ["ip:203.0.113.0/24"]),
    .init(name: "an IPv4 /8 range is the broadest that counts",
          policy: policy(allow(#""*""#, condition: #"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#)),
          verdict: .crossAccount, crossAccounts: ["ip:10.0.0.0/8"]),
    .init(name: "an IPv4 /7 range is public", policy: policy(allow(#""*""#, condition: #"{"IpAddress":{"aws:SourceIp":"10.0.0.0/7"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "S3 User Guide: 0.0.0.0/1 is public", policy: policy(allow(#""*""#, condition: #"{"IpAddress":{"aws:SourceIp":"0.0.0.0/1"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "a single IPv4 address", policy: policy(allow(#""*""#, condition: #"{"IpAddress":{"aws:SourceIp":"192.0.2.10"}}"#)),
          verdict: .crossAccount, crossAccounts: ["ip:192.0.2.10"]),
    .init(name: "an IP list with one broad range is public",
          policy: policy(allow(#""*""#, condition: #"{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","0.0.0.0/0"]}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "IPv6 /32 counts", policy: policy(allow(#""*""#, condition: #"{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}"#)),
          verdict: .crossAccount, crossAccounts: ["ip:2001:db8::/32"]),
    .init(name: "IPv6 /31 is public", policy: policy(allow(#""*""#, condition: #"{"IpAddress":{"aws:SourceIp":"2001:db8::/31"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "IPv6 ::/0 is public", policy: policy(allow(#""*""#, condition: #"{"IpAddress":{"aws:SourceIp":"::/0"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "IPv4 and IPv6 ranges together",
          policy: policy(allow(#""*""#, condition: #"{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","2001:db8:1234::/48"]}}"#)),
          verdict: .crossAccount, crossAccounts: ["ip:192.0.2.0/24", "ip:2001:db8:1234::/48"]),
    .init(name: "an invalid IP range restricts nothing",
          policy: policy(allow(#""*""#, condition: #"{"IpAddress":{"aws:SourceIp":"300.1.2.3/24"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "NotIpAddress admits everyone else",
          policy: policy(allow(#""*""#, condition: #"{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "aws:SourceIp under a string operator restricts nothing",
          policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:SourceIp":"203.0.113.10"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "a fixed aws:PrincipalOrgID", policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}"#)),
          verdict: .crossAccount, crossAccounts: ["org:o-a1b2c3d4e5"]),
    .init(name: "a fixed aws:PrincipalOrgPaths",
          policy: policy(allow(#""*""#, condition: #"{"ForAnyValue:StringEquals":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"}}"#)),
          verdict: .crossAccount, crossAccounts: ["org-path:o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"]),
    .init(name: "aws:PrincipalOrgPaths ending in a wildcard is not fixed",
          policy: policy(allow(#""*""#, condition: #"{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "a fixed aws:SourceOrgID (a service acting for the organization)",
          policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:SourceOrgID":"o-a1b2c3d4e5"}}"#)),
          verdict: .crossAccount, crossAccounts: ["org:o-a1b2c3d4e5"]),
    .init(name: "a policy variable in aws:PrincipalOrgID is not fixed",
          policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:PrincipalOrgID":"${aws:PrincipalTag/org}"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "aws:SourceAccount of the owner", policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:SourceAccount":"\#(owner)"}}"#)),
          verdict: .notPublic),
    .init(name: "aws:SourceAccount of another account", policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:SourceAccount":"\#(other)"}}"#)),
          verdict: .crossAccount, crossAccounts: [other]),
    .init(name: "aws:SourceOwner of the owner", policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:SourceOwner":"\#(owner)"}}"#)),
          verdict: .notPublic),
    .init(name: "aws:PrincipalAccount listing the owner and another account",
          policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:PrincipalAccount":["\#(owner)","\#(other)"]}}"#)),
          verdict: .crossAccount, crossAccounts: [other]),
    .init(name: "aws:PrincipalArn of a role in the owner's account",
          policy: policy(allow(#""*""#, condition: #"{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::\#(owner):role/app"}}"#)),
          verdict: .notPublic),
    .init(name: "aws:PrincipalArn with a wildcard role name is not fixed",
          policy: policy(allow(#""*""#, condition: #"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::\#(owner):role/*"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "aws:SourceArn of a bucket (no account in the ARN)",
          policy: policy(allow(#""*""#, condition: #"{"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::example-logs"}}"#)),
          verdict: .crossAccount, crossAccounts: ["arn:aws:s3:::example-logs"]),
    .init(name: "aws:SourceArn of a CloudTrail trail in the owner's account",
          policy: policy(allow(#""*""#, condition: #"{"ArnEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:\#(owner):trail/main"}}"#)),
          verdict: .notPublic),
    .init(name: "aws:userid of a role with any session (AROLEID:*)",
          policy: policy(allow(#""*""#, condition: #"{"StringLike":{"aws:userid":"AROAEXAMPLEID:*"}}"#)),
          verdict: .crossAccount, crossAccounts: ["userid:AROAEXAMPLEID:*"]),
    .init(name: "aws:userid with a wildcard role id is not fixed",
          policy: policy(allow(#""*""#, condition: #"{"StringLike":{"aws:userid":"*:alice"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "s3:DataAccessPointArn: any access point of the owner's account",
          policy: policy(allow(#""*""#, condition: #"{"StringLike":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:\#(owner):accesspoint/*"}}"#)),
          verdict: .notPublic),
    .init(name: "s3:DataAccessPointArn with a wildcard account is public",
          policy: policy(allow(#""*""#, condition: #"{"StringLike":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:*:accesspoint/*"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "s3:DataAccessPointAccount of the owner (access points delegation)",
          policy: policy(allow(#"{"AWS":"*"}"#, condition: #"{"StringEquals":{"s3:DataAccessPointAccount":"\#(owner)"}}"#)),
          verdict: .notPublic),
    .init(name: "a fixed KMS key",
          policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"arn:aws:kms:us-east-1:\#(owner):key/1234abcd-12ab-34cd-56ef-1234567890ab"}}"#),
                         ),
          verdict: .crossAccount, crossAccounts: ["kms-key:arn:aws:kms:us-east-1:\(owner):key/1234abcd-12ab-34cd-56ef-1234567890ab"]),
    .init(name: "…IfExists matches a request without the key",
          policy: policy(allow(#""*""#, condition: #"{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "ForAllValues matches a request without the key",
          policy: policy(allow(#""*""#, condition: #"{"ForAllValues:StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "ForAnyValue with fixed values restricts",
          policy: policy(allow(#""*""#, condition: #"{"ForAnyValue:StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#)),
          verdict: .crossAccount, crossAccounts: ["vpce:vpce-1a2b3c4d"]),
    .init(name: "StringNotEquals admits everyone else",
          policy: policy(allow(#""*""#, condition: #"{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "Null only asks that the key be present",
          policy: policy(allow(#""*""#, condition: #"{"Null":{"aws:SourceVpce":"false"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "aws:SecureTransport is not a listed key",
          policy: policy(allow(#""*""#, condition: #"{"Bool":{"aws:SecureTransport":"true"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "aws:Referer is not a listed key (anyone can send it)",
          policy: policy(allow(#""*""#, condition: #"{"StringLike":{"aws:Referer":"https://www.example.com/*"}}"#)),
          verdict: .public, publicIndices: [0]),
    .init(name: "one listed condition among unlisted ones is enough (they all apply together)",
          policy: policy(allow(#""*""#, condition: #"{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#)),
          verdict: .crossAccount, crossAccounts: ["vpce:vpce-1a2b3c4d"]),
    .init(name: "a broad IP range together with a fixed VPC endpoint",
          policy: policy(allow(#""*""#, condition: #"{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"},"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#)),
          verdict: .crossAccount, crossAccounts: ["vpce:vpce-1a2b3c4d"]),
    .init(name: "owner's aws:SourceAccount with an organization: the owner's account only",
          policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:SourceAccount":"\#(owner)","aws:PrincipalOrgID":"o-a1b2c3d4e5"}}"#)),
          verdict: .notPublic),
    .init(name: "an organization and a VPC endpoint together name both",
          policy: policy(allow(#""*""#, condition: #"{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5","aws:SourceVpce":"vpce-1a2b3c4d"}}"#)),
          verdict: .crossAccount, crossAccounts: ["org:o-a1b2c3d4e5", "vpce:vpce-1a2b3c4d"]),
    .init(name: "a condition does not make a fixed cross-account principal public",
          policy: policy(allow(#"{"AWS":"\#(other)"}"#, condition: #"{"Bool":{"aws:SecureTransport":"true"}}"#)),
          verdict: .crossAccount, crossAccounts: [other]),
]

@Suite("The meaning of public: bucket policies")
struct PolicyRuleTests {
    @Test(arguments: principalCases + statementCases + conditionCases)
    func verdict(_ test: PolicyCase) throws {
        let exposure = try evaluatePolicy(test.policy)
        #expect(exposure.verdict == test.verdict)
        #expect(exposure.publicStatements.map(\.index) == test.publicIndices)
        #expect(exposure.crossAccounts == test.crossAccounts)
        // Nothing here is changed by Block Public Access: as effective is as written.
        #expect(exposure.effectiveVerdict == test.verdict)
        for statement in exposure.publicStatements {
            #expect(!statement.reason.isEmpty)
        }
    }

    @Test func reasonsSayWhyAConditionRestrictsNothing() throws {
        let exposure = try evaluatePolicy(policy(allow(#""*""#, sid: "Web", condition: #"{"StringLike":{"aws:SourceVpc":"vpc-*"}}"#)))
        let statement = try #require(exposure.publicStatements.first)
        #expect(statement.sid == "Web")
        #expect(statement.reason.contains(#"Principal "*""#))
        #expect(statement.reason.contains("vpc-* is not a fixed value"))
    }

    @Test func reasonForAPlainWildcard() throws {
        let exposure = try evaluatePolicy(publicPolicy)
        #expect(exposure.publicStatements == [
            PublicStatement(index: 0, sid: "PublicRead", reason: #"Principal "*", and no Condition limits it"#),
        ])
    }

    @Test func crossAccountAccessNamesTheStatementAndWho() throws {
        let exposure = try evaluatePolicy(policy(allow(#""*""#), allow(#""*""#, sid: "Vpce", condition: vpce)))
        #expect(exposure.crossAccountAccess.map(\.source) == [#"statement 1 (Sid "Vpce")"#])
        #expect(exposure.crossAccountAccess.first?.reason.contains("aws:SourceVpce = vpce-1a2b3c4d") == true)
    }

    @Test(arguments: [
        ("not json", BucketPolicyError.notJSON),
        ("[1, 2]", .notAnObject),
        (#"{"Version":"2012-10-17"}"#, .noStatements),
        (#"{"Statement":["nope"]}"#, .statementNotAnObject(index: 0)),
    ])
    func malformedPolicies(_ text: String, _ error: BucketPolicyError) {
        #expect(throws: error) { try evaluatePolicy(text) }
    }
}
