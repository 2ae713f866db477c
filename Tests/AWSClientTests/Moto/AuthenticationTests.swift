import Foundation
import XCTest

@testable import AWSClient
import TestSupport

/// moto with request authentication on: our signatures are verified for real, a wrong key is
/// AWS's own error code, and a member-account role is assumed through STS.
final class AuthenticationTests: XCTestCase {
    static let admin = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    var moto: MotoServer!
    var keyID = ""
    var secret = ""

    override func setUp() async throws {
        moto = try MotoServer()
        // Keys first, then authentication on: moto checks signatures and IAM policies from then on.
        try Boto.call(moto, "iam", "create_user", ["UserName": "tester"])
        try Boto.call(moto, "iam", "put_user_policy", ["UserName": "tester", "PolicyName": "admin", "PolicyDocument": Self.admin])
        let key = try Boto.call(moto, "iam", "create_access_key", ["UserName": "tester"])["AccessKey"] as! [String: Any]
        keyID = key["AccessKeyId"] as! String
        secret = key["SecretAccessKey"] as! String
        try moto.enableAuthentication()
    }

    override func tearDown() { moto.stop() }

    func client(secret: String? = nil) throws -> AWSClient {
        try moto.client(["AWS_ACCESS_KEY_ID": keyID, "AWS_SECRET_ACCESS_KEY": secret ?? self.secret])
    }

    func testSignedRequestsAreAcceptedForEveryProtocol() async throws {
        let client = try client()
        _ = try await client.sts.getCallerIdentity()
        _ = try await client.ec2.describeInstances()
        _ = try await client.query(.listUsers)
        _ = try await client.query(.listTopics)
        _ = try await client.query(.AutoScaling.describeAutoScalingGroups)
        _ = try await client.query(.ELBv2.describeTargetGroups)
        try Boto.call(moto, "s3", "create_bucket", ["Bucket": "signed"], keyID: keyID, secret: secret)
        try await client.s3.putObject("signed", key: "dir/with space.txt", body: Array("hello".utf8), contentType: "text/plain")
        let listing = try await client.s3.listObjects("signed")
        XCTAssertEqual(listing.objects.map(\.key), ["dir/with space.txt"])
        try await client.s3.putBucketPolicy("signed", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::signed/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#)
        try Boto.call(moto, "ssm", "put_parameter", ["Name": "p", "Value": "v", "Type": "SecureString"], keyID: keyID, secret: secret)
        let value = try await client.ssm.getParameter("p")
        XCTAssertEqual(value, "v")
    }

    func testWrongSecretIsAWSErrorNotACrash() async throws {
        let wrong = try client(secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz")
        for call in [{ _ = try await wrong.query(.listUsers) },
                     { _ = try await wrong.ec2.describeInstances() },
                     { _ = try await wrong.s3.listBuckets() }] as [() async throws -> Void] {
            do {
                try await call()
                XCTFail("a wrong secret must be refused")
            } catch let error as AWSError {
                XCTAssertTrue(["SignatureDoesNotMatch", "AuthFailure", "InvalidClientTokenId"].contains(error.code), "\(error)")
                XCTAssertFalse("\(error)".contains("zzzzzzzz"), "the secret must not leak into the error")
            }
        }
    }

    func testMemberAccountRoleIsAssumedAndCached() async throws {
        // The role trusts exactly the caller (as the member template trusts exactly the
        // function roles). It lives in the same moto account; what matters is the STS round trip,
        // the session token on later calls, and that credentials are reused.
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/tester"},"Action":"sts:AssumeRole"}]}"#
        try Boto.call(moto, "iam", "create_role", ["RoleName": "audit-member", "AssumeRolePolicyDocument": trust], keyID: keyID, secret: secret)
        try Boto.call(moto, "iam", "put_role_policy", ["RoleName": "audit-member", "PolicyName": "admin", "PolicyDocument": Self.admin], keyID: keyID, secret: secret)
        let base = try moto.client(["AWS_ACCESS_KEY_ID": keyID, "AWS_SECRET_ACCESS_KEY": secret])
        let own = try await base.forAccount("123456789012", sessionName: "s3-policy-checker event 1")
        XCTAssertEqual(own.credentials, base.credentials, "our own account needs no role")

        // Pretend the caller is in another account, so the member role is assumed.
        let elsewhere = AWSClient(region: base.region, credentials: base.credentials, endpoints: base.endpoints, transport: base.transport,
                                  retryPolicy: base.retryPolicy, deadline: nil, memberRoleName: "audit-member",
                                  state: .init(account: "999999999999"))
        let member = try await elsewhere.forAccount("123456789012", sessionName: "s3-policy-checker/event:1")
        XCTAssertNotNil(member.credentials.sessionToken)
        XCTAssertNotEqual(member.credentials.accessKeyID, keyID)
        let identity = try await member.sts.getCallerIdentity()
        XCTAssertTrue(identity.arn.contains("assumed-role/audit-member/s3-policy-checker-event-1"), identity.arn)
        let again = try await elsewhere.forAccount("123456789012", sessionName: "other")
        XCTAssertEqual(again.credentials, member.credentials, "credentials are reused until shortly before expiry")
    }
}
