import WatchpostCore
import Integrations
import Foundation
import Testing

@testable import ForensicsCore
@testable import Forensics

/// Release plans, step dependencies and ordering, and the response's JSON shape.
struct ReleaseAndPlanTests {
    static let releaseIncident = IncidentContext(
        incidentId: Fixtures.incidentId, account: "111122223333", region: "us-east-1",
        reason: "false positive", findingId: nil, now: Fixtures.now)

    func release(_ facts: InstanceFacts, _ settings: ForensicsSettings = Fixtures.configured()) -> InstancePlan {
        ReleasePlanner.plan(facts, incident: Self.releaseIncident, settings: settings)
    }

    @Test func releaseRestoresGroupsAndProfileAndRemovesTheRecordLast() {
        let plan = release(Fixtures.quarantined, Fixtures.configured(revokeRoleSessions: true, restoreInstanceProfile: true))
        #expect(plan.decision == .release)
        #expect(plan.steps.action(for: .isolateNetwork) == .perform(.restoreGroups(["eni-1": ["sg-web"], "eni-2": ["sg-web", "sg-mgmt"]], notes: [])))
        #expect(plan.steps.action(for: .revokeProfile) == .perform(.associateProfile(profileArn: Fixtures.profile, notes: [])))
        #expect(plan.steps.action(for: .revokeSessions) == .perform(.removeSessionDeny(
            role: "web-app-role", policyName: "watchpost-deny-sessions-\(Fixtures.incidentId)")))
        guard case .perform(.removeQuarantineTags(let remove, let add)) = plan.steps.action(for: .tag) else {
            Issue.record("expected the quarantine tags to go")
            return
        }
        #expect(remove == Fixtures.quarantineTags.keys.sorted())
        #expect(add[QuarantineTags.released]?.hasPrefix("\(Fixtures.incidentId) at 2026-11-25T22:53:12Z") == true)
        for kept in [QuarantineStep.protect, .detachASG, .deregisterTargets, .releaseEIP, .snapshot, .evidence, .forensicWorkstation] {
            guard case .skip = plan.steps.action(for: kept) else {
                Issue.record("\(kept.rawValue) should be left alone on release")
                continue
            }
        }
        #expect(plan.steps.action(for: .notify) == .perform(.notify))
        #expect(plan.steps.executionOrder.suffix(2) == [.tag, .notify])
        #expect(Set(plan.steps.executionOrder) == Set(QuarantineStep.allCases.dropFirst()))
    }

    @Test func releaseOfAnInstanceNotQuarantinedDoesNothing() {
        let plan = release(Fixtures.fresh)
        #expect(plan.decision == .skip)
        #expect(plan.reason.contains("not quarantined"))
        #expect(plan.steps.steps.allSatisfy { if case .skip = $0.action { true } else { false } })
    }

    @Test func releaseAlreadyDoneWhereTheOriginalsAreBack() {
        var facts = Fixtures.quarantined
        facts.interfaces = [.init(id: "eni-1", groupIds: ["sg-web"]), .init(id: "eni-2", groupIds: ["sg-web", "sg-mgmt"])]
        facts.profileAssociation = .init(associationId: "iip-assoc-2", profileArn: Fixtures.profile)
        facts.sessionDenyInPlace = false
        let plan = release(facts, Fixtures.configured(revokeRoleSessions: true))
        #expect(plan.steps.action(for: .isolateNetwork) == .alreadyDone("every interface has its original groups"))
        #expect(plan.steps.action(for: .revokeProfile) == .alreadyDone("\(Fixtures.profile) is associated"))
        #expect(plan.steps.action(for: .revokeSessions) == .skip("no session deny to remove"))
    }

    /// With the setting off the role may not read its instance role's policies (the template
    /// denies it), so a release neither looks for a deny nor removes one, and says so.
    @Test func withSessionRevocationOffAReleaseLeavesRolePoliciesAlone() {
        let plan = release(Fixtures.quarantined)
        #expect(plan.steps.action(for: .revokeSessions) == .skip(
            "REVOKE_ROLE_SESSIONS is off: no session deny was written, and none can be removed; "
            + "if watchpost-deny-sessions-\(Fixtures.incidentId) is on the instance role from an earlier setting, delete it by hand"))
    }

    @Test func withoutTheSettingTheProfileIsLeftToAPerson() {
        #expect(release(Fixtures.quarantined).steps.action(for: .revokeProfile) == .skip(
            "not restored: associate \(Fixtures.profile) by hand (watchpost holds no iam:PassRole unless ReleaseRestoresProfile=true)"))
    }

    @Test func tagsThatDisagreeWithTheRecordAreReportedAndIgnored() {
        var facts = Fixtures.quarantined
        facts.tags[QuarantineTags.originalGroups("eni-1")] = "sg-attacker"
        facts.tags[QuarantineTags.originalGroups("eni-3")] = "sg-attacker"
        facts.tags[QuarantineTags.originalProfile] = "arn:aws:iam::111122223333:instance-profile/admin"
        let plan = release(facts, Fixtures.configured(restoreInstanceProfile: true))
        #expect(plan.steps.action(for: .isolateNetwork) == .perform(.restoreGroups(
            ["eni-1": ["sg-web"], "eni-2": ["sg-web", "sg-mgmt"]],
            notes: ["tag watchpost:original-groups:eni-1=sg-attacker disagrees with the release record (sg-web): the tag is ignored"])))
        #expect(plan.steps.action(for: .revokeProfile) == .perform(.associateProfile(profileArn: Fixtures.profile, notes: [
            "tag watchpost:original-profile=arn:aws:iam::111122223333:instance-profile/admin disagrees with the release record (\(Fixtures.profile)): the tag is ignored",
        ])))
        #expect(QuarantineOperation.restoreGroups(["eni-1": ["sg-web"]], notes: ["n"]).summary == "restore eni-1: sg-web; n")
    }

    @Test func withoutARecordNothingIsRestoredFromTags() {
        for state in [RecordState.absent, .unavailable("could not read s3://evidence-bucket/k: AccessDenied")] {
            var facts = Fixtures.quarantined
            facts.releaseRecord = state
            let plan = release(facts, Fixtures.configured(restoreInstanceProfile: true))
            let why = state == .absent ? "no release record in the evidence bucket" : "could not read s3://evidence-bucket/k: AccessDenied"
            let trust = "the instance's tags are not trusted (anyone with ec2:CreateTags can write them): restore by hand"
            #expect(plan.steps.action(for: .isolateNetwork) == .fail("\(why); \(trust)"))
            #expect(plan.steps.action(for: .revokeProfile) == .fail("\(why); \(trust)"))
            #expect(plan.steps.blocker(for: .tag, given: [StepOutcome<QuarantineStep>(.isolateNetwork, .failed, "x")]) != nil, "the quarantine tags stay")
        }
    }

    @Test func releaseRefusesToGuessMissingRecords() {
        var facts = Fixtures.quarantined
        var record = Fixtures.record
        record.originalGroups["eni-2"] = nil
        facts.releaseRecord = .found(record)
        facts.profileAssociation = .init(associationId: "iip-assoc-9", profileArn: "arn:aws:iam::111122223333:instance-profile/other")
        let plan = release(facts)
        #expect(plan.steps.action(for: .isolateNetwork) == .fail(
            "no original groups recorded for eni-2: restore them by hand; tag watchpost:original-groups:eni-2=sg-web,sg-mgmt disagrees with the release record (nothing recorded): the tag is ignored"))
        guard case .fail(let why) = plan.steps.action(for: .revokeProfile) else {
            Issue.record("another profile is associated: must not be replaced")
            return
        }
        #expect(why.contains("instance-profile/other"))
    }

    @Test func releaseDryRunMutatesNothing() {
        let plan = release(Fixtures.quarantined, Fixtures.configured(dryRun: true, restoreInstanceProfile: true))
        #expect(!plan.steps.steps.contains { if case .perform = $0.action { true } else { false } })
        #expect(plan.steps.action(for: .revokeProfile) == .skip("dry run: would associate instance profile \(Fixtures.profile)"))
    }

    @Test func isolationWaitsForTheDetachAndTheWorkstationForTheSnapshots() {
        let plan = QuarantinePlanner.plan(Fixtures.fresh, incident: Fixtures.incident, settings: Fixtures.settings)
        let detachFailed = [StepOutcome<QuarantineStep>(.detachASG, .failed, "AccessDenied")]
        #expect(plan.steps.blocker(for: .isolateNetwork, given: detachFailed) == "not attempted: detach-asg failed (AccessDenied)")
        #expect(plan.steps.blocker(for: .isolateNetwork, given: [StepOutcome<QuarantineStep>(.detachASG, .skipped, "not in an Auto Scaling group")]) == nil)
        #expect(plan.steps.blocker(for: .isolateNetwork, given: [StepOutcome<QuarantineStep>(.detachASG, .done, "detached")]) == nil)
        #expect(plan.steps.blocker(for: .forensicWorkstation, given: [StepOutcome<QuarantineStep>(.snapshot, .failed, "x")]) != nil)
        // Independent steps are never held back.
        for step in [QuarantineStep.tag, .protect, .deregisterTargets, .releaseEIP, .revokeProfile, .snapshot, .evidence, .notify] {
            #expect(plan.steps.blocker(for: step, given: detachFailed + [StepOutcome<QuarantineStep>(.snapshot, .failed, "x")]) == nil)
        }
        #expect(plan.steps.executionOrder == Array(QuarantineStep.allCases.dropFirst()))
    }

    @Test func releaseKeepsItsRecordWhenARestoreFailed() {
        let plan = release(Fixtures.quarantined)
        #expect(plan.steps.blocker(for: .tag, given: [StepOutcome<QuarantineStep>(.isolateNetwork, .failed, "x")]) != nil)
        #expect(plan.steps.blocker(for: .tag, given: [StepOutcome<QuarantineStep>(.revokeProfile, .failed, "x")]) != nil)
        #expect(plan.steps.blocker(for: .tag, given: [StepOutcome<QuarantineStep>(.isolateNetwork, .done, "x"), StepOutcome<QuarantineStep>(.revokeSessions, .skipped, "x")]) == nil)
    }

    @Test func notActingReportsOnlyWhenAsked() {
        let reported = InstancePlan.notActing(reason: "target of a port probe", notify: true, settings: Fixtures.settings)
        #expect(reported.decision == .skip)
        #expect(reported.steps.steps.count == 12)
        #expect(reported.steps.action(for: .notify) == .perform(.notify))
        #expect(reported.steps.action(for: .isolateNetwork) == .skip("target of a port probe"))
        #expect(InstancePlan.notActing(reason: "sample", notify: false, settings: Fixtures.settings).steps.action(for: .notify) == .skip("sample"))
        #expect(reported.steps.dryRun().action(for: .notify) == .skip("dry run: would publish the incident"))
    }

    @Test func responseEncodesEveryContractFieldWithNulls() throws {
        let response = ForensicsResponse(
            decision: .skip, reason: "sample finding", instanceId: nil, account: nil, region: nil, incidentId: nil,
            finding: FindingSummary(source: .direct), steps: [StepOutcome<QuarantineStep>(.describe, .skipped, "sample finding")],
            dryRun: false)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(response)) as! [String: Any]
        #expect(Set(object.keys) == ["decision", "reason", "instanceId", "account", "region", "incidentId", "finding", "steps", "dryRun"])
        #expect(object["instanceId"] is NSNull && object["incidentId"] is NSNull && object["account"] is NSNull)
        let finding = object["finding"] as! [String: Any]
        #expect(Set(finding.keys) == ["source", "id", "type", "severity", "severitySource"])
        #expect(finding["source"] as? String == "direct" && finding["severity"] is NSNull)
        let step = (object["steps"] as! [[String: Any]])[0]
        #expect(step["step"] as? String == "describe" && step["status"] as? String == "skipped")
        #expect(object["dryRun"] as? Bool == false)
    }

    @Test func stepAndStatusNamesAreTheContracts() {
        #expect(QuarantineStep.allCases.map(\.rawValue) == [
            "describe", "tag", "protect", "detach-asg", "deregister-targets", "isolate-network", "release-eip",
            "revoke-profile", "revoke-sessions", "snapshot", "evidence", "forensic-workstation", "notify",
        ])
        #expect([StepStatus.done, .alreadyDone, .skipped, .failed].map(\.rawValue) == ["done", "already-done", "skipped", "failed"])
    }
}
