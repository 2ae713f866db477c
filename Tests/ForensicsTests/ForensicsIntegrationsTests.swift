import WatchpostCore
import Integrations
import Testing
@testable import ForensicsCore
@testable import Forensics

/// What an isolation or a release means for Security Hub, EventBridge and the metrics.
struct ForensicsIntegrationsTests {
    static let instanceId = "i-0123456789abcdef0"
    static let findingId = "watchpost/forensic-isolator/isolation/arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"

    static func response(_ decision: Decision, dryRun: Bool = false, account: String? = "111122223333", region: String = "us-east-1",
                         _ statuses: [QuarantineStep: StepStatus] = [:], default fallback: StepStatus = .done) -> ForensicsResponse {
        ForensicsResponse(
            decision: decision, reason: "Command and Control server domain name queried", instanceId: instanceId,
            account: account, region: region, incidentId: Fixtures.incidentId,
            finding: FindingSummary(source: .guardDuty, id: "7ac6f1f0", type: "Backdoor:EC2/C&CActivity.B!DNS", severity: 8),
            steps: QuarantineStep.allCases.map { StepOutcome<QuarantineStep>($0, statuses[$0] ?? ($0 == .describe ? .done : fallback), "detail of \($0.rawValue)") },
            dryRun: dryRun)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let response: ForensicsResponse
        /// nil: no finding.
        let severity: Finding.Severity?
        let active: Bool
        let events: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "isolated", response: response(.isolate), severity: .high, active: true, events: ["Instance Isolated"]),
        .init(name: "isolated, one step failed", response: response(.isolate, [.isolateNetwork: .failed]), severity: .high,
              active: true, events: ["Instance Isolated"]),
        .init(name: "dry run: the finding stands, nothing was done", response: response(.isolate, dryRun: true, default: .skipped),
              severity: .high, active: true, events: []),
        .init(name: "redelivery: everything already done", response: response(.isolate, default: .alreadyDone), severity: .high,
              active: true, events: []),
        .init(name: "redelivery finishing one step", response: response(.isolate, [.snapshot: .done], default: .alreadyDone),
              severity: .high, active: true, events: ["Instance Isolated"]),
        .init(name: "only the notification went out", response: response(.isolate, [.notify: .done], default: .failed),
              severity: .high, active: true, events: []),
        .init(name: "account unknown: nowhere to file it",
              response: response(.isolate, account: nil, [.describe: .failed], default: .skipped), severity: nil, active: false,
              events: []),
        .init(name: "released", response: response(.release), severity: .informational, active: false, events: ["Instance Released"]),
        .init(name: "release incomplete", response: response(.release, [.isolateNetwork: .failed]), severity: .high, active: true,
              events: ["Instance Released"]),
        .init(name: "release, dry run", response: response(.release, dryRun: true, default: .skipped), severity: nil, active: false,
              events: []),
        .init(name: "skipped", response: response(.skip, default: .skipped), severity: nil, active: false, events: []),
    ]

    @Test(arguments: cases)
    func mapping(_ c: Case) throws {
        let findings = c.response.findings
        #expect(findings.map(\.severity) == (c.severity.map { [$0] } ?? []))
        if let finding = findings.first {
            #expect(finding.id(function: "forensic-isolator") == Self.findingId)
            #expect(finding.isActive == c.active)
            #expect(finding.resource == .init(type: .ec2Instance, arn: "arn:aws:ec2:us-east-1:111122223333:instance/\(Self.instanceId)",
                                              region: "us-east-1"))
            #expect(finding.account == "111122223333")
            #expect(!finding.isConfigurationCheck)
        }
        #expect(c.response.events.map(\.detailType) == c.events)
    }

    @Test func decisionsAndStepStatusesForTheMetrics() {
        #expect(Self.response(.release).decisions == ["release"])
        #expect(Self.response(.skip, default: .skipped).decisions == ["skip"])
        #expect(Self.response(.isolate, [.isolateNetwork: .failed, .releaseEIP: .skipped, .notify: .alreadyDone]).stepStatuses
            == [.done, .done, .done, .done, .done, .failed, .skipped, .done, .done, .done, .done, .done, .alreadyDone])
    }

    @Test func theDecisionToIsolateIsCountedUnderTheAlarmsName() {
        #expect(Self.response(.isolate).decisions == ["isolate"])
        #expect(Self.response(.isolate, dryRun: true).decisions == ["isolate"])
    }

    @Test func eachStepsOutcomeIsAField() throws {
        let finding = try #require(Self.response(.isolate, [.isolateNetwork: .failed, .releaseEIP: .skipped]).findings.first)
        #expect(finding.details["watchpost/step/isolate-network"] == "failed: detail of isolate-network")
        #expect(finding.details["watchpost/step/release-eip"] == "skipped: detail of release-eip")
        #expect(finding.details["watchpost/step/snapshot"] == "done: detail of snapshot")
        #expect(QuarantineStep.allCases.allSatisfy { finding.details["watchpost/step/\($0.rawValue)"] != nil })
        #expect(finding.details["watchpost/incidentId"] == Fixtures.incidentId)
        #expect(finding.details["watchpost/trigger/type"] == "Backdoor:EC2/C&CActivity.B!DNS")
        #expect(finding.details["watchpost/decision"] == "isolate" && finding.details["watchpost/dryRun"] == "false")
        #expect(finding.title == "EC2 instance \(Self.instanceId) quarantined, incompletely (failed: isolate-network)")
        #expect(finding.description.hasSuffix("Triggered by guardduty finding 7ac6f1f0."))
        #expect(finding.types == ["Unusual Behaviors/VM"])
    }

    @Test func titlesSayWhatHappened() {
        #expect(Self.response(.isolate).findings.first?.title == "EC2 instance \(Self.instanceId) quarantined")
        #expect(Self.response(.isolate, dryRun: true).findings.first?.title == "EC2 instance \(Self.instanceId) would be quarantined (dry run)")
        #expect(Self.response(.release).findings.first?.title == "EC2 instance \(Self.instanceId) released from quarantine")
    }

    @Test func anInstanceInChinaIsNamedInItsPartition() {
        #expect(Self.response(.isolate, region: "cn-north-1").findings.first?.resource.arn
            == "arn:aws-cn:ec2:cn-north-1:111122223333:instance/\(Self.instanceId)")
    }
}
