import FoundationEssentials
import Primitives

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Runtime API loop. A function's `main.swift` is one line:
/// `await Lambda.run { try Handler(environment: ProcessInfo.processInfo.environment) }`.
public enum Lambda {
    /// Runs the Runtime API loop until SIGTERM. `makeHandler` runs once at init; if it throws,
    /// POST /runtime/init/error and exit non-zero.
    public static func run<H: LambdaHandler>(_ makeHandler: () async throws -> H) async -> Never {
        await run { TypedHandlerAdapter(handler: try await makeHandler()) }
    }

    /// Runs the Runtime API loop with a handler of raw bytes; see the typed `run`.
    public static func run<H: RawLambdaHandler>(_ makeHandler: () async throws -> H) async -> Never {
        let environment = ProcessInfo.processInfo.environment
        let logger = Logger(environment: environment)
        guard let setting = environment["AWS_LAMBDA_RUNTIME_API"], let endpoint = RuntimeEndpoint(setting) else {
            logger.error("AWS_LAMBDA_RUNTIME_API is missing or not host:port; run this under Lambda or lambda-local")
            exit(1)
        }
        Termination.install()
        let client = RuntimeAPIClient(endpoint: endpoint)
        let handler: H
        do {
            handler = try await makeHandler()
        } catch {
            let report = ErrorReport(error)
            logger.error("init failed", ["errorType": report.errorType, "errorMessage": report.errorMessage])
            _ = client.post(InitErrorRequest(error: report))
            exit(1)
        }
        let stop = await serve(handler, client: client, logger: logger)
        switch stop {
        case .terminated:
            exit(0)
        case .runtimeAPIFailed(let error):
            logger.error("stopping: \(error)")
            exit(1)
        }
    }

    enum Stop {
        case terminated
        case runtimeAPIFailed(RuntimeAPIError)
    }

    /// Serves events until SIGTERM or until the Runtime API fails; each outcome, success or
    /// thrown error, is reported before the next event is asked for.
    static func serve(_ handler: some RawLambdaHandler, client: RuntimeAPIClient, logger: Logger) async -> Stop {
        while Termination.enterIdle() {
            let invocation: RuntimeInvocation
            switch client.next() {
            case .success(let next): invocation = next
            case .failure(let error): return .runtimeAPIFailed(error)
            }
            Termination.leaveIdle()
            let context = LambdaContext(
                invocation, logger: logger, nowEpochMs: UTCTimestamp.epochMilliseconds(), now: .now)
            TraceEnvironment.export(invocation.traceID)
            let outcome: Result<[UInt8], ErrorReport>
            do {
                outcome = .success(try await handler.handle(invocation.payload, context: context))
            } catch {
                outcome = .failure(ErrorReport(error))
            }
            if case .failure(let error) = report(outcome, of: invocation.requestID, client: client, logger: context.logger) {
                return .runtimeAPIFailed(error)
            }
        }
        return .terminated
    }

    /// Posts the outcome. A response refused as too large (413) becomes the invocation's error;
    /// a 4xx (e.g. the invocation already timed out) is logged; a 5xx or lost connection is
    /// fatal, as the Runtime API asks.
    static func report(
        _ outcome: Result<[UInt8], ErrorReport>, of requestID: String, client: RuntimeAPIClient, logger: Logger
    ) -> Result<Void, RuntimeAPIError> {
        var request: any RuntimeAPIRequest
        switch outcome {
        case .success(let body): request = InvocationResponseRequest(requestID: requestID, body: body)
        case .failure(let error):
            logger.error("invocation failed", ["errorType": error.errorType, "errorMessage": error.errorMessage])
            request = InvocationErrorRequest(requestID: requestID, error: error)
        }
        while true {
            switch client.post(request) {
            case .failure(let error):
                return .failure(error)
            case .success((let status, _)) where (200..<300).contains(status):
                return .success(())
            case .success((413, let body)) where request is InvocationResponseRequest:
                let error = ErrorReport(errorType: "Function.ResponseSizeTooLarge", errorMessage: "response refused by the Runtime API: \(body)")
                logger.error("response too large", ["errorType": error.errorType])
                request = InvocationErrorRequest(requestID: requestID, error: error)
            case .success((let status, let body)) where (400..<500).contains(status):
                logger.warn("Runtime API refused the outcome", ["status": String(status), "body": body])
                return .success(())
            case .success((let status, let body)):
                return .failure(.unexpectedStatus(status, body: body))
            }
        }
    }
}
