import WatchpostCore
import Integrations
import Testing
@testable import BucketExposureCore
@testable import BucketExposure

@Suite("What a bucket check means for Security Hub, EventBridge and the metrics")
struct IntegrationsMappingTests {
    static func report(_ exposure: Exposure?, exempt: Bool = false, actions: [StepOutcome<BucketStep>] = []) -> BucketReport {
        BucketReport(bucket: "example-bucket", account: owner, region: "eu-west-1", trigger: "PutBucketPolicy",
                     exposure: exposure, exempt: exempt, actions: actions, dryRun: false)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let policy: String
        let bucketBlock: BlockPublicAccess?
        let exempt: Bool
        let severity: Finding.Severity
        let active: Bool
        let suppressed: Bool
        let decision: String
        let found: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "public", policy: publicPolicy, bucketBlock: nil, exempt: false, severity: .critical, active: true,
             suppressed: false, decision: "public", found: true),
        Case(name: "cross-account", policy: crossAccountPolicy, bucketBlock: nil, exempt: false, severity: .medium,
             active: true, suppressed: false, decision: "cross-account", found: true),
        Case(name: "public as written, blocked", policy: publicPolicy, bucketBlock: .all, exempt: false,
             severity: .informational, active: false, suppressed: false, decision: "not-public", found: false),
        Case(name: "owner only", policy: policy(allow(#"{"AWS":"arn:aws:iam::\#(owner):root"}"#)), bucketBlock: nil,
             exempt: false, severity: .informational, active: false, suppressed: false, decision: "not-public", found: false),
        Case(name: "public, exempt", policy: publicPolicy, bucketBlock: nil, exempt: true, severity: .informational,
             active: true, suppressed: true, decision: "exempt", found: false),
    ]

    @Test(arguments: cases)
    func findingEventsAndDecision(_ c: Case) throws {
        let exposure = try evaluate(policy: c.policy, acl: ownerOnlyACL, bucketBlock: c.bucketBlock, accountBlock: nil,
                                    ownership: nil, owner: owner)
        let report = Self.report(exposure, exempt: c.exempt)
        let finding = try #require(report.finding)
        #expect(finding.severity == c.severity)
        #expect(finding.isActive == c.active)
        #expect(finding.isSuppressed == c.suppressed)
        #expect(finding.isConfigurationCheck)
        #expect(finding.account == owner)
        #expect(finding.resource == .init(type: .s3Bucket, arn: "arn:aws:s3:::example-bucket", region: "eu-west-1"))
        #expect(finding.id(function: "s3-policy-checker") == "watchpost/s3-policy-checker/bucket-exposure/arn:aws:s3:::example-bucket")
        #expect(report.decision == c.decision)
        #expect(report.events.map(\.detailType) == (c.found ? ["Bucket Exposure Found"] : []))
    }

    @Test func theStatementAtFaultIsNamed() throws {
        let report = Self.report(try evaluatePolicy(publicPolicy))
        let finding = try #require(report.finding)
        #expect(finding.description.contains(#"statement "PublicRead""#))
        #expect(finding.details["watchpost/publicBecause"]?.contains("PublicRead") == true)
    }

    @Test func anUnreadableBucketNeitherOpensNorClosesAFinding() {
        let report = Self.report(nil, actions: [StepOutcome<BucketStep>(.readBucket, .failed, "AccessDenied")])
        #expect(report.finding == nil)
        #expect(report.decision == "unreadable")
        #expect(CheckerResponse.bucket(report).stepStatuses == [.failed])
    }

    @Test func aDoneRemediationIsAnEventAndEveryStepIsInTheDetails() throws {
        let actions = [StepOutcome<BucketStep>(.blockPublicAccess, .done, "four settings on"),
                       StepOutcome<BucketStep>(.alert, .failed, "sns: AccessDenied")]
        let report = Self.report(try evaluatePolicy(publicPolicy), actions: actions)
        #expect(report.events.map(\.detailType) == ["Bucket Exposure Found", "Bucket Exposure Remediated"])
        let finding = try #require(report.finding)
        #expect(finding.details["watchpost/action/block-public-access"] == "done: four settings on")
        #expect(finding.details["watchpost/action/alert"] == "failed: sns: AccessDenied")
    }

    @Test func aSkippedRemediationIsNoEvent() throws {
        let report = Self.report(try evaluatePolicy(publicPolicy),
                                 actions: [StepOutcome<BucketStep>(.blockPublicAccess, .skipped, "dry run")])
        #expect(report.events.map(\.detailType) == ["Bucket Exposure Found"])
    }

    @Test func aSweepReportsEveryBucket() throws {
        let sweep = SweepReport(buckets: [Self.report(try evaluatePolicy(publicPolicy)), Self.report(nil),
                                          Self.report(try evaluatePolicy(crossAccountPolicy))], account: owner, dryRun: false)
        let response = CheckerResponse.sweep(sweep)
        #expect(response.findings.count == 2)
        #expect(response.decisions == ["public", "unreadable", "cross-account"])
        #expect(response.events.count == 2)
    }
}
