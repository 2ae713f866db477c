import WatchpostCore

/// The response's `decision`.
public enum Decision: String, Sendable, Codable {
    case isolate
    case skip
    case release
}

/// The steps after `describe`: what each will do, in which order, after which others.
public typealias QuarantinePlan = Plan<QuarantineStep, QuarantineOperation>

/// What forensic-isolator will do about one instance, decided from what `describe` found: the
/// response's decision and reason, and the steps that carry it out.
public struct InstancePlan: Sendable, Equatable {
    public var decision: Decision
    public var reason: String
    /// One entry per step from `tag` to `notify`, in the response's order.
    public var steps: QuarantinePlan

    /// DRY_RUN: nothing is performed; each step says what it would have done.
    public init(decision: Decision, reason: String, steps: QuarantinePlan, dryRun: Bool) {
        self.decision = decision
        self.reason = reason
        self.steps = dryRun ? steps.dryRun() : steps
    }

    /// A finding not acted on: every step skipped with the reason, except that a `report`
    /// verdict still tells the team.
    public static func notActing(reason: String, notify: Bool, settings: ForensicsSettings) -> InstancePlan {
        let steps = QuarantineStep.allCases.dropFirst().map { step in
            step == .notify && notify && settings.alertsConfigured
                ? QuarantinePlan.Step(step, .perform(.notify)) : QuarantinePlan.Step(step, .skip(reason))
        }
        return InstancePlan(decision: .skip, reason: reason, steps: QuarantinePlan(steps), dryRun: settings.dryRun)
    }
}
