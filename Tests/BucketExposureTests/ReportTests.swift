import Foundation
import Testing
import WatchpostCore
@testable import BucketExposureCore
@testable import BucketExposure

private func encoded(_ value: some Encodable) throws -> [String: Any] {
    let data = try JSONEncoder().encode(value)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

private let contractKeys: Set<String> = [
    "bucket", "account", "region", "trigger", "verdict", "effectiveVerdict", "publicStatements",
    "publicGrants", "crossAccounts", "exempt", "actions", "dryRun",
]

@Suite("The response contract and the alert")
struct ReportTests {
    @Test func bucketReportHasExactlyTheContractFields() throws {
        let exposure = try evaluate(policy: policy(allow(#""*""#), allow(#"{"AWS":"\#(other)"}"#)), acl: acl(allUsersRead),
                                    bucketBlock: nil, accountBlock: nil, ownership: nil, owner: owner)
        let report = BucketReport(bucket: "b", account: owner, region: "us-east-1", trigger: "PutBucketPolicy",
                                  exposure: exposure, exempt: false,
                                  actions: [StepOutcome<BucketStep>(.alert, .done, "sent")], dryRun: false)
        let object = try encoded(report)
        #expect(Set(object.keys) == contractKeys)
        #expect(object["verdict"] as? String == "public")
        #expect(object["effectiveVerdict"] as? String == "public")
        let statements = try #require(object["publicStatements"] as? [[String: Any]])
        #expect(Set(statements[0].keys) == ["index", "sid", "reason"])
        #expect(statements[0]["index"] as? Int == 0)
        #expect(statements[0]["sid"] is NSNull)
        let grants = try #require(object["publicGrants"] as? [[String: Any]])
        #expect(grants[0]["grantee"] as? String == "AllUsers" && grants[0]["permission"] as? String == "READ")
        #expect(object["crossAccounts"] as? [String] == [other])
        let actions = try #require(object["actions"] as? [[String: Any]])
        #expect(Set(actions[0].keys) == ["action", "status", "detail"])
    }

    @Test func unreadableBucketHasNullVerdicts() throws {
        let report = BucketReport(bucket: "gone", account: owner, region: nil, trigger: "schedule", exposure: nil,
                                  exempt: false, actions: [StepOutcome<BucketStep>(.readBucket, .skipped,
                                                                        "NoSuchBucket")], dryRun: true)
        let object = try encoded(report)
        #expect(Set(object.keys) == contractKeys)
        #expect(object["verdict"] is NSNull)
        #expect(object["effectiveVerdict"] is NSNull)
        #expect(object["region"] is NSNull)
        #expect(object["dryRun"] as? Bool == true)
    }

    @Test func sweepCounts() throws {
        func report(_ name: String, _ verdict: Verdict?, _ effective: Verdict?, exempt: Bool = false) throws -> BucketReport {
            let text: String? = switch verdict {
            case .public?: publicPolicy
            case .crossAccount?: crossAccountPolicy
            default: nil
            }
            let exposure = verdict == nil ? nil : try evaluate(
                policy: text, acl: ownerOnlyACL, bucketBlock: effective == verdict ? nil : .all, accountBlock: nil,
                ownership: nil, owner: owner)
            return BucketReport(bucket: name, account: owner, region: "us-east-1", trigger: "schedule",
                                exposure: exposure, exempt: exempt, actions: [], dryRun: false)
        }
        let sweep = SweepReport(buckets: [
            try report("a", .public, .public), try report("b", .public, .notPublic), try report("c", .crossAccount, .crossAccount),
            try report("d", .notPublic, .notPublic), try report("e", nil, nil), try report("f", .public, .public, exempt: true),
        ], account: owner, dryRun: false)
        let object = try encoded(sweep)
        #expect(Set(object.keys) == ["buckets", "counts"])
        let counts = try #require(object["counts"] as? [String: Int])
        #expect(counts == ["total": 6, "public": 3, "cross-account": 1, "not-public": 1, "effectivelyPublic": 2,
                           "exempt": 1, "unreadable": 1])
        let buckets = try #require(object["buckets"] as? [[String: Any]])
        #expect(buckets.allSatisfy { Set($0.keys) == contractKeys })
        #expect(try encoded(CheckerResponse.sweep(sweep)).keys.sorted() == ["buckets", "counts"])
    }

    @Test func alertSaysWhereWhatWhoAndWhatWasDone() throws {
        let exposure = try evaluate(policy: policy(allow(#""*""#, sid: "PublicRead")), acl: ownerOnlyACL,
                                    bucketBlock: nil, accountBlock: nil, ownership: nil, owner: owner)
        let change = ChangeContext(eventName: "PutBucketPolicy", eventTime: "2026-11-25T21:14:03Z",
                                   actor: "arn:aws:sts::111122223333:assumed-role/DeveloperAccess/jdoe",
                                   sourceIPAddress: "203.0.113.42", userAgent: "aws-cli/2.17.20", errorCode: nil,
                                   requestWasPublic: true)
        let alert = BucketAlert(bucket: "watchpost-demo-public", account: owner, region: "us-east-1", exposure: exposure,
                                change: change,
                                actions: [StepOutcome<BucketStep>(.blockPublicAccess, .done, "turned on")],
                                dryRun: false, originalPolicy: publicPolicy)
        #expect(alert.subject == "watchpost: S3 bucket watchpost-demo-public is public in 111122223333")
        #expect(alert.causes == [#"statement 0 (Sid "PublicRead"): Principal "*", and no Condition limits it"#])
        let body = try #require(try JSONSerialization.jsonObject(with: Data(alert.snsMessage.utf8)) as? [String: Any])
        #expect(body["bucket"] as? String == "watchpost-demo-public")
        #expect(body["region"] as? String == "us-east-1")
        #expect(body["verdict"] as? String == "public")
        #expect(body["effectiveVerdict"] as? String == "public")
        let who = try #require(body["change"] as? [String: Any])
        #expect(who["userIdentityArn"] as? String == change.actor)
        #expect(who["sourceIPAddress"] as? String == "203.0.113.42")
        #expect(who["userAgent"] as? String == "aws-cli/2.17.20")
        #expect(who["eventTime"] as? String == "2026-11-25T21:14:03Z")
        #expect((body["actions"] as? [[String: Any]])?.first?["status"] as? String == "done")
        #expect(body["originalPolicy"] as? String == publicPolicy)
        #expect(body["crossAccountAccess"] as? [String] == [])
    }

    @Test func alertExplainsGrantsAndCrossAccountAccess() throws {
        let exposure = try evaluate(policy: crossAccountPolicy, acl: acl(authenticatedRead), bucketBlock: nil,
                                    accountBlock: nil, ownership: nil, owner: owner)
        let alert = BucketAlert(bucket: "b", account: owner, region: "us-east-1", exposure: exposure, change: nil,
                                actions: [], dryRun: false, originalPolicy: nil)
        #expect(alert.causes == ["ACL grant READ to AuthenticatedUsers (anyone with an AWS account)"])
        #expect(alert.crossAccountLines == [#"statement 0 (Sid "Partner"): grants to 444455556666"#])
    }

    @Test func alertSubjectFitsSNS() throws {
        let exposure = try evaluate(policy: publicPolicy, acl: ownerOnlyACL, bucketBlock: .all, accountBlock: nil,
                                    ownership: nil, owner: owner)
        let alert = BucketAlert(bucket: String(repeating: "b", count: 63), account: owner, region: nil, exposure: exposure,
                                change: nil, actions: [], dryRun: true, originalPolicy: nil)
        #expect(alert.subject.count < 100)
        let ascii = alert.subject.unicodeScalars.allSatisfy(\.isASCII)
        #expect(ascii)
        #expect(alert.subject.hasPrefix("[dry run] "))
        #expect(alert.verdictLine == "public as written, not-public as effective")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(alert.snsMessage.utf8)) as? [String: Any])
        #expect(body["change"] is NSNull)
        #expect(body["originalPolicy"] is NSNull)
    }
}
