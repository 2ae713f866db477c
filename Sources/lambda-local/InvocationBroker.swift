import Foundation
import LambdaRuntime

/// An event handed to the runtime.
struct Event {
    let requestID: String
    let payload: Data
    let traceID: String
}

/// How one invocation ended, as the Runtime API heard it.
enum InvocationOutcome {
    case response(Data)
    case error(errorType: String, errorMessage: String)
}

/// The state one execution environment's Runtime API shares between its connection threads
/// and the session that feeds events: events queued in order, at most one in flight (the
/// runtime asks for the next only after reporting the last). A lock and a condition, because
/// `next` is a blocking long poll on a connection's thread.
final class InvocationBroker: @unchecked Sendable {
    /// Lambda's limit for a synchronous response.
    static let maximumResponseSize = 6_291_556

    private struct InFlight {
        let event: Event
        let deadlineMs: Int64
        var oversized = false
        var reported = false
    }

    private let condition = NSCondition()
    private var queue: [Event] = []
    private var queueHead = 0
    private var inFlight: InFlight?
    private var outcomes: [String: InvocationOutcome] = [:]
    private var completed = 0
    private var errors = 0
    private var initError: InvocationOutcome?
    private var closed = false
    /// When the runtime first asked for an event and first reported an outcome (for `--bench`).
    private var firstNext: ContinuousClock.Instant?
    private var firstOutcome: ContinuousClock.Instant?
    let timeout: Double

    init(timeout: Double) {
        self.timeout = timeout
    }

    // MARK: - The session's side

    /// Queues events; the runtime takes them one `next` at a time.
    func offer(_ events: [Event]) {
        condition.withLock {
            queue += events
            condition.broadcast()
        }
    }

    /// The deadline of the event once the runtime has taken it (called `next`).
    func deadline(of requestID: String) -> Date? {
        condition.withLock {
            guard let current = inFlight, current.event.requestID == requestID else { return nil }
            return Date(timeIntervalSince1970: Double(current.deadlineMs) / 1000)
        }
    }

    /// Wakes the session: something outside the Runtime API changed (the process exited).
    func notify() {
        condition.withLock { condition.broadcast() }
    }

    /// The outcome of an invocation, handed over once.
    func outcome(of requestID: String) -> InvocationOutcome? {
        condition.withLock { outcomes.removeValue(forKey: requestID) }
    }

    /// How many invocations have ended, and how many of those with an error.
    func counts() -> (completed: Int, errors: Int) {
        condition.withLock { (completed, errors) }
    }

    func startTimes() -> (firstNext: ContinuousClock.Instant?, firstOutcome: ContinuousClock.Instant?) {
        condition.withLock { (firstNext, firstOutcome) }
    }

    func reportedInitError() -> InvocationOutcome? {
        condition.withLock { initError }
    }

    /// Wakes every waiting connection for good: this environment is over.
    func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }

    /// Waits until something may have changed, at most until `limit`.
    func waitForChange(until limit: Date) {
        condition.withLock { _ = condition.wait(until: limit) }
    }

    // MARK: - The Runtime API's side (connection threads)

    /// Blocks until an event is queued; nil once the environment is closed.
    func next() -> (event: Event, deadlineMs: Int64)? {
        let askedAt = ContinuousClock.now
        return condition.withLock {
            if firstNext == nil { firstNext = askedAt }
            // Asking for the next event ends an invocation refused as too large without an error.
            if let current = inFlight, current.oversized, !current.reported {
                record(.error(errorType: "Function.ResponseSizeTooLarge",
                              errorMessage: "Response payload size exceeded maximum allowed payload size (\(Self.maximumResponseSize) bytes)."),
                       for: current.event.requestID)
            }
            while queueHead == queue.count, !closed { condition.wait() }
            guard !closed else { return nil }
            let event = queue[queueHead]
            queueHead += 1
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
            let deadlineMs = Int64((Date().timeIntervalSince1970 + timeout) * 1000)
            inFlight = InFlight(event: event, deadlineMs: deadlineMs)
            condition.broadcast()
            return (event, deadlineMs)
        }
    }

    enum Acceptance {
        case accepted, unknownRequest, alreadyReported, tooLarge
    }

    func complete(_ requestID: String, with outcome: InvocationOutcome) -> Acceptance {
        condition.withLock {
            guard let current = inFlight, current.event.requestID == requestID else { return .unknownRequest }
            guard !current.reported else { return .alreadyReported }
            if case .response(let body) = outcome, body.count > Self.maximumResponseSize {
                inFlight?.oversized = true
                return .tooLarge
            }
            record(outcome, for: requestID)
            return .accepted
        }
    }

    func failInit(_ outcome: InvocationOutcome) -> Acceptance {
        condition.withLock {
            guard initError == nil, inFlight == nil else { return .alreadyReported }
            initError = outcome
            condition.broadcast()
            return .accepted
        }
    }

    /// Called with the lock held.
    private func record(_ outcome: InvocationOutcome, for requestID: String) {
        inFlight?.reported = true
        outcomes[requestID] = outcome
        completed += 1
        if case .error = outcome { errors += 1 }
        if firstOutcome == nil { firstOutcome = .now }
        condition.broadcast()
    }
}
