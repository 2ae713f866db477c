/// One thing a handler does to perform a planned step. Each carries exactly the data its calls
/// need, so the handler decides nothing.
public protocol PlannedOperation: Sendable, Equatable {
    /// What doing it means, in a few words: a dry run reports "dry run: would <summary>".
    var summary: String { get }
    /// It changes something, so a dry run does not perform it (default). An alert that says
    /// it is a dry run's may still go.
    var mutates: Bool { get }
}

extension PlannedOperation {
    public var mutates: Bool { true }
}
