// lambda-local: runs any bootstrap on event files through a local Lambda Runtime API.
// stdout: one JSON line per invocation (see ResultLine). Exit status: 0 when every invocation
// succeeded, 1 when any returned an error, 2 after a crash, an init error or a timeout,
// 64 for bad arguments.
import Foundation

#if canImport(Glibc)
import Glibc
#endif

// A closed pipe on stdout must be an error value, not a silent death.
signal(SIGPIPE, SIG_IGN)

let arguments: Arguments
let events: [(path: String, payload: Data)]
do {
    arguments = try Arguments.parse(Array(CommandLine.arguments.dropFirst()))
    events = try arguments.events.map { path in (path, try Data(contentsOf: URL(fileURLWithPath: path))) }
} catch {
    FileHandle.standardError.write(Data("lambda-local: \(error)\n".utf8))
    exit(64)
}

let caller = ProcessInfo.processInfo.environment
let settings = PlayedFunction(bootstrap: URL(fileURLWithPath: arguments.bootstrap).standardizedFileURL, caller: caller)
if let warm = arguments.bench {
    exit(Bench.run(settings: settings, caller: caller, timeout: arguments.timeout, payload: events[0].payload, warm: warm))
}

var sandbox: Sandbox?
var status: Int32 = 0

for (path, payload) in events {
    let event = Event(requestID: UUID().uuidString.lowercased(), payload: payload, traceID: TraceID.make())
    let result: Sandbox.Result
    do {
        let current = try sandbox ?? Sandbox(settings: settings, caller: caller, timeout: arguments.timeout)
        sandbox = current
        result = current.invoke(event)
    } catch {
        result = .failed(errorType: "Runtime.InvalidEntrypoint", errorMessage: "cannot start \(arguments.bootstrap): \(error)")
    }
    FileHandle.standardOutput.write(Data((ResultLine.render(event: path, requestID: event.requestID, result: result) + "\n").utf8))
    switch result {
    case .reported(.response): break
    case .reported(.error): status = max(status, 1)
    case .failed:
        status = 2
        sandbox?.end(gracefully: false)
        sandbox = nil
    }
}
sandbox?.end(gracefully: true)
exit(status)
