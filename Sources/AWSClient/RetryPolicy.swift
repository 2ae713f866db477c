/// One retry policy for every call: exponential backoff with full jitter (the delay before
/// attempt n+1 is uniform in [0, min(cap, base·2ⁿ⁻¹)]), a bounded number of attempts, on
/// throttling, 5xx and connection faults; never sleeping past the caller's deadline.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The fraction of the ceiling drawn for each delay: uniform in [0, 1]; tests fix it.
    var jitter: @Sendable () -> Double = { Double.random(in: 0...1) }

    /// `AWS_MAX_ATTEMPTS` as the SDKs read it, else 5.
    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(20)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    init(environment: [String: String]) {
        self.init(maxAttempts: environment["AWS_MAX_ATTEMPTS"].flatMap(Int.init) ?? 5)
    }

    /// The delay after failed attempt number `attempt` (1-based), drawn with full jitter.
    func delay(after attempt: Int) -> Duration {
        let exponent = min(attempt - 1, 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        return ceiling * jitter()
    }
}
