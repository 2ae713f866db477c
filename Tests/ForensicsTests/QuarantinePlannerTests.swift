import Foundation
import Testing

@testable import ForensicsCore
@testable import Forensics

/// Which steps each kind of instance still needs: the table is the specification.
struct QuarantinePlannerTests {
    enum Kind: String, Sendable { case perform, alreadyDone, skip, fail }

    static func kind(_ action: QuarantinePlan.Action) -> Kind {
        switch action {
        case .perform: .perform
        case .alreadyDone: .alreadyDone
        case .skip: .skip
        case .fail: .fail
        }
    }

    struct Scenario: Sendable, CustomStringConvertible {
        let name: String
        let facts: InstanceFacts
        let settings: ForensicsSettings
        let expected: [QuarantineStep: Kind]
        var description: String { name }
    }

    static let allSteps = Array(QuarantineStep.allCases.dropFirst())

    static let scenarios: [Scenario] = [
        .init(name: "fresh instance", facts: Fixtures.fresh, settings: Fixtures.settings, expected: [
            .tag: .perform, .protect: .perform, .detachASG: .perform, .deregisterTargets: .perform,
            .isolateNetwork: .perform, .releaseEIP: .perform, .revokeProfile: .perform, .revokeSessions: .skip,
            .snapshot: .perform, .evidence: .perform, .forensicWorkstation: .skip, .notify: .perform,
        ]),
        .init(name: "fully quarantined", facts: Fixtures.quarantined, settings: Fixtures.settings, expected: [
            .tag: .alreadyDone, .protect: .alreadyDone, .detachASG: .alreadyDone, .deregisterTargets: .skip,
            .isolateNetwork: .alreadyDone, .releaseEIP: .alreadyDone, .revokeProfile: .alreadyDone, .revokeSessions: .skip,
            .snapshot: .alreadyDone, .evidence: .alreadyDone, .forensicWorkstation: .skip, .notify: .alreadyDone,
        ]),
        .init(name: "half done", facts: Fixtures.halfDone, settings: Fixtures.settings, expected: [
            .tag: .alreadyDone, .protect: .alreadyDone, .detachASG: .alreadyDone, .deregisterTargets: .perform,
            .isolateNetwork: .perform, .releaseEIP: .perform, .revokeProfile: .perform, .revokeSessions: .skip,
            .snapshot: .perform, .evidence: .perform, .forensicWorkstation: .skip, .notify: .perform,
        ]),
        .init(name: "no Auto Scaling group", facts: Fixtures.noASG, settings: Fixtures.settings, expected: [
            .tag: .perform, .protect: .perform, .detachASG: .skip, .deregisterTargets: .skip,
            .isolateNetwork: .perform, .releaseEIP: .perform, .revokeProfile: .perform, .revokeSessions: .skip,
            .snapshot: .perform, .evidence: .perform, .forensicWorkstation: .skip, .notify: .perform,
        ]),
        .init(name: "no instance profile, sessions revocation on",
              facts: Fixtures.noProfile, settings: Fixtures.configured(evidenceBucket: "evidence-bucket", revokeRoleSessions: true),
              expected: [
            .tag: .perform, .protect: .perform, .detachASG: .perform, .deregisterTargets: .perform,
            .isolateNetwork: .perform, .releaseEIP: .perform, .revokeProfile: .skip, .revokeSessions: .skip,
            .snapshot: .perform, .evidence: .perform, .forensicWorkstation: .skip, .notify: .perform,
        ]),
        .init(name: "dry run of a fresh instance", facts: Fixtures.fresh,
              settings: Fixtures.configured(dryRun: true, evidenceBucket: "evidence-bucket"), expected: Dictionary(
                uniqueKeysWithValues: allSteps.map { ($0, Kind.skip) })),
        .init(name: "dry run of a quarantined instance keeps already-done", facts: Fixtures.quarantined,
              settings: Fixtures.configured(dryRun: true, evidenceBucket: "evidence-bucket"), expected: [
            .tag: .alreadyDone, .protect: .alreadyDone, .detachASG: .alreadyDone, .deregisterTargets: .skip,
            .isolateNetwork: .alreadyDone, .releaseEIP: .alreadyDone, .revokeProfile: .alreadyDone, .revokeSessions: .skip,
            .snapshot: .alreadyDone, .evidence: .alreadyDone, .forensicWorkstation: .skip, .notify: .alreadyDone,
        ]),
        .init(name: "every option on, fresh", facts: Fixtures.fresh,
              settings: Fixtures.configured(evidenceBucket: "e", forensicAMI: "ami-1", forensicSubnet: "subnet-f", revokeRoleSessions: true),
              expected: Dictionary(uniqueKeysWithValues: allSteps.map { ($0, Kind.perform) })),
        .init(name: "every option on, quarantined", facts: {
                  var f = Fixtures.quarantined
                  f.forensicWorkstation = "i-0fedcba9876543210"
                  f.workstationSnapshots = ["snap-data", "snap-root"]
                  return f
              }(),
              settings: Fixtures.configured(evidenceBucket: "e", forensicAMI: "ami-1", forensicSubnet: "subnet-f", revokeRoleSessions: true),
              expected: [
            .tag: .alreadyDone, .protect: .alreadyDone, .detachASG: .alreadyDone, .deregisterTargets: .skip,
            .isolateNetwork: .alreadyDone, .releaseEIP: .alreadyDone, .revokeProfile: .alreadyDone, .revokeSessions: .alreadyDone,
            .snapshot: .alreadyDone, .evidence: .alreadyDone, .forensicWorkstation: .alreadyDone, .notify: .alreadyDone,
        ]),
        .init(name: "facts that could not be gathered fail their step",
              facts: { var f = Fixtures.fresh; f.unknown = [.deregisterTargets: "AccessDenied: elasticloadbalancing:DescribeTargetGroups", .snapshot: "timeout"]; return f }(),
              settings: Fixtures.settings, expected: [
            .tag: .perform, .protect: .perform, .detachASG: .perform, .deregisterTargets: .fail,
            .isolateNetwork: .perform, .releaseEIP: .perform, .revokeProfile: .perform, .revokeSessions: .skip,
            .snapshot: .fail, .evidence: .perform, .forensicWorkstation: .skip, .notify: .perform,
        ]),
        .init(name: "stopped instance is still quarantined", facts: { var f = Fixtures.fresh; f.state = "stopped"; return f }(),
              settings: Fixtures.configured(), expected: [
            .tag: .perform, .protect: .perform, .detachASG: .perform, .deregisterTargets: .perform,
            .isolateNetwork: .perform, .releaseEIP: .perform, .revokeProfile: .perform, .revokeSessions: .skip,
            .snapshot: .perform, .evidence: .skip, .forensicWorkstation: .skip, .notify: .perform,
        ]),
        .init(name: "terminated instance", facts: { var f = Fixtures.fresh; f.state = "terminated"; return f }(),
              settings: Fixtures.settings, expected: Dictionary(uniqueKeysWithValues: allSteps.map { ($0, Kind.skip) })),
    ]

    @Test(arguments: scenarios)
    func stepKinds(_ scenario: Scenario) {
        let plan = QuarantinePlanner.plan(scenario.facts, incident: Fixtures.incident, settings: scenario.settings)
        #expect(plan.steps.steps.map(\.step) == Self.allSteps, "every step, in the contract's order")
        for planned in plan.steps.steps {
            #expect(Self.kind(planned.action) == scenario.expected[planned.step],
                    "\(planned.step.rawValue): \(planned.action)")
        }
    }

    func plan(_ facts: InstanceFacts, _ settings: ForensicsSettings = Fixtures.settings) -> InstancePlan {
        QuarantinePlanner.plan(facts, incident: Fixtures.incident, settings: settings)
    }

    @Test func freshInstanceOperations() {
        let plan = plan(Fixtures.fresh)
        #expect(plan.decision == .isolate)
        #expect(plan.reason == Fixtures.incident.reason)
        #expect(plan.steps.action(for: .tag) == .perform(.tag(add: [
            QuarantineTags.incident: Fixtures.incidentId,
            QuarantineTags.reason: "Command and Control server domain name queried",
            QuarantineTags.finding: "7ac6f1f0",
            QuarantineTags.time: "2026-11-25T22:53:12Z",
            QuarantineTags.originalGroups("eni-1"): "sg-web",
            QuarantineTags.originalGroups("eni-2"): "sg-web,sg-mgmt",
            QuarantineTags.originalProfile: Fixtures.profile,
            QuarantineTags.originalASG: "web-asg",
            QuarantineTags.originalEIP("eni-1"): "198.51.100.23 eipalloc-1",
        ], record: .put(bucket: "evidence-bucket", key: Fixtures.recordKey, Fixtures.record))))
        #expect(plan.steps.action(for: .protect) == .perform(.protect(terminationProtection: true, shutdownStop: true, keepVolumes: ["/dev/xvda"])))
        #expect(plan.steps.action(for: .detachASG) == .perform(.detachFromAutoScalingGroup("web-asg")))
        #expect(plan.steps.action(for: .deregisterTargets) == .perform(.deregisterTargets([.init(targetGroupArn: "tg-admin", port: 8080)])))
        #expect(plan.steps.action(for: .isolateNetwork) == .perform(.isolateNetwork(
            vpcId: "vpc-1", createAllowAll: true, createIsolation: true, purgeIsolation: false, interfaces: ["eni-1", "eni-2"])))
        #expect(plan.steps.action(for: .releaseEIP) == .perform(.disassociateAddresses(Fixtures.fresh.elasticIPs)))
        #expect(plan.steps.action(for: .revokeProfile) == .perform(.disassociateProfile(associationId: "iip-assoc-1", profileArn: Fixtures.profile)))
        #expect(plan.steps.action(for: .snapshot) == .perform(.snapshot(volumes: ["vol-root", "vol-data"], excludeBootVolume: false, excludeDataVolumes: [])))
        #expect(plan.steps.action(for: .evidence) == .perform(.writeEvidence(
            bucket: "evidence-bucket", prefix: "watchpost/111122223333/us-east-1/i-0123456789abcdef0/\(Fixtures.incidentId)/",
            files: [.describeInstances, .consoleOutput])))
    }

    @Test func halfDoneDoesOnlyWhatIsMissing() {
        let plan = plan(Fixtures.halfDone)
        #expect(plan.reason == "already quarantined under \(Fixtures.incidentId): completing what is missing")
        #expect(plan.steps.action(for: .isolateNetwork) == .perform(.isolateNetwork(
            vpcId: "vpc-1", createAllowAll: false, createIsolation: false, purgeIsolation: false, interfaces: ["eni-2"])))
        #expect(plan.steps.action(for: .deregisterTargets) == .perform(.deregisterTargets([.init(targetGroupArn: "tg-admin", port: 8080)])))
        #expect(plan.steps.action(for: .snapshot) == .perform(.snapshot(volumes: ["vol-data"], excludeBootVolume: true, excludeDataVolumes: [])))
        #expect(plan.steps.action(for: .evidence) == .perform(.writeEvidence(
            bucket: "evidence-bucket", prefix: Fixtures.incident.evidencePrefix(instanceId: "i-0123456789abcdef0"),
            files: [.consoleOutput])))
    }

    @Test func notifyRepeatsOnlyWhenSomethingChangesOrWasNeverPublished() {
        #expect(plan(Fixtures.quarantined).steps.action(for: .notify)
            == .alreadyDone("incident \(Fixtures.incidentId) published at 2026-11-25T22:53:14Z; nothing changed since"))
        var unpublished = Fixtures.quarantined
        unpublished.tags[QuarantineTags.notified] = nil
        #expect(plan(unpublished).steps.action(for: .notify) == .perform(.notify))
        var failing = Fixtures.quarantined
        failing.unknown[.snapshot] = "AccessDenied"
        #expect(plan(failing).steps.action(for: .notify) == .perform(.notify), "a failure is news")
        #expect(plan(Fixtures.halfDone).steps.action(for: .notify) == .perform(.notify))
    }

    @Test func withNowhereToSendItNotifyIsSkipped() {
        let settings = ForensicsSettings(evidenceBucket: "evidence-bucket")
        #expect(plan(Fixtures.fresh, settings).steps.action(for: .notify) == .skip("no ALERT_TOPIC_ARN or Slack webhook configured"))
        var slack = settings
        slack.slackConfigured = true
        #expect(plan(Fixtures.fresh, slack).steps.action(for: .notify) == .perform(.notify))
        #expect(InstancePlan.notActing(reason: "r", notify: true, settings: settings).steps.action(for: .notify) == .skip("r"))
    }

    @Test func originalGroupsAreNeverOverwrittenWithTheIsolationGroup() {
        // The first run tagged eni-1 and isolated it, then died; eni-2 was never tagged.
        var facts = Fixtures.fresh
        facts.isolationGroup = "sg-iso"
        facts.allowAllGroup = "sg-allow"
        facts.interfaces[0].groupIds = ["sg-iso"]
        facts.tags[QuarantineTags.incident] = Fixtures.incidentId
        guard case .perform(.tag(let tags, .put(_, _, let record))) = plan(facts).steps.action(for: .tag) else {
            Issue.record("expected tags to add and a record to write")
            return
        }
        #expect(tags[QuarantineTags.originalGroups("eni-1")] == nil)
        #expect(tags[QuarantineTags.originalGroups("eni-2")] == "sg-web,sg-mgmt")
        #expect(tags[QuarantineTags.incident] == nil, "the existing incident tag stays")
        #expect(record.originalGroups == ["eni-2": ["sg-web", "sg-mgmt"]])
        // Half-way through the isolation (allow-all on): not an original either.
        facts.interfaces[1].groupIds = ["sg-allow"]
        guard case .perform(.tag(_, .put(_, _, let record))) = plan(facts).steps.action(for: .tag) else {
            Issue.record("expected a record to write")
            return
        }
        #expect(record.originalGroups == [:])
    }

    @Test func theReleaseRecordIsCompletedNeverOverwritten() {
        // Recorded before eni-2 was attached; the tags are all there.
        var facts = Fixtures.quarantined
        var partial = Fixtures.record
        partial.originalGroups["eni-2"] = nil
        facts.releaseRecord = .found(partial)
        facts.interfaces[1].groupIds = ["sg-new"]
        var expected = partial
        expected.originalGroups["eni-2"] = ["sg-new"]
        #expect(plan(facts).steps.action(for: .tag) == .perform(.tag(add: [:], record: .put(bucket: "evidence-bucket", key: Fixtures.recordKey, expected))))
        #expect(plan(Fixtures.quarantined).steps.action(for: .tag)
            == .alreadyDone("tagged \(QuarantineTags.incident)=\(Fixtures.incidentId); release record complete"))
        // What was recorded first stays, whatever the instance looks like now.
        var moved = Fixtures.quarantined
        moved.interfaces[0].groupIds = ["sg-other"]
        moved.profileAssociation = .init(associationId: "iip-assoc-9", profileArn: "arn:aws:iam::111122223333:instance-profile/other")
        #expect(plan(moved).steps.action(for: .tag) == plan(Fixtures.quarantined).steps.action(for: .tag))
    }

    @Test func anUnreadableRecordIsNeverOverwrittenAndTheStepFails() {
        var facts = Fixtures.quarantined
        facts.releaseRecord = .unavailable("could not read s3://evidence-bucket/k: AccessDenied")
        #expect(plan(facts).steps.action(for: .tag) == .perform(.tag(add: [:], record: .unreadable("could not read s3://evidence-bucket/k: AccessDenied"))))
        #expect(plan(facts).steps.action(for: .notify) == .perform(.notify), "a failure is news")
    }

    @Test func withoutAnEvidenceBucketTheTagsGoOnAndTheDetailSaysSo() {
        let settings = Fixtures.configured()
        guard case .perform(.tag(let tags, let record)) = plan(Fixtures.fresh, settings).steps.action(for: .tag) else {
            Issue.record("expected tags")
            return
        }
        #expect(tags[QuarantineTags.incident] == Fixtures.incidentId)
        #expect(record == .none("EVIDENCE_BUCKET is not set, so a release will restore nothing by itself"))
    }

    @Test func aRedeliveryStillRegisteredInItsFormerGroupsTargetGroupsRepeatsNothing() {
        // Detached, but still registered (draining) in the group's target group, which the
        // handler found through the recorded group.
        var facts = Fixtures.quarantined
        facts.autoScalingTargetGroups = ["tg-asg"]
        facts.targetGroups = [.init(targetGroupArn: "tg-asg", port: 80)]
        let plan = plan(facts)
        #expect(plan.steps.action(for: .deregisterTargets)
            == .skip("registered only in its Auto Scaling group's target groups (the detach deregisters it)"))
        #expect(plan.steps.action(for: .detachASG) == .alreadyDone("detached from web-asg"))
        #expect(plan.steps.action(for: .notify)
            == .alreadyDone("incident \(Fixtures.incidentId) published at 2026-11-25T22:53:14Z; nothing changed since"))
    }

    @Test func onlyDataVolumeSnapshottedExcludesIt() {
        var facts = Fixtures.fresh
        facts.incidentSnapshots = ["vol-data": "snap-data"]
        #expect(plan(facts).steps.action(for: .snapshot) == .perform(.snapshot(volumes: ["vol-root"], excludeBootVolume: false, excludeDataVolumes: ["vol-data"])))
    }

    @Test func interfaceWithExtraGroupBesideIsolationIsRedone() {
        var facts = Fixtures.quarantined
        facts.interfaces[1].groupIds = ["sg-iso", "sg-web"]
        #expect(plan(facts).steps.action(for: .isolateNetwork) == .perform(.isolateNetwork(
            vpcId: "vpc-1", createAllowAll: false, createIsolation: false, purgeIsolation: false, interfaces: ["eni-2"])))
    }

    @Test func rulesAddedToTheIsolationGroupArePurged() {
        var facts = Fixtures.quarantined
        facts.isolationGroupRules = 2
        let action = plan(facts).steps.action(for: .isolateNetwork)
        #expect(action == .perform(.isolateNetwork(vpcId: "vpc-1", createAllowAll: false, createIsolation: false,
                                                   purgeIsolation: true, interfaces: [])))
        if case .perform(let operation)? = action {
            #expect(operation.summary == "remove the rules someone added to the isolation group")
        }
    }

    @Test func instanceOutsideAVPCCannotBeIsolatedBySecurityGroups() {
        var facts = Fixtures.noASG
        facts.vpcId = nil
        guard case .fail(let why) = plan(facts).steps.action(for: .isolateNetwork) else {
            Issue.record("expected a failure")
            return
        }
        #expect(why.contains("no VPC"))
    }

    @Test func revokeSessionsWithRoleDeniesSessionsIssuedBeforeNow() {
        let settings = Fixtures.configured(revokeRoleSessions: true)
        #expect(plan(Fixtures.fresh, settings).steps.action(for: .revokeSessions) == .perform(.denySessions(
            role: "web-app-role", policyName: "watchpost-deny-sessions-\(Fixtures.incidentId)", issuedBefore: "2026-11-25T22:53:12Z")))
        var roleless = Fixtures.fresh
        roleless.role = nil
        #expect(plan(roleless, settings).steps.action(for: .revokeSessions) == .skip("instance profile \(Fixtures.profile) has no role"))
        // After the profile was disassociated, the recorded one still names the role.
        var revoked = Fixtures.halfDone
        revoked.profileAssociation = nil
        #expect(Self.kind(plan(revoked, settings).steps.action(for: .revokeSessions)!) == .perform)
    }

    @Test func aWorkstationMissingVolumesIsCompleted() {
        var facts = Fixtures.quarantined
        facts.forensicWorkstation = "i-0fedcba9876543210"
        facts.workstationSnapshots = ["snap-root"]
        let settings = Fixtures.configured(forensicAMI: "ami-1", forensicSubnet: "subnet-f")
        #expect(plan(facts, settings).steps.action(for: .forensicWorkstation)
            == .perform(.launchWorkstation(ami: "ami-1", subnet: "subnet-f", existing: "i-0fedcba9876543210")))
        #expect(plan(Fixtures.fresh, settings).steps.action(for: .forensicWorkstation)
            == .perform(.launchWorkstation(ami: "ami-1", subnet: "subnet-f", existing: nil)))
    }

    @Test(arguments: [
        (Fixtures.configured(forensicAMI: "ami-1"), "FORENSIC_AMI is set but FORENSIC_SUBNET is not"),
        (Fixtures.configured(forensicSubnet: "subnet-1"), "FORENSIC_SUBNET is set but FORENSIC_AMI is not"),
        (Fixtures.configured(), "FORENSIC_AMI and FORENSIC_SUBNET are not set"),
    ])
    func workstationNeedsBothSettings(_ settings: ForensicsSettings, _ reason: String) {
        #expect(plan(Fixtures.fresh, settings).steps.action(for: .forensicWorkstation) == .skip(reason))
    }

    @Test func dryRunSaysWhatItWouldDo() {
        let plan = plan(Fixtures.fresh, Fixtures.configured(dryRun: true))
        #expect(plan.steps.action(for: .detachASG) == .skip("dry run: would detach from web-asg without decrementing desired capacity (the group launches a replacement)"))
        #expect(plan.steps.action(for: .notify) == .skip("dry run: would publish the incident"))
        #expect(plan.decision == .isolate)
    }

    @Test func longReasonIsTruncatedToATagValue() {
        let incident = IncidentContext(incidentId: "wp-1", account: "111122223333", region: "us-east-1",
                                       reason: String(repeating: "x", count: 400), findingId: nil, now: Fixtures.now)
        guard case .perform(.tag(let tags, _)) = QuarantinePlanner.plan(Fixtures.fresh, incident: incident, settings: Fixtures.settings)
            .steps.action(for: .tag) else {
            Issue.record("expected tags")
            return
        }
        #expect(tags[QuarantineTags.reason]?.count == 256)
        #expect(tags[QuarantineTags.finding] == nil, "a direct request has no finding id to record")
    }

    @Test func incidentIdIsReusedOrMinted() {
        #expect(IncidentContext.incidentId(for: "i-0123abcd", existing: "wp-old", now: Fixtures.now) == "wp-old")
        #expect(IncidentContext.incidentId(for: "i-0123abcd", existing: nil, now: Fixtures.now) == "wp-i-0123abcd-20261125T225312Z")
        #expect(IncidentContext.incidentId(for: "i-0123abcd", existing: "", now: Fixtures.now) == "wp-i-0123abcd-20261125T225312Z")
    }
}
