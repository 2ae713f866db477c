import FoundationEssentials
import LambdaRuntime
import SecurityEvents
import Primitives

#if canImport(Glibc)
import Glibc
#endif

/// The error the echo function throws when asked to.
struct EchoFailure: LambdaFunctionError {
    let errorType = "EchoFailure"
    let errorMessage: String
}

/// Start-up fails on purpose when `ECHO_FAIL_INIT=1`, to exercise the init-error path.
struct EchoInitFailure: LambdaFunctionError {
    let errorType = "EchoInitFailure"
    let errorMessage = "ECHO_FAIL_INIT is set"
}

struct EchoHandler: LambdaHandler {
    init(environment: [String: String]) throws {
        if environment["ECHO_FAIL_INIT"] == "1" { throw EchoInitFailure() }
    }

    func handle(_ event: EchoEvent, context: LambdaContext) async throws -> JSONValue {
        if let log = event.log {
            context.logger.log(Logger.Level(name: log.level) ?? .info, log.message, log.fields ?? [:])
        }
        if let milliseconds = event.sleep {
            try await Task.sleep(for: .milliseconds(milliseconds))
        }
        if let status = event.exit {
            Glibc.exit(status)
        }
        if let message = event.fail {
            throw EchoFailure(errorMessage: message)
        }
        if let url = event.httpGet {
            return .object(try await HTTPGet.perform(url).mapValues(JSONValue.string))
        }
        if let size = event.big {
            return .string(String(repeating: "x", count: max(0, size - 2)))
        }
        if event.context == true {
            return Self.describe(context)
        }
        return event.echo ?? .object([:])
    }

    static func describe(_ context: LambdaContext) -> JSONValue {
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        let remaining = context.remainingTime.components
        return .object([
            "requestId": .string(context.requestID),
            "invokedFunctionArn": .string(context.invokedFunctionARN),
            "traceId": optional(context.traceID),
            "traceEnvironment": optional(ProcessInfo.processInfo.environment["_X_AMZN_TRACE_ID"]),
            "clientContext": optional(context.clientContext),
            "cognitoIdentity": optional(context.cognitoIdentity),
            "remainingMs": .number(Double(remaining.seconds * 1000 + remaining.attoseconds / 1_000_000_000_000_000)),
        ])
    }
}
