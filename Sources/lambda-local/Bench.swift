import Foundation

/// `--bench N`: one cold invocation, then N warm ones of the same event through the same
/// bootstrap, as fast as the runtime takes them; prints one JSON line of figures:
/// `{"execToFirstNextMs", "execToFirstResponseMs", "peakRSSKiB", "warmInvocations",
///   "warmSeconds", "warmPerSecond", "errors"}`. `make bench` reads it (scripts/bench.sh).
enum Bench {
    static func run(settings: PlayedFunction, caller: [String: String], timeout: Double, payload: Data, warm: Int) -> Int32 {
        let sandbox: Sandbox
        do {
            sandbox = try Sandbox(settings: settings, caller: caller, timeout: timeout)
        } catch {
            FileHandle.standardError.write(Data("lambda-local: cannot start \(settings.bootstrap.path): \(error)\n".utf8))
            return 2
        }
        func events(_ count: Int) -> [Event] {
            (0..<count).map { _ in Event(requestID: UUID().uuidString.lowercased(), payload: payload, traceID: TraceID.make()) }
        }
        let errors: Int
        if case .failed(let errorType, let errorMessage) = sandbox.invoke(events(1)[0]) {
            FileHandle.standardError.write(Data("lambda-local: bench stopped: \(errorType): \(errorMessage)\n".utf8))
            return 2
        }
        let warmEvents = events(warm)
        let warmStart = ContinuousClock.now
        switch sandbox.invokeAll(warmEvents) {
        case .success(let total): errors = total
        case .failure(let failure):
            FileHandle.standardError.write(Data("lambda-local: bench stopped: \(failure)\n".utf8))
            return 2
        }
        let warmSeconds = seconds(ContinuousClock.now - warmStart)
        let (firstNext, firstOutcome) = sandbox.broker.startTimes()
        let peakResident = sandbox.peakResidentKiB() ?? -1
        sandbox.end(gracefully: true)
        let figures: [String: Any] = [
            "execToFirstNextMs": firstNext.map { seconds($0 - sandbox.startedAt) * 1000 } ?? -1,
            "execToFirstResponseMs": firstOutcome.map { seconds($0 - sandbox.startedAt) * 1000 } ?? -1,
            "peakRSSKiB": peakResident,
            "warmInvocations": warm,
            "warmSeconds": warmSeconds,
            "warmPerSecond": warm > 0 && warmSeconds > 0 ? Double(warm) / warmSeconds : 0,
            "errors": errors,
        ]
        let line = (try? JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])) ?? Data()
        FileHandle.standardOutput.write(line + Data("\n".utf8))
        return 0
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
