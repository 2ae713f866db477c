import WatchpostCore
import Foundation
import Testing
@testable import Integrations

@Suite("Findings in the AWS Security Finding Format")
struct ASFFTests {
    static func finding(account: String = "111122223333") -> Finding {
        var finding = Finding(
            kind: "isolation", account: account,
            resource: .init(type: .ec2Instance, arn: "arn:aws:ec2:eu-west-1:\(account):instance/i-0abc", region: "eu-west-1"),
            types: ["TTPs/Command and Control"], severity: .high, title: "Instance i-0abc isolated",
            description: "GuardDuty reported a C&C callback.", recommendation: "Investigate from the forensic workstation.")
        finding.details = ["watchpost/step/isolate-network": "done: isolation group on eni-1"]
        return finding
    }

    static func encoded(_ record: ASFF) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as! [String: Any]
    }

    @Test func everyFieldSecurityHubRequires() throws {
        let json = try Self.encoded(ASFF(Self.finding(), function: "forensic-isolator", region: "eu-west-1",
                                         timestamp: "2026-11-26T01:00:00.000Z"))
        #expect(json["SchemaVersion"] as? String == "2018-10-08")
        #expect(json["Id"] as? String == "watchpost/forensic-isolator/isolation/arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc")
        #expect(json["ProductArn"] as? String == "arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default")
        #expect(json["GeneratorId"] as? String == "watchpost/forensic-isolator")
        #expect(json["AwsAccountId"] as? String == "111122223333")
        #expect(json["Types"] as? [String] == ["TTPs/Command and Control"])
        #expect(json["CreatedAt"] as? String == "2026-11-26T01:00:00.000Z")
        #expect(json["UpdatedAt"] as? String == "2026-11-26T01:00:00.000Z")
        #expect((json["Severity"] as? [String: String])?["Label"] == "HIGH")
        #expect(json["Title"] as? String == "Instance i-0abc isolated")
        #expect(json["Description"] as? String == "GuardDuty reported a C&C callback.")
        let remediation = json["Remediation"] as? [String: [String: String]]
        #expect(remediation?["Recommendation"]?["Text"] == "Investigate from the forensic workstation.")
        let resources = json["Resources"] as? [[String: String]]
        #expect(resources == [["Type": "AwsEc2Instance", "Id": "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc",
                               "Partition": "aws", "Region": "eu-west-1"]])
        // The analyst's fields are never sent: BatchImportFindings cannot update them once the
        // finding exists, and a new finding without a Workflow starts NEW.
        #expect(json["Workflow"] == nil)
        #expect(json["Note"] == nil && json["VerificationState"] == nil && json["UserDefinedFields"] == nil)
        #expect(json["RecordState"] as? String == "ACTIVE")
        #expect(json["Compliance"] == nil)
        #expect((json["ProductFields"] as? [String: String])?["watchpost/step/isolate-network"] == "done: isolation group on eni-1")
        let provider = json["FindingProviderFields"] as? [String: Any]
        #expect((provider?["Severity"] as? [String: String])?["Label"] == "HIGH")
        #expect(provider?["Types"] as? [String] == ["TTPs/Command and Control"])
    }

    @Test func aResolvedConfigurationCheckIsArchivedAndPassed() throws {
        var finding = Self.finding()
        finding.isConfigurationCheck = true
        finding.isActive = false
        let json = try Self.encoded(ASFF(finding, function: "s3-policy-checker", region: "us-east-1", timestamp: "t"))
        #expect(json["RecordState"] as? String == "ARCHIVED")
        #expect((json["Compliance"] as? [String: String])?["Status"] == "PASSED")
        finding.isActive = true
        let active = try Self.encoded(ASFF(finding, function: "s3-policy-checker", region: "us-east-1", timestamp: "t"))
        #expect((active["Compliance"] as? [String: String])?["Status"] == "FAILED")
    }

    @Test func anAcceptedExceptionStartsSuppressed() throws {
        var finding = Self.finding()
        finding.isSuppressed = true
        let json = try Self.encoded(ASFF(finding, function: "s3-policy-checker", region: "us-east-1", timestamp: "t"))
        #expect((json["Workflow"] as? [String: String])?["Status"] == "SUPPRESSED")
    }

    @Test(arguments: [("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov"), ("eu-central-1", "aws")])
    func theProductArnIsInTheRegionsPartition(region: String, partition: String) {
        let record = ASFF(Self.finding(), function: "f", region: region, timestamp: "t")
        #expect(record.ProductArn == "arn:\(partition):securityhub:\(region):111122223333:product/111122223333/default")
        #expect(record.Resources.first?.Partition == partition)
    }

    @Test func textsAreCutToSecurityHubsLimits() {
        var finding = Self.finding()
        finding.title = String(repeating: "t", count: 300)
        finding.description = String(repeating: "d", count: 2000)
        finding.recommendation = String(repeating: "r", count: 600)
        finding.details = Dictionary(uniqueKeysWithValues: (0..<60).map { ("k\($0)" + String(repeating: "x", count: 200),
                                                                           String(repeating: "v", count: 3000)) })
        let record = ASFF(finding, function: "f", region: "us-east-1", timestamp: "t")
        #expect(record.Title.count == 256)
        #expect(record.Description.count == 1024)
        #expect(record.Remediation.Recommendation.Text.count == 512)
        #expect(record.ProductFields.count == 50)
        #expect(record.ProductFields.allSatisfy { $0.key.count <= 128 && $0.value.count <= 2048 })
    }

    @Test func theIdIsStableAcrossRuns() {
        let first = ASFF(Self.finding(), function: "f", region: "us-east-1", timestamp: "2026-01-01T00:00:00.000Z")
        let second = ASFF(Self.finding(), function: "f", region: "us-east-1", timestamp: "2026-02-01T00:00:00.000Z")
        #expect(first.Id == second.Id)
    }
}
