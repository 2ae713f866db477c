import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One execution environment: a Runtime API server of its own and the bootstrap process it
/// serves. After a crash, an init error or a timeout it is thrown away, as Lambda does, and
/// the next event gets a fresh one.
final class Sandbox {
    /// Lambda's allowance for init, before the first `next`.
    static let initAllowance = 10.0

    let broker: InvocationBroker
    private let server: RuntimeAPIServer
    private let process = Process()
    private var servedAny = false
    /// Just before the bootstrap was started.
    private(set) var startedAt = ContinuousClock.now

    /// How an invocation ended from the outside: an outcome the runtime reported, or the
    /// environment failing (`errorType` as Lambda names it).
    enum Result {
        case reported(InvocationOutcome)
        case failed(errorType: String, errorMessage: String)
    }

    init(settings: PlayedFunction, caller: [String: String], timeout: Double) throws {
        broker = InvocationBroker(timeout: timeout)
        server = try RuntimeAPIServer(broker: broker, functionARN: settings.functionARN)
        server.start()
        process.executableURL = settings.bootstrap
        process.environment = settings.environment(caller: caller, runtimeAPI: "127.0.0.1:\(server.port)")
        process.currentDirectoryURL = settings.bootstrap.deletingLastPathComponent()
        // The bootstrap's own output goes to our stderr: our stdout is one JSON line per event.
        process.standardOutput = FileHandle.standardError
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        let broker = broker
        process.terminationHandler = { _ in broker.notify() }
        startedAt = .now
        try process.run()
    }

    /// Offers one event and waits for its end.
    func invoke(_ event: Event) -> Result {
        let takeLimit = Date().addingTimeInterval(broker.timeout + (servedAny ? 0 : Self.initAllowance))
        servedAny = true
        broker.offer([event])
        while true {
            if let outcome = broker.outcome(of: event.requestID) { return .reported(outcome) }
            if case .error(let errorType, let errorMessage) = broker.reportedInitError() {
                return .failed(errorType: "Runtime.InitError", errorMessage: "\(errorType): \(errorMessage)")
            }
            if !process.isRunning {
                return .failed(errorType: "Runtime.ExitError",
                               errorMessage: "RequestId: \(event.requestID) Error: Runtime exited with \(exitDescription)")
            }
            let limit = broker.deadline(of: event.requestID) ?? takeLimit
            if Date() >= limit {
                let seconds = String(format: "%.2f", broker.timeout)
                return .failed(errorType: "Sandbox.Timedout",
                               errorMessage: "RequestId: \(event.requestID) Error: Task timed out after \(seconds) seconds")
            }
            broker.waitForChange(until: min(limit, Date().addingTimeInterval(0.05)))
        }
    }

    /// Queues all events at once and waits until the runtime has reported as many outcomes
    /// (or stopped): no round trip through this thread per event, so a warm rate measures the
    /// runtime and the Runtime API, not this session. Returns how many invocations of this
    /// environment so far ended with an error, or why the environment failed.
    func invokeAll(_ events: [Event]) -> Swift.Result<Int, Failure> {
        let target = broker.counts().completed + events.count
        broker.offer(events)
        while true {
            let (completed, errors) = broker.counts()
            if completed == target { return .success(errors) }
            if broker.reportedInitError() != nil { return .failure(Failure(description: "init error")) }
            if !process.isRunning { return .failure(Failure(description: "runtime exited with \(exitDescription)")) }
            Thread.sleep(forTimeInterval: 0.005)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The bootstrap's peak resident set so far (VmHWM), while it runs. Not getrusage: after a
    /// vfork-style spawn, the kernel counts the parent's memory in the child's maxrss.
    func peakResidentKiB() -> Int? {
        guard process.isRunning,
              let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    private var exitDescription: String {
        switch process.terminationReason {
        case .uncaughtSignal: "signal \(process.terminationStatus)"
        default: "error: exit status \(process.terminationStatus)"
        }
    }

    /// Ends the environment: SIGTERM first when `gracefully` (the bootstrap may finish
    /// cleanly), SIGKILL otherwise or after two seconds.
    func end(gracefully: Bool) {
        if process.isRunning {
            kill(process.processIdentifier, gracefully ? SIGTERM : SIGKILL)
            let limit = Date().addingTimeInterval(gracefully ? 2 : 10)
            while process.isRunning, Date() < limit { broker.waitForChange(until: Date().addingTimeInterval(0.02)) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        broker.close()
        server.stop()
    }
}
