import Foundation
import LambdaRuntime

/// An event handed to the runtime.
struct Event {
    let requestID: String
    let payload: Data
    let traceID: String
}

/// How one invocation ended, as the Runtime API heard it.
enum Outcome {
    case response(Data)
    case error(errorType: String, errorMessage: String)
}

/// The state one execution environment's Runtime API shares between its connection threads
/// and the session that feeds events: at most one event offered or in flight at a time.
/// A lock and a condition, because `next` is a blocking long poll on a connection's thread.
final class InvocationBroker: @unchecked Sendable {
    /// Lambda's limit for a synchronous response.
    static let maximumResponseSize = 6_291_556

    private let condition = NSCondition()
    private var offered: Event?
    private var inFlight: (event: Event, deadlineMs: Int64, oversized: Bool)?
    private var outcomes: [String: Outcome] = [:]
    private var initError: Outcome?
    private var closed = false
    /// When the runtime first asked for an event and first reported an outcome (for `--bench`).
    private var firstNext: ContinuousClock.Instant?
    private var firstOutcome: ContinuousClock.Instant?
    let timeout: Double

    init(timeout: Double) {
        self.timeout = timeout
    }

    // MARK: - The session's side

    func offer(_ event: Event) {
        condition.withLock {
            offered = event
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

    /// The outcome of an invocation, forgotten once read.
    func outcome(of requestID: String) -> Outcome? {
        condition.withLock { outcomes.removeValue(forKey: requestID) }
    }

    func startTimes() -> (firstNext: ContinuousClock.Instant?, firstOutcome: ContinuousClock.Instant?) {
        condition.withLock { (firstNext, firstOutcome) }
    }

    func reportedInitError() -> Outcome? {
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

    /// Blocks until an event is offered; nil once the environment is closed.
    func next() -> (event: Event, deadlineMs: Int64)? {
        let askedAt = ContinuousClock.now
        return condition.withLock {
            if firstNext == nil { firstNext = askedAt }
            // Asking for the next event ends an invocation refused as too large without an error.
            if let current = inFlight, current.oversized, outcomes[current.event.requestID] == nil {
                outcomes[current.event.requestID] = .error(
                    errorType: "Function.ResponseSizeTooLarge",
                    errorMessage: "Response payload size exceeded maximum allowed payload size (\(Self.maximumResponseSize) bytes).")
                condition.broadcast()
            }
            while offered == nil, !closed { condition.wait() }
            guard let event = offered, !closed else { return nil }
            offered = nil
            let deadlineMs = Int64((Date().timeIntervalSince1970 + timeout) * 1000)
            inFlight = (event, deadlineMs, false)
            condition.broadcast()
            return (event, deadlineMs)
        }
    }

    enum Acceptance {
        case accepted, unknownRequest, alreadyReported, tooLarge
    }

    func complete(_ requestID: String, with outcome: Outcome) -> Acceptance {
        condition.withLock {
            guard let current = inFlight, current.event.requestID == requestID else { return .unknownRequest }
            guard outcomes[requestID] == nil else { return .alreadyReported }
            if case .response(let body) = outcome, body.count > Self.maximumResponseSize {
                inFlight?.oversized = true
                return .tooLarge
            }
            outcomes[requestID] = outcome
            if firstOutcome == nil { firstOutcome = .now }
            condition.broadcast()
            return .accepted
        }
    }

    func failInit(_ outcome: Outcome) -> Acceptance {
        condition.withLock {
            guard initError == nil, inFlight == nil else { return .alreadyReported }
            initError = outcome
            condition.broadcast()
            return .accepted
        }
    }
}
