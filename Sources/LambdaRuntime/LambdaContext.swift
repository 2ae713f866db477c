/// What Lambda says about the invocation in progress.
public struct LambdaContext: Sendable {
    public let requestID: String
    /// When Lambda stops the invocation (from `Lambda-Runtime-Deadline-Ms`).
    public let deadline: ContinuousClock.Instant
    public let invokedFunctionARN: String
    /// X-Ray trace header; also exported as `_X_AMZN_TRACE_ID` while the invocation runs.
    public let traceID: String?
    public let clientContext: String?
    public let cognitoIdentity: String?
    /// Logs with this invocation's request id.
    public let logger: Logger

    public var remainingTime: Duration { deadline - .now }

    /// A context of one's own, e.g. for a handler's unit tests.
    public init(
        requestID: String,
        deadline: ContinuousClock.Instant,
        invokedFunctionARN: String,
        traceID: String? = nil,
        clientContext: String? = nil,
        cognitoIdentity: String? = nil,
        logger: Logger = Logger()
    ) {
        self.requestID = requestID
        self.deadline = deadline
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.logger = logger.with(requestID: requestID)
    }

    /// The context of an invocation, its wall-clock deadline turned into a monotonic instant.
    init(_ invocation: RuntimeInvocation, logger: Logger, nowEpochMs: Int64, now: ContinuousClock.Instant) {
        self.init(
            requestID: invocation.requestID,
            deadline: now + .milliseconds(invocation.deadlineMs - nowEpochMs),
            invokedFunctionARN: invocation.invokedFunctionARN,
            traceID: invocation.traceID,
            clientContext: invocation.clientContext,
            cognitoIdentity: invocation.cognitoIdentity,
            logger: logger)
    }
}
