/// What a function will do, step by step, decided before anything is done: each step's planned
/// action in the response's order, the order to carry them out in, and which steps must not
/// have failed before another runs. Plain data: `PlanExecutor` carries it out, a test reads it.
public struct Plan<Name: StepName, Operation: PlannedOperation>: Sendable, Equatable {
    public typealias Step = PlannedStep<Name, Operation>
    public typealias Action = PlannedAction<Operation>
    public typealias Outcome = StepOutcome<Name>

    /// One entry per step, in the response's order; no name appears twice.
    public let steps: [Step]
    /// For a step, those that must not have failed before it runs. Skipped is fine: "not in an
    /// Auto Scaling group" does not hold the isolation back.
    public let prerequisites: [Name: [Name]]
    /// Every step once, in the order it is carried out: the response's, unless said otherwise.
    public let executionOrder: [Name]

    public init(_ steps: [Step], prerequisites: [Name: [Name]] = [:], executionOrder: [Name]? = nil) {
        let names = steps.map(\.step)
        precondition(Set(names).count == names.count, "a step is planned once")
        if let executionOrder {
            precondition(executionOrder.count == names.count && Set(executionOrder) == Set(names), "the execution order runs every step once")
        }
        self.steps = steps
        self.prerequisites = prerequisites
        self.executionOrder = executionOrder ?? names
    }

    public func action(for step: Name) -> Action? {
        steps.first { $0.step == step }?.action
    }

    /// Nil when `step` may run given the outcomes so far, else why it may not.
    public func blocker(for step: Name, given outcomes: [Outcome]) -> String? {
        for prerequisite in prerequisites[step] ?? [] {
            if let outcome = outcomes.first(where: { $0.step == prerequisite }), outcome.status == .failed {
                return step.notAttempted(after: outcome)
            }
        }
        return nil
    }

    /// DRY_RUN: nothing that changes anything is performed; each such step says what it would
    /// have done. The rest of the plan stands.
    public func dryRun() -> Plan {
        let steps = steps.map { planned in
            guard case .perform(let operation) = planned.action, operation.mutates else { return planned }
            return Step(planned.step, .skip("dry run: would \(operation.summary)"))
        }
        return Plan(steps, prerequisites: prerequisites, executionOrder: executionOrder)
    }
}
