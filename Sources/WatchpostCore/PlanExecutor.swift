/// Carries out a plan step by step, in its execution order: a step whose prerequisite failed
/// is skipped with why, a failing step is reported and the next one runs regardless, and every
/// step's outcome is returned in the response's order. The I/O is the handler's `perform`
/// closure's, given the outcomes so far (in the response's order: an alert lists them).
public enum PlanExecutor {
    public static func run<Name, Operation>(
        _ plan: Plan<Name, Operation>,
        perform: (Name, Operation, [StepOutcome<Name>]) async throws -> PerformedStep,
        describeFailure: (Operation, any Error) -> String = { "\($1)" }
    ) async -> [StepOutcome<Name>] {
        let position = Dictionary(uniqueKeysWithValues: plan.steps.enumerated().map { ($1.step, $0) })
        var outcomes = [StepOutcome<Name>?](repeating: nil, count: plan.steps.count)
        for step in plan.executionOrder {
            guard let index = position[step] else { continue }
            let sofar = outcomes.compactMap { $0 }
            switch plan.steps[index].action {
            case .alreadyDone(let detail):
                outcomes[index] = StepOutcome(step, .alreadyDone, detail)
            case .skip(let detail):
                outcomes[index] = StepOutcome(step, .skipped, detail)
            case .fail(let detail):
                outcomes[index] = StepOutcome(step, .failed, detail)
            case .perform(let operation):
                if let blocker = plan.blocker(for: step, given: sofar) {
                    outcomes[index] = StepOutcome(step, .skipped, blocker)
                    continue
                }
                do {
                    let performed = try await perform(step, operation, sofar)
                    outcomes[index] = StepOutcome(step, performed.status, performed.detail)
                } catch {
                    outcomes[index] = StepOutcome(step, .failed, describeFailure(operation, error))
                }
            }
        }
        return outcomes.compactMap { $0 }
    }
}

/// How performing a step ended: done, with what it did, unless the step's own outcome says
/// otherwise (an alert that no channel was configured for is skipped). A step that fails throws.
public struct PerformedStep: Sendable, Equatable {
    public let status: StepStatus
    public let detail: String

    public init(_ status: StepStatus, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    public static func done(_ detail: String) -> PerformedStep { PerformedStep(.done, detail) }
}
