import WatchpostCore
import Integrations
import SecurityEvents
import Testing
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import Primitives

/// What a generated policy means for Security Hub, EventBridge and the metrics.
struct PolicyIntegrationsTests {
    /// A principal that used s3:GetObject and holds `granted` in one managed policy.
    static func report(_ arn: String = TestRecords.roleARN, granted: [String], applied: AppliedReport? = nil) throws -> PolicyReport {
        let principal = try Principal(arn: arn)
        let window = try TimeWindow(start: "2026-11-20", end: "2026-11-21")
        var activity = Activity(principal: principal, window: window, regions: nil)
        let identity = principal.kind == .role ? TestRecords.roleIdentity(arn) : TestRecords.userIdentity(arn)
        activity.add(TestRecords.record("s3.amazonaws.com", "GetObject", parameters: ["bucketName": "b", "key": "k"], identity: identity))
        let document: JSONValue = ["Statement": [["Effect": "Allow", "Action": .array(granted.map { .string($0) }), "Resource": "*"]]]
        var report = PolicyReport(request: try PolicyRequest(principal: principal, window: window, source: .s3, trailBucket: "t"),
                                  activity: activity, granted: [.init(name: "arn:aws:iam::111122223333:policy/app", document: document)])
        report.applied = applied
        return report
    }

    static let exact = (0..<9).map { "sqs:Action\($0)" }

    struct SeverityCase: CustomTestStringConvertible, Sendable {
        let name: String
        let granted: [String]
        let severity: Finding.Severity
        let active: Bool
        var testDescription: String { name }
    }

    static let severities: [SeverityCase] = [
        .init(name: "everything used", granted: ["s3:GetObject"], severity: .informational, active: false),
        .init(name: "one exact action unused", granted: ["s3:GetObject", "s3:PutObject"], severity: .low, active: true),
        .init(name: "nine exact actions unused", granted: ["s3:GetObject"] + exact, severity: .low, active: true),
        .init(name: "ten exact actions unused", granted: ["s3:GetObject"] + exact + ["sqs:Action9"], severity: .medium, active: true),
        .init(name: "a service wildcard unused", granted: ["s3:GetObject", "sqs:*"], severity: .medium, active: true),
        .init(name: "a wildcard partly used is not unused", granted: ["s3:Get*"], severity: .informational, active: false),
        .init(name: "administrator access", granted: ["*"], severity: .informational, active: false),
        .init(name: "a prefix wildcard unused", granted: ["s3:GetObject", "iam:Put*"], severity: .medium, active: true),
    ]

    @Test(arguments: severities)
    func severity(_ c: SeverityCase) throws {
        let finding = try #require(try Self.report(granted: c.granted).finding)
        #expect(finding.severity == c.severity)
        #expect(finding.isActive == c.active)
        #expect(finding.isConfigurationCheck)
    }

    @Test func oneFindingPerPrincipalWhateverItHolds() throws {
        let ids = try [["s3:GetObject"], ["s3:GetObject", "sqs:*"], ["*"]].map {
            try Self.report(granted: $0).finding?.id(function: "policy-generator")
        }
        #expect(Set(ids) == ["watchpost/policy-generator/unused-permissions/\(TestRecords.roleARN)"])
    }

    @Test func rolesAndUsersAreTheirResourceTypes() throws {
        let role = try #require(try Self.report(granted: ["sqs:*"]).finding)
        #expect(role.resource == .init(type: .iamRole, arn: TestRecords.roleARN, region: nil))
        #expect(role.account == "111122223333")
        #expect(role.title == "IAM role build-agent has 1 unused permissions")
        let user = try #require(try Self.report(TestRecords.userARN, granted: ["sqs:*"]).finding)
        #expect(user.resource == .init(type: .iamUser, arn: TestRecords.userARN, region: nil))
    }

    @Test func theUnusedActionsAreFields() throws {
        let applied = AppliedReport(dryRun: false, steps: [.init(.putInlinePolicy, .done, "least on build-agent")])
        let finding = try #require(try Self.report(granted: ["s3:GetObject", "sqs:*", "iam:PassRole"], applied: applied).finding)
        #expect(finding.details == [
            "watchpost/window": "2026-11-20T00:00:00Z/2026-11-21T00:00:00Z", "watchpost/unusedCount": "2", "watchpost/actionsUsed": "1",
            "watchpost/unused/arn:aws:iam::111122223333:policy/app": "iam:PassRole, sqs:*",
            "watchpost/step/put-inline-policy": "done: least on build-agent",
        ])
        #expect(finding.description.contains("iam:PassRole (arn:aws:iam::111122223333:policy/app)"))
    }

    @Test func policiesThatCouldNotBeReadGiveNoFinding() throws {
        var report = try Self.report(granted: [])
        report.grantsKnown = false
        #expect(report.finding == nil)
        #expect(PolicyResponse.single(report).events.map(\.detailType) == ["Policy Generated"])
    }

    struct ApplyCase: CustomTestStringConvertible, Sendable {
        let name: String
        let applied: AppliedReport?
        let events: [String]
        let decisions: [String]
        let statuses: [StepStatus]
        var testDescription: String { name }
    }

    static let applies: [ApplyCase] = [
        .init(name: "generated only", applied: nil, events: ["Policy Generated"], decisions: ["policy"], statuses: []),
        .init(name: "applied inline, stored, notified",
              applied: AppliedReport(dryRun: false, steps: [.init(.putInlinePolicy, .done, ""),
                                                            .init(.writeS3, .done, ""),
                                                            .init(.notify(.sns), .done, ""),
                                                            .init(.notify(.slack), .skipped, "")]),
              events: ["Policy Generated", "Policy Applied"], decisions: ["policy", "applied"], statuses: [.done, .done, .done, .skipped]),
        .init(name: "a new managed policy",
              applied: AppliedReport(dryRun: false, steps: [.init(.createPolicy, .done, "")]),
              events: ["Policy Generated", "Policy Applied"], decisions: ["policy", "applied"], statuses: [.done]),
        .init(name: "a new version after deleting the oldest",
              applied: AppliedReport(dryRun: false, steps: [.init(.deletePolicyVersion, .done, ""),
                                                            .init(.createPolicyVersion, .done, "")]),
              events: ["Policy Generated", "Policy Applied"], decisions: ["policy", "applied"], statuses: [.done, .done]),
        .init(name: "already in place",
              applied: AppliedReport(dryRun: false, steps: [.init(.createPolicyVersion, .alreadyDone, "")]),
              events: ["Policy Generated"], decisions: ["policy"], statuses: [.alreadyDone]),
        .init(name: "dry run",
              applied: AppliedReport(dryRun: true, steps: [.init(.putInlinePolicy, .skipped, ""),
                                                           .init(.writeS3, .skipped, "")]),
              events: ["Policy Generated"], decisions: ["policy"], statuses: [.skipped, .skipped]),
        .init(name: "refused",
              applied: AppliedReport(dryRun: false, steps: [.init(.readPolicy, .failed, ""),
                                                            .init(.notify(.sns), .failed, "")]),
              events: ["Policy Generated"], decisions: ["policy"], statuses: [.failed, .failed]),
    ]

    @Test(arguments: applies)
    func applying(_ c: ApplyCase) throws {
        let response = PolicyResponse.single(try Self.report(granted: ["sqs:*"], applied: c.applied))
        #expect(response.events.map(\.detailType) == c.events)
        #expect(response.decisions == c.decisions)
        #expect(response.stepStatuses == c.statuses)
        #expect(response.findings.count == 1)
    }

    @Test func aScheduleReportsEachPrincipal() throws {
        let response = PolicyResponse.scheduled([try Self.report(granted: ["sqs:*"]), try Self.report(TestRecords.userARN, granted: ["s3:*"])], pending: [])
        #expect(response.findings.map(\.resource.type) == [.iamRole, .iamUser])
        #expect(response.findings.map(\.isActive) == [true, false])
        #expect(response.events.map(\.detailType) == ["Policy Generated", "Policy Generated"])
        #expect(response.decisions == ["policy", "policy"])
    }
}
