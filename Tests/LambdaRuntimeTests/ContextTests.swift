import Testing
@testable import LambdaRuntime

struct ContextTests {
    func invocation(deadlineMs: Int64) -> RuntimeInvocation {
        RuntimeInvocation(requestID: "r-1", deadlineMs: deadlineMs, invokedFunctionARN: "arn", traceID: "t",
                   clientContext: nil, cognitoIdentity: "c", payload: [])
    }

    @Test func theDeadlineIsTheWallClockDeadlineOnTheMonotonicClock() {
        let now = ContinuousClock.now
        let context = LambdaContext(invocation(deadlineMs: 1_000_002_500), logger: Logger(),
                                    nowEpochMs: 1_000_000_000, now: now)
        #expect(context.deadline == now + .milliseconds(2500))
        #expect(context.requestID == "r-1")
        #expect(context.traceID == "t")
        #expect(context.cognitoIdentity == "c")
        #expect(context.clientContext == nil)
    }

    @Test func remainingTimeCountsDown() {
        // Bounds from the clock readings around the call, not a guess at how fast it runs: the
        // remaining time is the deadline less some instant between `before` and `after`.
        let deadline = ContinuousClock.now + .seconds(10)
        let before = ContinuousClock.now
        let remaining = LambdaContext(requestID: "r", deadline: deadline, invokedFunctionARN: "a").remainingTime
        let after = ContinuousClock.now
        #expect(remaining <= before.duration(to: deadline))
        #expect(remaining >= after.duration(to: deadline))
        let past = LambdaContext(requestID: "r", deadline: .now - .seconds(1), invokedFunctionARN: "a")
        #expect(past.remainingTime < .zero)
    }

    @Test func theLoggerCarriesTheRequestID() {
        let context = LambdaContext(requestID: "r-9", deadline: .now, invokedFunctionARN: "a",
                                    logger: Logger(format: .json, minimumLevel: .debug))
        #expect(context.logger.requestID == "r-9")
        #expect(context.logger.format == .json)
        #expect(context.logger.minimumLevel == .debug)
    }
}
