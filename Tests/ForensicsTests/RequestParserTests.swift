import WatchpostCore
import Foundation
import SecurityEvents
import Testing

@testable import ForensicsCore
@testable import Forensics
import Primitives

/// The sample events in events/forensic-isolator/ and the shapes that must be refused.
struct RequestParserTests {
    static let eventsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("events/forensic-isolator")

    static func event(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: eventsDirectory.appendingPathComponent(name))
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func isolation(_ parsed: ParsedEvent) -> IsolationRequest? {
        if case .isolate(let request) = parsed.request { return request }
        return nil
    }

    struct SampleCase: Sendable, CustomStringConvertible {
        let file: String
        let source: FindingSource
        let instanceId: String
        let findingType: String?
        let severity: Double?
        let viaSNS: Bool
        let sample: Bool
        let role: String?
        var description: String { file }
    }

    static let samples: [SampleCase] = [
        .init(file: "guardduty-c2-via-sns.json", source: .guardDuty, instanceId: "i-0123456789abcdef0",
              findingType: "Backdoor:EC2/C&CActivity.B!DNS", severity: 8, viaSNS: true, sample: false, role: "ACTOR"),
        .init(file: "guardduty-bitcoin-direct.json", source: .guardDuty, instanceId: "i-0123456789abcdef0",
              findingType: "CryptoCurrency:EC2/BitcoinTool.B!DNS", severity: 5, viaSNS: false, sample: false, role: "ACTOR"),
        .init(file: "guardduty-sample-via-sns.json", source: .guardDuty, instanceId: "i-99999999",
              findingType: "Backdoor:EC2/DenialOfService.Tcp", severity: 8, viaSNS: true, sample: true, role: "ACTOR"),
        .init(file: "guardduty-port-probe-target-via-sns.json", source: .guardDuty, instanceId: "i-0123456789abcdef0",
              findingType: "Recon:EC2/PortProbeUnprotectedPort", severity: 5, viaSNS: true, sample: false, role: "TARGET"),
        .init(file: "securityhub-c2-via-sns.json", source: .securityHub, instanceId: "i-0123456789abcdef0",
              findingType: "TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS", severity: 8, viaSNS: true,
              sample: false, role: "ACTOR"),
        .init(file: "plain-instance-id.json", source: .direct, instanceId: "i-0123456789abcdef0",
              findingType: nil, severity: nil, viaSNS: false, sample: false, role: nil),
        .init(file: "plain-instance-id-via-sns.json", source: .direct, instanceId: "i-0123456789abcdef0",
              findingType: nil, severity: nil, viaSNS: true, sample: false, role: nil),
    ]

    @Test(arguments: samples)
    func sampleEventsParse(_ sample: SampleCase) throws {
        let parsed = try RequestParser.parse(Self.event(sample.file))
        let request = try #require(Self.isolation(parsed))
        #expect(request.resource == .instance(id: sample.instanceId))
        #expect(request.finding.source == sample.source)
        #expect(request.finding.type == sample.findingType)
        #expect(request.finding.severity == sample.severity)
        #expect(request.isSample == sample.sample)
        #expect(request.resourceRole == sample.role)
        #expect(!request.isArchived)
        #expect((parsed.snsTopicArn != nil) == sample.viaSNS)
        if sample.viaSNS {
            #expect(parsed.snsTopicArn == "arn:aws:sns:us-east-1:111122223333:watchpost-findings")
        }
        if sample.source != .direct {
            #expect(request.account == "111122223333")
            #expect(request.region == "us-east-1")
            #expect(request.finding.id != nil)
        }
    }

    @Test func releaseSampleParses() throws {
        let parsed = try RequestParser.parse(Self.event("release-incident.json"))
        guard case .release(let release) = parsed.request else {
            Issue.record("expected a release, got \(parsed.request)")
            return
        }
        #expect(release.incidentId == "wp-i-0123456789abcdef0-20261125T213004Z")
        #expect(release.instanceId == nil)
        #expect(release.reason.hasPrefix("False positive"))
    }

    @Test func releaseByInstanceWithAccountAndRegion() throws {
        let parsed = try RequestParser.parse(Self.json(
            #"{"action": "release", "instanceId": "i-0123456789abcdef0", "account": "444455556666", "region": "eu-west-1"}"#))
        #expect(parsed.request == .release(ReleaseRequest(
            incidentId: nil, instanceId: "i-0123456789abcdef0", account: "444455556666", region: "eu-west-1",
            reason: "release requested")))
    }

    @Test func explicitIsolateActionIsPlain() throws {
        let parsed = try RequestParser.parse(Self.json(#"{"action": "isolate", "instanceId": "i-0123abcd"}"#))
        let request = try #require(Self.isolation(parsed))
        #expect(request.resource == .instance(id: "i-0123abcd"))
        #expect(request.reason == "isolation requested directly")
        #expect(request.account == nil && request.region == nil)
    }

    @Test func guardDutyAccountIsTheFindingsNotTheEnvelopes() throws {
        // Delegated administrator: the event arrives in the admin account, the instance is elsewhere.
        var event = try Self.event("guardduty-bitcoin-direct.json")
        guard case .object(var members) = event, case .object(var detail)? = members["detail"] else {
            Issue.record("sample event has no detail")
            return
        }
        detail["accountId"] = "444455556666"
        members["detail"] = .object(detail)
        event = .object(members)
        let request = try #require(Self.isolation(RequestParser.parse(event)))
        #expect(request.account == "444455556666")
    }

    @Test func guardDutyNonInstanceResourceIsOther() throws {
        let event = try Self.json("""
            {"version": "0", "id": "1", "detail-type": "GuardDuty Finding", "source": "aws.guardduty",
             "account": "111122223333", "time": "2026-11-25T21:00:00Z", "region": "us-east-1", "resources": [],
             "detail": {"accountId": "111122223333", "region": "us-east-1", "id": "abc", "type": "UnauthorizedAccess:IAMUser/MaliciousIPCaller",
                        "severity": 5, "resource": {"resourceType": "AccessKey", "accessKeyDetails": {"userName": "alice"}},
                        "service": {"archived": true}}}
            """)
        let request = try #require(Self.isolation(RequestParser.parse(event)))
        #expect(request.resource == .other(type: "AccessKey"))
        #expect(request.isArchived)
    }

    @Test func securityHubArchivedSampleAndLabelOnlySeverity() throws {
        let event = try Self.json("""
            {"version": "0", "id": "1", "detail-type": "Security Hub Findings - Custom Action", "source": "aws.securityhub",
             "account": "111122223333", "time": "2026-11-25T21:00:00Z", "region": "eu-west-1", "resources": [],
             "detail": {"findings": [{"Id": "f-1", "ProductArn": "arn:aws:securityhub:eu-west-1::product/aws/guardduty",
                "AwsAccountId": "444455556666", "Types": ["Software and Configuration Checks/Vulnerabilities"],
                "Severity": {"Label": "MEDIUM"}, "RecordState": "ARCHIVED",
                "ProductFields": {"aws/guardduty/service/additionalInfo/sample": "true"},
                "Resources": [{"Type": "AwsEc2Instance", "Id": "i-0123abcd"}]}]}}
            """)
        let request = try #require(Self.isolation(RequestParser.parse(event)))
        #expect(request.resource == .instance(id: "i-0123abcd"))
        #expect(request.finding.severity == 4)
        #expect(request.isArchived)
        #expect(request.isSample)
        #expect(request.account == "444455556666")
        #expect(request.region == "eu-west-1")
    }

    @Test func securityHubWithoutAnInstanceNamesTheResourceType() throws {
        let event = try Self.json("""
            {"version": "0", "id": "1", "detail-type": "Security Hub Findings - Imported", "source": "aws.securityhub",
             "account": "111122223333", "time": "2026-11-25T21:00:00Z", "region": "us-east-1", "resources": [],
             "detail": {"findings": [{"Id": "f-1", "ProductArn": "p", "AwsAccountId": "111122223333",
                "Severity": {"Label": "CRITICAL", "Normalized": 90},
                "Resources": [{"Type": "AwsS3Bucket", "Id": "arn:aws:s3:::example-bucket"}]}]}}
            """)
        let request = try #require(Self.isolation(RequestParser.parse(event)))
        #expect(request.resource == .other(type: "AwsS3Bucket"))
        #expect(request.finding.severity == 9)
    }

    @Test(arguments: [
        ("HIGH", 80.0, 8.0), ("HIGH", nil, 7.0), ("MEDIUM", 40, 4), ("LOW", 39, 3.9),
        // Inconsistent producers: the label wins, the number only refines within it.
        ("HIGH", 0, 7), ("LOW", 95, 3.9), ("CRITICAL", 100, 10), ("INFORMATIONAL", 30, 0),
        (nil, 55, 5.5), ("unknown", 20, 2),
    ] as [(String?, Double?, Double)])
    func securityHubSeverity(_ label: String?, _ normalized: Double?, _ expected: Double) throws {
        var severity: JSONValue = [:]
        if case .object(var members) = severity {
            if let label { members["Label"] = .string(label) }
            if let normalized { members["Normalized"] = .number(normalized) }
            severity = .object(members)
        }
        let finding: JSONValue = ["Id": "f", "ProductArn": "p", "AwsAccountId": "111122223333", "Resources": [], "Severity": severity]
        let decoded = try JSONDecoder().decode(SecurityHubFinding.self, from: JSONEncoder().encode(finding))
        let value = try #require(SecurityHubSeverity.read(decoded)?.value)
        #expect(abs(value - expected) < 0.0001)
    }

    struct Refusal: Sendable, CustomStringConvertible {
        let name: String
        let event: String
        let errorType: String
        let mentions: String
        var description: String { name }
    }

    static let refusals: [Refusal] = [
        .init(name: "array", event: "[1, 2]", errorType: "InvalidEvent", mentions: "an array"),
        .init(name: "string", event: #""i-0123abcd""#, errorType: "InvalidEvent", mentions: "a string"),
        .init(name: "two SNS records", event: """
            {"Records": [\(snsRecord(#"{\"instanceId\": \"i-0123abcd\"}"#)), \(snsRecord(#"{\"instanceId\": \"i-0123abcd\"}"#))]}
            """, errorType: "InvalidEvent", mentions: "2 records"),
        .init(name: "SNS message not JSON", event: #"{"Records": [\#(snsRecord("i-0123abcd please"))]}"#,
              errorType: "InvalidEvent", mentions: "not JSON: i-0123abcd please"),
        .init(name: "SNS message a JSON string", event: #"{"Records": [\#(snsRecord(#"\"i-0123abcd\""#))]}"#,
              errorType: "UnsupportedEvent", mentions: "a string"),
        .init(name: "SNS inside SNS", event: #"{"Records": [\#(snsRecord(#"{\"Records\": []}"#))]}"#,
              errorType: "UnsupportedEvent", mentions: "an object"),
        .init(name: "S3 records", event: #"{"Records": [{"EventSource": "aws:s3", "Sns": {"MessageId": "1", "TopicArn": "t", "Message": "{}"}}]}"#,
              errorType: "UnsupportedEvent", mentions: "aws:s3"),
        .init(name: "other EventBridge event", event: """
            {"version": "0", "id": "1", "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",
             "account": "111122223333", "time": "2026-11-25T21:00:00Z", "region": "us-east-1", "detail": {}}
            """, errorType: "UnsupportedEvent", mentions: "'EC2 Instance State-change Notification' from 'aws.ec2'"),
        .init(name: "GuardDuty finding without id", event: """
            {"version": "0", "id": "1", "detail-type": "GuardDuty Finding", "source": "aws.guardduty",
             "account": "111122223333", "time": "2026-11-25T21:00:00Z", "region": "us-east-1",
             "detail": {"accountId": "111122223333", "region": "us-east-1", "type": "t", "severity": 5,
                        "resource": {"resourceType": "Instance"}}}
            """, errorType: "InvalidEvent", mentions: "missing detail.id"),
        .init(name: "GuardDuty severity not a number", event: """
            {"version": "0", "id": "1", "detail-type": "GuardDuty Finding", "source": "aws.guardduty",
             "account": "111122223333", "time": "2026-11-25T21:00:00Z", "region": "us-east-1",
             "detail": {"accountId": "111122223333", "region": "us-east-1", "id": "x", "type": "t", "severity": "high",
                        "resource": {"resourceType": "Instance"}}}
            """, errorType: "InvalidEvent", mentions: "detail.severity"),
        .init(name: "Security Hub with two findings", event: """
            {"version": "0", "id": "1", "detail-type": "Security Hub Findings - Custom Action", "source": "aws.securityhub",
             "account": "111122223333", "time": "2026-11-25T21:00:00Z", "region": "us-east-1",
             "detail": {"findings": [
               {"Id": "a", "ProductArn": "p", "AwsAccountId": "111122223333", "Resources": [{"Type": "AwsEc2Instance", "Id": "i-0123abcd"}]},
               {"Id": "b", "ProductArn": "p", "AwsAccountId": "111122223333", "Resources": [{"Type": "AwsEc2Instance", "Id": "i-0123abce"}]}]}}
            """, errorType: "UnsupportedEvent", mentions: "2 findings"),
        .init(name: "unknown object", event: #"{"bucket": "b", "key": "k"}"#, errorType: "UnsupportedEvent",
              mentions: "[bucket, key]"),
        .init(name: "unknown action", event: #"{"action": "terminate", "instanceId": "i-0123abcd"}"#,
              errorType: "UnsupportedEvent", mentions: "\"terminate\""),
        .init(name: "release without target", event: #"{"action": "release"}"#, errorType: "InvalidEvent",
              mentions: "incidentId"),
        .init(name: "instanceId a number", event: #"{"instanceId": 12345678}"#, errorType: "InvalidEvent",
              mentions: "12345678"),
        .init(name: "reason an object", event: #"{"instanceId": "i-0123abcd", "reason": {"a": 1}}"#,
              errorType: "InvalidEvent", mentions: "reason must be a string"),
    ]

    static func snsRecord(_ message: String) -> String {
        #"{"EventSource": "aws:sns", "Sns": {"MessageId": "m-1", "TopicArn": "arn:aws:sns:us-east-1:111122223333:in", "Message": "\#(message)"}}"#
    }

    @Test(arguments: refusals)
    func refusesWithAClearError(_ refusal: Refusal) throws {
        let event = try Self.json(refusal.event)
        do {
            let parsed = try RequestParser.parse(event)
            Issue.record("expected \(refusal.errorType), parsed \(parsed)")
        } catch {
            #expect(error.errorType == refusal.errorType)
            #expect(error.errorMessage.contains(refusal.mentions), "\(error.errorMessage)")
        }
    }
}
