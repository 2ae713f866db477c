/// Carries out a plan step by step, in the plan's execution order: a step whose prerequisite
/// failed is skipped with why, a failing step is reported and the next one runs regardless.
/// The AWS work is the `perform` closure's (given the reports so far, which the incident
/// message lists); what it returns is the step's detail.
public enum PlanExecutor {
    public static func run(
        _ plan: Plan, perform: (Step, Operation, [StepReport]) async throws -> String,
        describeError: (any Error) -> String = { "\($0)" }
    ) async -> [StepReport] {
        var reports: [StepReport] = []
        for step in plan.executionOrder {
            guard let action = plan.action(for: step) else { continue }
            switch action {
            case .alreadyDone(let detail):
                reports.append(StepReport(step, .alreadyDone, detail))
            case .skip(let detail):
                reports.append(StepReport(step, .skipped, detail))
            case .fail(let detail):
                reports.append(StepReport(step, .failed, detail))
            case .perform(let operation):
                if let blocker = plan.blocker(for: step, given: reports) {
                    reports.append(StepReport(step, .skipped, blocker))
                    continue
                }
                do {
                    let sofar = reports.sorted { index($0.step) < index($1.step) }
                    reports.append(StepReport(step, .done, try await perform(step, operation, sofar)))
                } catch {
                    reports.append(StepReport(step, .failed, describeError(error)))
                }
            }
        }
        // Reported in the contract's order whatever the execution order was.
        return reports.sorted { index($0.step) < index($1.step) }
    }

    static func index(_ step: Step) -> Int { Step.allCases.firstIndex(of: step) ?? 0 }
}
