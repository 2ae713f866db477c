import WatchpostCore
import Foundation
import SecurityEvents
import Testing

@testable import ForensicsCore
@testable import Forensics
import Primitives

/// Finding shapes real producers send: Security Hub severities whose `Normalized` is banded,
/// and GuardDuty's sample flag inside `additionalInfo.value` (the API's native form).
struct RealFindingShapesTests {
    static func securityHub(severity: String, providerSeverity: String? = nil, productFields: String = "{}") throws -> JSONValue {
        let provider = providerSeverity.map { #", "FindingProviderFields": {"Severity": \#($0)}"# } ?? ""
        return try RequestParserTests.json("""
            {"version": "0", "id": "e", "detail-type": "Security Hub Findings - Imported", "source": "aws.securityhub",
             "account": "111122223333", "region": "us-east-1", "time": "2026-11-25T21:31:12Z", "resources": [],
             "detail": {"findings": [{"SchemaVersion": "2018-10-08", "Id": "f-1", "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/guardduty",
               "GeneratorId": "g", "AwsAccountId": "111122223333", "Types": ["TTPs/Discovery/Recon:EC2-PortProbeUnprotectedPort"],
               "Severity": \(severity)\(provider), "ProductFields": \(productFields), "RecordState": "ACTIVE",
               "Resources": [{"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"}]}]}}
            """)
    }

    static func finding(_ event: JSONValue) throws -> FindingSummary {
        try #require(RequestParserTests.isolation(RequestParser.parse(event))).finding
    }

    struct SeverityCase: Sendable, CustomStringConvertible {
        let severity: String
        let provider: String?
        let value: Double
        let source: String
        var description: String { severity + (provider ?? "") }
    }

    /// GuardDuty's Security Hub findings as delivered: a Medium 5.0 is `Normalized` 40, a High
    /// 8.0 is 70 in the banded form; the native value is read first.
    static let severities: [SeverityCase] = [
        .init(severity: #"{"Product": 5, "Label": "MEDIUM", "Normalized": 40, "Original": "5"}"#, provider: nil, value: 5, source: "Severity.Product"),
        .init(severity: #"{"Product": 8, "Label": "HIGH", "Normalized": 70}"#, provider: nil, value: 8, source: "Severity.Product"),
        .init(severity: #"{"Label": "HIGH", "Normalized": 70, "Original": "8.0"}"#, provider: nil, value: 8, source: "Severity.Original"),
        .init(severity: #"{"Label": "MEDIUM", "Normalized": 40}"#, provider: #"{"Label": "MEDIUM", "Original": "5.5"}"#, value: 5.5,
              source: "FindingProviderFields.Severity.Original"),
        .init(severity: #"{"Label": "HIGH", "Normalized": 75, "Original": "HIGH"}"#, provider: nil, value: 7.5, source: "Severity.Normalized"),
        .init(severity: #"{"Label": "MEDIUM"}"#, provider: nil, value: 4, source: "Severity.Label"),
    ]

    @Test(arguments: severities)
    func securityHubSeverityPrefersTheNativeValue(_ c: SeverityCase) throws {
        let finding = try Self.finding(Self.securityHub(severity: c.severity, providerSeverity: c.provider))
        #expect(finding.severity == c.value)
        #expect(finding.severitySource == c.source)
    }

    @Test func aMediumThroughSecurityHubIsNotSkippedAtMinSeverityFive() throws {
        let event = try Self.securityHub(severity: #"{"Product": 5, "Label": "MEDIUM", "Normalized": 40, "Original": "5"}"#)
        let request = try #require(RequestParserTests.isolation(RequestParser.parse(event)))
        #expect(FindingVerdict.judge(request, minSeverity: 5) == .isolate)
        let severityEight = try #require(RequestParserTests.isolation(RequestParser.parse(
            Self.securityHub(severity: #"{"Product": 8, "Label": "HIGH", "Normalized": 70, "Original": "8"}"#))))
        #expect(FindingVerdict.judge(severityEight, minSeverity: 8) == .isolate)
    }

    @Test func severityIsInTheResponse() throws {
        let summary = try Self.finding(Self.securityHub(severity: #"{"Product": 5, "Label": "MEDIUM", "Normalized": 40}"#))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(summary)) as! [String: Any]
        #expect(json["severitySource"] as? String == "Severity.Product")
    }

    // MARK: sample flag

    static func guardDuty(additionalInfo: String) throws -> JSONValue {
        try RequestParserTests.json("""
            {"version": "0", "id": "e", "detail-type": "GuardDuty Finding", "source": "aws.guardduty", "account": "111122223333",
             "region": "us-east-1", "time": "2026-11-25T21:31:12Z", "resources": [],
             "detail": {"schemaVersion": "2.0", "accountId": "111122223333", "region": "us-east-1", "partition": "aws", "id": "f",
               "type": "Backdoor:EC2/C&CActivity.B!DNS", "severity": 8,
               "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "i-99999999"}},
               "service": {"serviceName": "guardduty", "archived": false, "additionalInfo": \(additionalInfo)}}}
            """)
    }

    @Test(arguments: [
        #"{"sample": true}"#, #"{"sample": "true"}"#,
        #"{"value": "{\"sample\":true}", "type": "default"}"#, #"{"value": "{\"sample\": \"true\", \"threatName\": \"x\"}", "type": "default"}"#,
    ])
    func aGuardDutySampleIsRecognisedInEveryForm(_ additionalInfo: String) throws {
        let request = try #require(RequestParserTests.isolation(RequestParser.parse(Self.guardDuty(additionalInfo: additionalInfo))))
        #expect(request.isSample)
    }

    @Test(arguments: [#"{}"#, #"{"value": "{\"threatName\":\"x\"}", "type": "default"}"#, #"{"value": "not json"}"#, #"{"sample": false}"#])
    func aRealFindingIsNotASample(_ additionalInfo: String) throws {
        let request = try #require(RequestParserTests.isolation(RequestParser.parse(Self.guardDuty(additionalInfo: additionalInfo))))
        #expect(!request.isSample)
    }

    @Test func aSampleThroughSecurityHubProductFieldsIsRecognised() throws {
        let event = try Self.securityHub(severity: #"{"Product": 8}"#,
                                         productFields: #"{"aws/guardduty/service/additionalInfo/value": "{\"sample\":true}"}"#)
        let request = try #require(RequestParserTests.isolation(RequestParser.parse(event)))
        #expect(request.isSample)
    }

    /// A sample in the API's native form costs no AWS call and is skipped.
    @Test func aNativeFormSampleMakesNoAWSCall() async throws {
        let aws = HandlerTests.world()
        let event = try Self.guardDuty(additionalInfo: #"{"value": "{\"sample\":true}", "type": "default"}"#)
        let response = try await HandlerTests.handler(aws).handle(event, context: HandlerTests.context())
        #expect(response.decision == .skip)
        #expect(aws.calls.isEmpty)
    }
}
