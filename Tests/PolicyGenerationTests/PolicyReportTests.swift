import Foundation
import Testing
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import SecurityEvents

struct PolicyReportTests {
    static func report(apply: PolicyRequest.ApplyTarget? = nil) throws -> PolicyReport {
        let principal = try Principal(arn: TestRecords.roleARN)
        let window = try TimeWindow(start: "2026-11-20", end: "2026-11-21")
        let request = try PolicyRequest(principal: principal, window: window, source: .s3, trailBucket: "t", apply: apply)
        var activity = Activity(principal: principal, window: window, regions: nil)
        activity.add(TestRecords.record("s3.amazonaws.com", "GetObject", parameters: ["bucketName": "b", "key": "k"]))
        activity.add(TestRecords.record("sqs.amazonaws.com", "SendMessage", errorCode: "AccessDenied"))
        activity.add(TestRecords.record("sts.amazonaws.com", "GetCallerIdentity"))
        return PolicyReport(request: request, activity: activity, granted: [
            .init(name: "arn:aws:iam::111122223333:policy/broad", document: ["Statement": [["Effect": "Allow", "Action": ["s3:*", "sqs:*"], "Resource": "*"]]]),
        ])
    }

    @Test func encodesExactlyTheContractsFields() throws {
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(try Self.report())) as! [String: Any]
        #expect(Set(json.keys) == ["principal", "window", "source", "recordsRead", "recordsMatched", "actions", "inferred",
                                   "resources", "policy", "excluded", "denied", "unmapped", "unused", "size", "applied"])
        #expect(json["applied"] is NSNull)
        #expect(json["window"] as? [String: String] == ["start": "2026-11-20T00:00:00Z", "end": "2026-11-21T00:00:00Z"])
        #expect(json["actions"] as? [String] == ["s3:GetObject"])
        #expect(json["resources"] as? [String: [String]] == ["s3:GetObject": ["arn:aws:s3:::b/k"]])
        #expect(json["excluded"] as? [String: Int] == ["no-permission-needed": 1])
        #expect((json["denied"] as? [[String: Any]])?.first?["errorCode"] as? String == "AccessDenied")
        #expect((json["unused"] as? [[String: String]]) == [["policy": "arn:aws:iam::111122223333:policy/broad", "action": "sqs:*"]])
        let size = json["size"] as? [String: Any]
        #expect(size?["limit"] as? Int == 6144 && size?["folded"] as? Bool == false)
        let policy = json["policy"] as? [String: Any]
        #expect(policy?["Version"] as? String == "2012-10-17")
        // The size is the policy as written, whitespace excluded: 126 characters, as Python's
        // json.dumps(separators=(",", ":")) counts this document.
        #expect(size?["characters"] as? Int == 126)
        #expect((try Self.report()).policy.json
            == #"{"Version":"2012-10-17","Statement":[{"Sid":"S3","Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/k"]}]}"#)
    }

    @Test func inlineTargetsGetTheInlineLimit() throws {
        #expect(try Self.report(apply: .inlinePolicy(name: "least")).size.limit == 10_240)
    }
}
