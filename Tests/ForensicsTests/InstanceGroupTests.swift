import AWSModels
import WatchpostCore
import Foundation
import SecurityEvents
import Testing

@testable import ForensicsCore
@testable import Forensics
import Primitives

/// Findings that name several instances: GuardDuty's `AttackSequence:EC2/CompromisedInstanceGroup`
/// in the shape EventBridge delivers (the GuardDuty API's `Finding`, camelCase, with the attack
/// sequence under `service.detection.sequence`: `ResourceV2` resources and signals naming them
/// by `resourceUids`), and Security Hub findings with several `AwsEc2Instance` resources.
struct InstanceGroupTests {
    static let first = "i-0a1b2c3d4e5f60718"
    static let second = "i-0f1e2d3c4b5a69788"
    static let third = "i-099aabbccddeeff00"

    /// `sample` and `resourceRole` as the finding's `service` carries them.
    static func attackSequence(sample: Bool = false, severity: Double = 9, resourceRole: String = "ACTOR",
                               secondId: String = second) throws -> JSONValue {
        try RequestParserTests.json("""
            {"version": "0", "id": "7bf0b1e8-0b44-2a5c-6c63-2d7a1f0e4c11", "detail-type": "GuardDuty Finding",
             "source": "aws.guardduty", "account": "111122223333", "time": "2026-11-25T21:31:12Z", "region": "us-east-1",
             "resources": [],
             "detail": {
               "schemaVersion": "2.0", "accountId": "111122223333", "region": "us-east-1", "partition": "aws",
               "id": "c8c9b5a2f1e4d3c2b1a0f9e8d7c6b5a4",
               "arn": "arn:aws:guardduty:us-east-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0/finding/c8c9b5a2f1e4d3c2b1a0f9e8d7c6b5a4",
               "type": "AttackSequence:EC2/CompromisedInstanceGroup", "severity": \(severity),
               "title": "Potential compromise of a group of EC2 instances indicated by a sequence of actions.",
               "description": "A group of EC2 instances with similar configurations performed a sequence of suspicious actions.",
               "createdAt": "2026-11-25T21:20:00.000Z", "updatedAt": "2026-11-25T21:30:00.000Z",
               "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "\(first)",
                 "instanceType": "m5.large", "availabilityZone": "us-east-1a"}},
               "service": {"serviceName": "guardduty", "detectorId": "12abc34d567e8fa901bc2d34e56789f0",
                 "resourceRole": "\(resourceRole)", "archived": false, "count": 1,
                 "additionalInfo": {"sample": \(sample), "type": "default", "value": "{\\"sample\\":\(sample)}"},
                 "detection": {"sequence": {
                   "uid": "6aa7f3a0-7f5e-4b2b-a3f7-96c1f2d6d0aa",
                   "description": "A sequence of suspicious actions was observed on a group of EC2 instances.",
                   "resources": [
                     {"uid": "\(first)", "resourceType": "EC2_INSTANCE", "accountId": "111122223333", "region": "us-east-1",
                      "service": "EC2", "cloudPartition": "aws", "data": {"ec2Instance": {"instanceType": "m5.large"}}},
                     {"uid": "\(secondId)", "resourceType": "EC2_INSTANCE", "accountId": "111122223333", "region": "us-east-1",
                      "service": "EC2", "cloudPartition": "aws"},
                     {"uid": "ASIAIOSFODNN7EXAMPLE", "resourceType": "ACCESS_KEY", "accountId": "111122223333"},
                     {"uid": "arn:aws:iam::111122223333:instance-profile/web", "resourceType": "IAM_INSTANCE_PROFILE"}
                   ],
                   "signals": [
                     {"uid": "arn:aws:guardduty:us-east-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0/finding/0a1b",
                      "type": "FINDING", "name": "CryptoCurrency:Runtime/BitcoinTool.B", "count": 3, "severity": 8,
                      "createdAt": 1795638000000, "updatedAt": 1795641600000, "firstSeenAt": 1795638000000, "lastSeenAt": 1795641600000,
                      "resourceUids": ["\(first)", "\(secondId)"]},
                     {"uid": "signal-2", "type": "CLOUD_TRAIL", "name": "ec2:RunInstances", "count": 1,
                      "createdAt": 1795638000000, "updatedAt": 1795641600000, "firstSeenAt": 1795638000000, "lastSeenAt": 1795641600000,
                      "resourceUids": ["arn:aws:ec2:us-west-2:444455556666:instance/\(third)", "ASIAIOSFODNN7EXAMPLE"]}
                   ]}}}}}
            """)
    }

    static func request(_ event: JSONValue) throws -> IsolationRequest {
        try #require(RequestParserTests.isolation(RequestParser.parse(event)))
    }

    @Test func everyInstanceTheSequenceNamesIsFoundOnceInOrder() throws {
        let request = try Self.request(Self.attackSequence())
        #expect(request.instances == [
            NamedInstance(id: Self.first, account: "111122223333", region: "us-east-1"),
            NamedInstance(id: Self.second, account: "111122223333", region: "us-east-1"),
            // Named only by a signal, by ARN: its own account and region.
            NamedInstance(id: Self.third, account: "444455556666", region: "us-west-2"),
        ])
        #expect(request.resource == .instance(id: Self.first))
        #expect(request.finding.type == "AttackSequence:EC2/CompromisedInstanceGroup")
    }

    @Test func aSequenceWhoseFindingResourceIsNotAnInstanceStillNamesItsInstances() throws {
        var text = String(decoding: try JSONEncoder().encode(Self.attackSequence()), as: UTF8.self)
        text = text.replacingOccurrences(of: #""resourceType":"Instance""#, with: #""resourceType":"EC2InstanceGroup""#)
        let request = try Self.request(RequestParserTests.json(text))
        #expect(request.instances.map(\.id) == [Self.first, Self.second, Self.third])
    }

    @Test func aSingleInstanceFindingNamesNoGroup() throws {
        let event = try RealFindingShapesTests.securityHub(severity: #"{"Product": 8, "Label": "HIGH"}"#)
        #expect(try Self.request(event).instances.isEmpty)
        let response = ForensicsResponse(
            decision: .skip, reason: "r", instanceId: "i-0123456789abcdef0", account: nil, region: nil, incidentId: nil,
            finding: FindingSummary(source: .direct), steps: [], dryRun: false)
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(response)) as? [String: Any]
        #expect(encoded?["instances"] == nil)
        #expect(encoded?.keys.sorted() == ["account", "decision", "dryRun", "finding", "incidentId", "instanceId", "reason", "region", "steps"])
    }

    @Test func theLimitIsolatesTheFirstNamedAndReportsTheRest() throws {
        let members = InstanceGroup.split(try Self.request(Self.attackSequence()), minSeverity: 4, limit: 2)
        #expect(members.map(\.request.resource) == [.instance(id: Self.first), .instance(id: Self.second), .instance(id: Self.third)])
        #expect(members[0].verdict == .isolate && members[1].verdict == .isolate)
        guard case .report(let why) = members[2].verdict else { Issue.record("\(members[2].verdict)"); return }
        #expect(why.contains("MAX_INSTANCES_PER_FINDING (2)"))
        #expect(members[2].request.account == "444455556666" && members[2].request.region == "us-west-2")
        #expect(members.allSatisfy { $0.request.instances.isEmpty })
        #expect(InstanceGroup.split(try Self.request(Self.attackSequence()), minSeverity: 4, limit: 5).allSatisfy { $0.verdict == .isolate })
    }

    @Test func eachInstanceIsJudgedByTheSingleInstanceRules() throws {
        let sample = InstanceGroup.split(try Self.request(Self.attackSequence(sample: true)), minSeverity: 4, limit: 5)
        #expect(sample.map(\.verdict) == Array(repeating: .skip("sample finding (generated by GuardDuty for testing)"), count: 3))
        let low = InstanceGroup.split(try Self.request(Self.attackSequence(severity: 3)), minSeverity: 4, limit: 5)
        #expect(low.map(\.verdict) == Array(repeating: .skip("severity 3 is under MIN_SEVERITY 4"), count: 3))
    }

    @Test func anImpossibleIdIsSkippedAndDoesNotUseUpTheLimit() throws {
        let members = InstanceGroup.split(try Self.request(Self.attackSequence(secondId: "i-NOTANID")), minSeverity: 4, limit: 2)
        #expect(members.map(\.verdict.isIsolate) == [true, false, true])
        guard case .skip(let why) = members[1].verdict else { Issue.record("\(members[1].verdict)"); return }
        #expect(why.contains("is not an EC2 instance id"))
    }

    @Test func securityHubNamesEveryInstanceResource() throws {
        let event = try RequestParserTests.json("""
            {"version": "0", "id": "e", "detail-type": "Security Hub Findings - Imported", "source": "aws.securityhub",
             "account": "111122223333", "region": "us-east-1", "time": "2026-11-25T21:31:12Z", "resources": [],
             "detail": {"findings": [{"SchemaVersion": "2018-10-08", "Id": "f-1", "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/guardduty",
               "GeneratorId": "g", "AwsAccountId": "111122223333", "Types": ["TTPs/AttackSequence:EC2-CompromisedInstanceGroup"],
               "Severity": {"Product": 9, "Label": "CRITICAL"}, "RecordState": "ACTIVE",
               "Resources": [{"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:111122223333:instance/\(Self.first)"},
                             {"Type": "AwsIamAccessKey", "Id": "ASIAIOSFODNN7EXAMPLE"},
                             {"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:eu-west-1:111122223333:instance/\(Self.second)", "Region": "eu-west-1"}]}]}}
            """)
        #expect(try Self.request(event).instances == [
            NamedInstance(id: Self.first, account: "111122223333", region: "us-east-1"),
            NamedInstance(id: Self.second, account: "111122223333", region: "eu-west-1"),
        ])
    }

    @Test func theGroupResponseKeepsTheSingleInstanceFieldsAndListsEveryInstance() throws {
        func result(_ id: String, _ decision: Decision, incident: String?) -> ForensicsResponse {
            ForensicsResponse(decision: decision, reason: "why \(id)", instanceId: id, account: "111122223333", region: "us-east-1",
                              incidentId: incident, finding: FindingSummary(source: .guardDuty), steps: [StepOutcome<QuarantineStep>(.describe, .done, id)],
                              dryRun: false)
        }
        let finding = FindingSummary(source: .guardDuty, id: "f", type: "AttackSequence:EC2/CompromisedInstanceGroup", severity: 9)
        let response = ForensicsResponse.group(
            [result(Self.first, .skip, incident: nil), result(Self.second, .isolate, incident: "wp-2"), result(Self.third, .skip, incident: nil)],
            finding: finding, dryRun: false)
        #expect(response.decision == .isolate && response.instanceId == Self.second && response.incidentId == "wp-2")
        #expect(response.steps == [StepOutcome<QuarantineStep>(.describe, .done, Self.second)])
        #expect(response.finding == finding)
        #expect(response.instances?.map(\.instanceId) == [Self.first, Self.second, Self.third])
        #expect(response.instances?.map(\.decision) == [.skip, .isolate, .skip])
        #expect(response.reason == "the finding names 3 instances: isolated \(Self.second); 2 not (see instances)")
        let none = ForensicsResponse.group([result(Self.first, .skip, incident: nil), result(Self.second, .skip, incident: nil)],
                                           finding: finding, dryRun: false)
        #expect(none.decision == .skip && none.instanceId == Self.first)
    }

    @Test func maxInstancesPerFindingIsASetting() throws {
        #expect(try ForensicsSettings(environment: [:]).maxInstancesPerFinding == 5)
        #expect(try ForensicsSettings(environment: ["MAX_INSTANCES_PER_FINDING": " 2 "]).maxInstancesPerFinding == 2)
        for bad in ["0", "-1", "many", "2.5"] {
            #expect(throws: ForensicsError.self) { try ForensicsSettings(environment: ["MAX_INSTANCES_PER_FINDING": bad]) }
        }
    }
}

extension FindingVerdict {
    var isIsolate: Bool { self == .isolate }
}
