import Testing
import WatchpostCore

@testable import ForensicsCore
@testable import Forensics

/// The executor's promises on quarantine and release plans: every step reported in order,
/// failures contained, dependencies kept.
struct QuarantineExecutionTests {
    struct Refused: Error, CustomStringConvertible {
        let description: String
    }

    actor Calls {
        var steps: [QuarantineStep] = []
        func record(_ step: QuarantineStep) { steps.append(step) }
    }

    func execute(_ plan: InstancePlan, failing: Set<QuarantineStep> = []) async -> (reports: [StepOutcome<QuarantineStep>], calls: [QuarantineStep]) {
        let calls = Calls()
        let reports = await PlanExecutor.run(plan.steps) { step, operation, sofar in
            await calls.record(step)
            if step == .notify {
                // The incident lists every other step.
                #expect(sofar.map(\.step) == Array(QuarantineStep.allCases.dropFirst().dropLast()))
            }
            if failing.contains(step) { throw Refused(description: "AccessDenied: \(step.rawValue)") }
            return .done(operation.summary)
        }
        return (reports, await calls.steps)
    }

    var freshPlan: InstancePlan {
        QuarantinePlanner.plan(Fixtures.fresh, incident: Fixtures.incident, settings: Fixtures.settings)
    }

    @Test func everyStepIsReportedInTheContractsOrder() async {
        let (reports, calls) = await execute(freshPlan)
        #expect(reports.map(\.step) == Array(QuarantineStep.allCases.dropFirst()))
        #expect(calls == [.tag, .protect, .detachASG, .deregisterTargets, .isolateNetwork, .releaseEIP, .revokeProfile,
                          .snapshot, .evidence, .notify])
        #expect(reports.first { $0.step == .detachASG }?.detail.hasPrefix("detach from web-asg") == true)
        #expect(reports.first { $0.step == .revokeSessions }?.status == .skipped)
    }

    @Test func aFailedStepDoesNotStopIndependentOnes() async {
        let (reports, calls) = await execute(freshPlan, failing: [.tag, .snapshot])
        let status = Dictionary(uniqueKeysWithValues: reports.map { ($0.step, $0.status) })
        #expect(status[.tag] == .failed && status[.snapshot] == .failed)
        #expect(status[.protect] == .done && status[.isolateNetwork] == .done && status[.evidence] == .done && status[.notify] == .done)
        #expect(calls.contains(.notify))
        #expect(reports.first { $0.step == .tag }?.detail == "AccessDenied: tag")
    }

    @Test func noIsolationWhileStillInTheGroup() async {
        let (reports, calls) = await execute(freshPlan, failing: [.detachASG])
        #expect(!calls.contains(.isolateNetwork))
        let isolate = reports.first { $0.step == .isolateNetwork }
        #expect(isolate?.status == .skipped)
        #expect(isolate?.detail.hasPrefix("not attempted: detach-asg failed") == true)
        #expect(calls.contains(.revokeProfile) && calls.contains(.snapshot))
    }

    @Test func workstationWaitsForSnapshots() async {
        let settings = Fixtures.configured(forensicAMI: "ami-1", forensicSubnet: "subnet-f")
        let plan = QuarantinePlanner.plan(Fixtures.fresh, incident: Fixtures.incident, settings: settings)
        let (reports, calls) = await execute(plan, failing: [.snapshot])
        #expect(!calls.contains(.forensicWorkstation))
        #expect(reports.first { $0.step == .forensicWorkstation }?.status == .skipped)
    }

    @Test func releaseRemovesTheQuarantineTagsLastAndOnlyAfterTheRestores() async {
        let plan = ReleasePlanner.plan(Fixtures.quarantined, incident: ReleaseAndPlanTests.releaseIncident,
                                       settings: Fixtures.configured(revokeRoleSessions: true, restoreInstanceProfile: true))
        let (_, calls) = await execute(plan)
        #expect(calls == [.isolateNetwork, .revokeProfile, .revokeSessions, .tag, .notify])
        let (reports, failedCalls) = await execute(plan, failing: [.isolateNetwork])
        #expect(!failedCalls.contains(.tag))
        #expect(reports.first { $0.step == .tag }?.status == .skipped)
        #expect(reports.map(\.step) == Array(QuarantineStep.allCases.dropFirst()))
    }

    @Test func dryRunCallsNothing() async {
        let plan = QuarantinePlanner.plan(Fixtures.fresh, incident: Fixtures.incident, settings: Fixtures.configured(dryRun: true))
        let (reports, calls) = await execute(plan)
        #expect(calls.isEmpty)
        #expect(reports.allSatisfy { $0.status == .skipped })
    }

    @Test func describeSummary() {
        #expect(Fixtures.fresh.summary == "running in vpc-1; interfaces eni-1, eni-2; volumes vol-root, vol-data; profile \(Fixtures.profile); in Auto Scaling group web-asg; 2 target group registration(s); Elastic IP 198.51.100.23")
        #expect(Fixtures.quarantined.summary.hasSuffix("already quarantined under \(Fixtures.incidentId)"))
    }
}
