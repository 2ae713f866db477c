import Synchronization

/// Counts the AWS calls made, and the attempts repeated, while it is the task's current tally:
/// `AWSCallTally.$current.withValue(tally) { … }` counts everything the clients do inside,
/// whichever copy of a client makes the call (a function's metrics line reports them).
public final class AWSCallTally: Sendable {
    @TaskLocal public static var current: AWSCallTally?

    private let counts = Mutex((calls: 0, retries: 0))

    public init() {}

    /// Calls made (each operation once, however many attempts it took).
    public var calls: Int { counts.withLock { $0.calls } }
    /// Attempts repeated after a throttle, a fault, or entries a batch call refused.
    public var retries: Int { counts.withLock { $0.retries } }

    func recordCall() { counts.withLock { $0.calls += 1 } }
    func recordRetry() { counts.withLock { $0.retries += 1 } }
}
