import AWSClient
import Alerting
import Foundation
import Testing
import WatchpostCore
@testable import BucketExposureCore
@testable import BucketExposure

@Suite("From AWSClient's shapes, to Alerting's")
struct AdapterTests {
    @Test func aclFromGetBucketAcl() {
        let acl = BucketACL(S3.AccessControlPolicy(ownerID: ownerCanonical, grants: [
            S3.Grant(granteeType: "CanonicalUser", id: ownerCanonical, permission: "FULL_CONTROL"),
            S3.Grant(granteeType: "Group", uri: BucketACL.allUsersURI, permission: "READ"),
            S3.Grant(granteeType: "AmazonCustomerByEmail", email: "partner@example.com", permission: "READ"),
            S3.Grant(granteeType: "Mystery", id: "x1", permission: "WRITE"),
        ]))
        #expect(acl.ownerID == ownerCanonical)
        #expect(acl.grants.map(\.grantee) == [.canonicalUser(id: ownerCanonical), .group(uri: BucketACL.allUsersURI),
                                             .email("partner@example.com"), .other("Mystery:x1")])
        let exposure = evaluate(policy: nil as BucketPolicy?, acl: acl, bucketBlock: nil, accountBlock: nil,
                                ownership: nil, owner: owner)
        #expect(exposure.verdict == .public)
        #expect(exposure.crossAccounts == ["email:partner@example.com", "grantee:Mystery:x1"])
    }

    @Test func storeFailuresKeepAWSErrorCodes() async {
        do {
            _ = try await storeCall { () async throws -> Int in
                throw AWSError(service: "S3", operation: "GetBucketPolicy", httpStatus: 403, code: "AccessDenied",
                               message: "Access Denied", requestID: "R1")
            }
            Issue.record("no failure")
        } catch {
            #expect(error == StoreFailure(code: "AccessDenied", message: "Access Denied"))
        }
        do {
            _ = try await storeCall { () async throws -> Int in throw AWSClientError.deadlineExceeded("no time left") }
            Issue.record("no failure")
        } catch {
            #expect(error.code == "DeadlineExceeded")
        }
    }

    @Test func slackMessageSaysItAllAndEscapes() throws {
        let exposure = try evaluate(policy: policy(allow(#""*""#, sid: "<!channel>"), allow(#"{"AWS":"\#(other)"}"#)),
                                    acl: ownerOnlyACL, bucketBlock: nil, accountBlock: nil, ownership: nil, owner: owner)
        let change = ChangeContext(eventName: "PutBucketPolicy", eventTime: "2026-11-25T21:14:03Z",
                                   actor: "arn:aws:sts::111122223333:assumed-role/DeveloperAccess/jdoe",
                                   sourceIPAddress: "203.0.113.42", userAgent: "<script>", errorCode: nil,
                                   requestWasPublic: true)
        let alert = BucketAlert(bucket: "site", account: owner, region: "us-east-1", exposure: exposure, change: change,
                                actions: [StepOutcome<BucketStep>(.removePublicStatements, .done, "rewrote")],
                                dryRun: false, originalPolicy: String(repeating: "x", count: 5000))
        let message = alert.slackMessage
        #expect(message.text == alert.subject)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let text = String(decoding: try encoder.encode(message), as: UTF8.self)
        #expect(text.contains("S3 bucket site is public"))
        #expect(text.contains("&lt;!channel&gt;") && !text.contains("<!channel>"))
        #expect(text.contains("&lt;script&gt;"))
        #expect(text.contains("203.0.113.42"))
        #expect(text.contains("arn:aws:sts::111122223333:assumed-role/DeveloperAccess/jdoe"))
        #expect(text.contains("remove-public-statements: *done*"))
        #expect(text.contains("444455556666"))
        #expect(text.contains("Original policy"))
        // Slack caps a section at 3000 characters; the long policy is cut, the SNS message keeps it whole.
        #expect(!text.contains(String(repeating: "x", count: 2700)))
        #expect(alert.snsMessage.contains(String(repeating: "x", count: 5000)))
    }

    @Test func alertWithNowhereToGoIsSkipped() async throws {
        // Never used for a request: no channel is configured.
        let client = try AWSClient(environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "example",
                                                 "AWS_REGION": "us-east-1"])
        let exposure = try evaluatePolicy(publicPolicy)
        let result = await AlerterSender(alerter: Alerter(client: client, environment: [:])).send(BucketAlert(
            bucket: "site", account: owner, region: "us-east-1", exposure: exposure, change: nil, actions: [],
            dryRun: false, originalPolicy: nil))
        #expect(result.step.name == "alert")
        #expect(result.status == .skipped)
        #expect(result.detail.contains("sns: skipped") && result.detail.contains("slack: skipped"))
    }
}
