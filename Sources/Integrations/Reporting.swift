import WatchpostCore
import AWSClient
import FoundationEssentials
import LambdaRuntime
import Primitives

/// Wraps a function's handler: runs it, delivers what its response means (Security Hub
/// findings, EventBridge events) and writes the invocation's metrics line, whether the
/// handler succeeded or threw, or the event could not be read. The response gains a `delivery`
/// field when an integration is on.
public struct Reporting<Handler: LambdaHandler>: RawLambdaHandler where Handler.Output: Reportable {
    let handler: Handler
    let settings: IntegrationSettings
    let client: AWSClient
    /// Where the metrics line goes: the log (Lambda sends it to CloudWatch Logs).
    let emit: @Sendable (String) -> Void

    public init(_ handler: Handler, product: String, environment: [String: String]) throws {
        try self.init(handler, settings: IntegrationSettings(product: product, environment: environment),
                      client: AWSClient(environment: environment), emit: { Logger.writeLine($0) })
    }

    init(_ handler: Handler, settings: IntegrationSettings, client: AWSClient, emit: @escaping @Sendable (String) -> Void) {
        self.handler = handler
        self.settings = settings
        self.client = client
        self.emit = emit
    }

    public func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let tally = AWSCallTally()
        let started = ContinuousClock.now
        let outcome: Result<(Handler.Output, Delivery?), any Error>
        do {
            outcome = .success(try await AWSCallTally.$current.withValue(tally) {
                let typed = try LambdaCoding.decode(Handler.Event.self, from: event)
                let output = try await handler.handle(typed, context: context)
                return (output, await deliver(output, context: context))
            })
        } catch {
            outcome = .failure(error)
        }
        let elapsed = started.duration(to: .now)
        let output = try? outcome.get()
        let line = MetricsLine.invocation(
            function: settings.functionName, output: output?.0, delivery: output?.1, calls: tally.calls, retries: tally.retries,
            durationMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        emit(line.render(epochMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))))
        let (response, delivery) = try outcome.get()
        return try LambdaCoding.encode(Reported(output: response, delivery: delivery))
    }

    private func deliver(_ output: Handler.Output, context: LambdaContext) async -> Delivery? {
        guard settings.securityHub || settings.eventBusName != nil else { return nil }
        let delivery = await Deliverer(settings: settings, client: client.until(context.deadline))
            .deliver(output, timestamp: UTCTime(Date()).iso8601)
        let findingsFailed = delivery.securityHub?.failed ?? []
        let eventsFailed = delivery.events?.failed ?? []
        if !findingsFailed.isEmpty || !eventsFailed.isEmpty {
            context.logger.error("delivery incomplete", [
                "findingsFailed": findingsFailed.map { "\($0.id): \($0.code)" }.joined(separator: "; "),
                "eventsFailed": eventsFailed.map { "\($0.detailType): \($0.code)" }.joined(separator: "; "),
            ])
        }
        return delivery
    }
}
