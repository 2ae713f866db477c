/// A step's fate as planned: perform it, or say why not.
public enum PlannedAction<Operation: PlannedOperation>: Sendable, Equatable {
    case perform(Operation)
    case alreadyDone(String)
    case skip(String)
    /// The facts this step needs could not be gathered.
    case fail(String)
}

/// One step of a plan: its name and what will become of it.
public struct PlannedStep<Name: StepName, Operation: PlannedOperation>: Sendable, Equatable {
    public var step: Name
    public var action: PlannedAction<Operation>

    public init(_ step: Name, _ action: PlannedAction<Operation>) {
        self.step = step
        self.action = action
    }
}
