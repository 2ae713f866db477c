import Foundation
import Testing
import WatchpostCore

/// A function's steps, as a test names them.
private enum Chore: String, StepName {
    case fetch, wash, dry, fold

    static let key = "chore"
}

/// What a chore does: its summary, and whether a dry run holds it back.
private struct Task: PlannedOperation {
    let summary: String
    var mutates = true
}

private typealias ChorePlan = Plan<Chore, Task>

private struct Refused: Error, CustomStringConvertible {
    var description: String { "AccessDenied" }
}

/// Records the steps performed, in the order they were.
private actor Calls {
    var chores: [Chore] = []
    var seen: [Chore: [Chore]] = [:]
    func record(_ chore: Chore, seeing sofar: [StepOutcome<Chore>]) {
        chores.append(chore)
        seen[chore] = sofar.map(\.step)
    }
}

/// Runs `plan`, failing the chores in `failing`; what each chore saw of the others when it ran.
private func run(_ plan: ChorePlan, failing: Set<Chore> = []) async -> (outcomes: [StepOutcome<Chore>], calls: Calls) {
    let calls = Calls()
    let outcomes = await PlanExecutor.run(plan) { chore, task, sofar in
        await calls.record(chore, seeing: sofar)
        if failing.contains(chore) { throw Refused() }
        return .done("did \(task.summary)")
    }
    return (outcomes, calls)
}

private func perform(_ chore: Chore, _ summary: String, mutates: Bool = true) -> ChorePlan.Step {
    ChorePlan.Step(chore, .perform(Task(summary: summary, mutates: mutates)))
}

/// The generic executor's promises, on a function of its own.
struct PlanExecutorTests {
    @Test func aFailedPrerequisiteSkipsItsDependantsWithWhyAndNothingElse() async {
        let plan = ChorePlan([perform(.fetch, "fetch"), perform(.wash, "wash"), perform(.dry, "dry"), perform(.fold, "fold")],
                             prerequisites: [.wash: [.fetch], .dry: [.wash]])
        let (outcomes, calls) = await run(plan, failing: [.fetch])
        #expect(outcomes == [
            StepOutcome(.fetch, .failed, "AccessDenied"),
            StepOutcome(.wash, .skipped, "not attempted: fetch failed (AccessDenied)"),
            // Skipped is no failure: what depends on a skipped step still runs.
            StepOutcome(.dry, .done, "did dry"),
            StepOutcome(.fold, .done, "did fold"),
        ])
        #expect(await calls.chores == [.fetch, .dry, .fold])
    }

    @Test func aStepNameMayWordItsBlockedDetail() async {
        let plan = Plan<Guarded, Task>([.init(.open, .perform(Task(summary: "open"))), .init(.enter, .perform(Task(summary: "enter")))],
                                       prerequisites: [.enter: [.open]])
        let outcomes = await PlanExecutor.run(plan) { step, _, _ in
            if step == .open { throw Refused() }
            return .done("entered")
        }
        #expect(outcomes.last == StepOutcome(.enter, .skipped, "stayed out: the door is shut"))
    }

    @Test func aDryRunSaysWhatEachChangeWouldHaveBeenAndKeepsTheRest() async {
        let plan = ChorePlan([perform(.fetch, "fetch the laundry"), perform(.wash, "tell the house", mutates: false),
                              ChorePlan.Step(.dry, .alreadyDone("dry already")), ChorePlan.Step(.fold, .fail("no table"))],
                             prerequisites: [.wash: [.fetch]], executionOrder: [.fold, .dry, .wash, .fetch])
        let dry = plan.dryRun()
        #expect(dry.steps == [ChorePlan.Step(.fetch, .skip("dry run: would fetch the laundry")), plan.steps[1], plan.steps[2], plan.steps[3]])
        #expect(dry.prerequisites == plan.prerequisites)
        #expect(dry.executionOrder == plan.executionOrder)
        let (outcomes, calls) = await run(dry)
        #expect(await calls.chores == [.wash], "only what changes nothing is performed")
        #expect(outcomes.map(\.status) == [.skipped, .done, .alreadyDone, .failed])
    }

    @Test func alreadyDoneSkippedAndFailedStepsAreReportedAsPlannedWithoutBeingPerformed() async {
        let plan = ChorePlan([ChorePlan.Step(.fetch, .alreadyDone("in the basket")), ChorePlan.Step(.wash, .skip("nothing dirty")),
                              ChorePlan.Step(.dry, .fail("could not read the dryer")), perform(.fold, "fold")],
                             prerequisites: [.fold: [.dry]])
        let (outcomes, calls) = await run(plan)
        #expect(outcomes == [
            StepOutcome(.fetch, .alreadyDone, "in the basket"),
            StepOutcome(.wash, .skipped, "nothing dirty"),
            StepOutcome(.dry, .failed, "could not read the dryer"),
            StepOutcome(.fold, .skipped, "not attempted: dry failed (could not read the dryer)"),
        ])
        #expect(await calls.chores.isEmpty)
    }

    @Test func stepsRunInTheExecutionOrderAndAreReportedInTheResponsesOrder() async {
        let plan = ChorePlan([perform(.fetch, "fetch"), perform(.wash, "wash"), perform(.dry, "dry"), perform(.fold, "fold")],
                             executionOrder: [.dry, .fold, .fetch, .wash])
        let (outcomes, calls) = await run(plan)
        #expect(await calls.chores == [.dry, .fold, .fetch, .wash])
        #expect(outcomes.map(\.step) == [.fetch, .wash, .dry, .fold])
        // Each step sees what ran before it, in the response's order.
        #expect(await calls.seen[.fetch] == [.dry, .fold])
        #expect(await calls.seen[.wash] == [.fetch, .dry, .fold])
    }

    @Test func aPerformedStepMayEndOtherwiseThanDoneAndAFailureIsDescribed() async {
        let plan = ChorePlan([perform(.fetch, "fetch"), perform(.wash, "wash")])
        let outcomes = await PlanExecutor.run(plan, perform: { chore, _, _ in
            if chore == .wash { throw Refused() }
            return PerformedStep(.skipped, "nobody home")
        }, describeFailure: { task, error in "\(task.summary): \(error)" })
        #expect(outcomes == [StepOutcome(.fetch, .skipped, "nobody home"), StepOutcome(.wash, .failed, "wash: AccessDenied")])
    }

    @Test func anOutcomeIsListedUnderItsNamesKeyAndWords() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(StepOutcome(Chore.fetch, .alreadyDone, "in the basket")), as: UTF8.self)
            == #"{"chore":"fetch","detail":"in the basket","status":"already-done"}"#)
        #expect(String(decoding: try encoder.encode([AlertDelivery(.slack, .done, "posted"), AlertDelivery(.sns, .skipped, "not set")]), as: UTF8.self)
            == #"[{"channel":"slack","status":"sent"},{"channel":"sns","status":"skipped"}]"#)
    }
}

/// Steps whose blocked detail is their own.
private enum Guarded: String, StepName {
    case open, enter

    static let key = "step"

    func notAttempted(after prerequisite: StepOutcome<Guarded>) -> String { "stayed out: the door is shut" }
}
