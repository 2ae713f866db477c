/// The response's `decision`.
public enum Decision: String, Sendable, Codable {
    case isolate
    case skip
    case release
}

/// Everything after `describe`: what each step will do, the order to do it in, and which
/// steps must have succeeded before another may run.
public struct Plan: Sendable, Equatable {
    public var decision: Decision
    public var reason: String
    /// One entry per step from `tag` to `notify`, in the response's order.
    public var steps: [PlannedStep]

    public init(decision: Decision, reason: String, steps: [PlannedStep]) {
        self.decision = decision
        self.reason = reason
        self.steps = steps
    }

    public func action(for step: Step) -> PlannedAction? {
        steps.first { $0.step == step }?.action
    }

    /// The order the handler carries the steps out in. A release removes the quarantine tags
    /// last: they mark the instance as quarantined (a release finds it by them), so they go
    /// only once the rest succeeded.
    public var executionOrder: [Step] {
        let planned = steps.map(\.step)
        guard decision == .release else { return planned }
        let late: [Step] = [.tag, .notify]
        return planned.filter { !late.contains($0) } + late.filter(planned.contains)
    }

    /// Steps that must not have failed before `step` runs (skipped is fine: "not in an Auto
    /// Scaling group" does not hold the isolation back).
    /// Isolating the network while the instance is still in its group would let a load
    /// balancer health check have it terminated, evidence and all; a workstation needs the
    /// snapshots; a release keeps the quarantine tags until the groups and profile are back.
    public func prerequisites(of step: Step) -> [Step] {
        switch (decision, step) {
        case (.isolate, .isolateNetwork): [.detachASG]
        case (.isolate, .forensicWorkstation): [.snapshot]
        case (.release, .tag): [.isolateNetwork, .revokeProfile, .revokeSessions]
        default: []
        }
    }

    /// Nil when `step` may run given the reports so far, else why it may not.
    public func blocker(for step: Step, given reports: [StepReport]) -> String? {
        for prerequisite in prerequisites(of: step) {
            if let report = reports.first(where: { $0.step == prerequisite }), report.status == .failed {
                return "not attempted: \(prerequisite.rawValue) \(report.status.rawValue) (\(report.detail))"
            }
        }
        return nil
    }

    /// DRY_RUN: nothing is performed; each step says what it would have done.
    public func dryRun() -> Plan {
        var plan = self
        plan.steps = steps.map { planned in
            guard case .perform(let operation) = planned.action else { return planned }
            return PlannedStep(planned.step, .skip("dry run: would \(operation.summary)"))
        }
        return plan
    }

    /// A finding not acted on: every step skipped with the reason, except that a `report`
    /// verdict still tells the team.
    public static func notActing(reason: String, notify: Bool, settings: ForensicsSettings) -> Plan {
        let steps = Step.allCases.dropFirst().map { step in
            step == .notify && notify && settings.alertsConfigured
                ? PlannedStep(step, .perform(.notify)) : PlannedStep(step, .skip(reason))
        }
        let plan = Plan(decision: .skip, reason: reason, steps: steps)
        return settings.dryRun ? plan.dryRun() : plan
    }
}
