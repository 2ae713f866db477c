import AWSClient
import FoundationEssentials
import Integrations
import LambdaRuntime
import Primitives
import WatchpostCore

/// What every function does the same way around its handler. At cold start: parse the shared
/// settings once, build the one client. Per event: decode it (a field that does not decode is
/// named), hand the handler a deadline-scoped invocation, write the one log line the response
/// summarises, deliver what the response means (Security Hub findings, EventBridge events) and
/// write the metrics line, whether the handler succeeded or threw, or the event could not be
/// read. The response gains a `delivery` field when an integration is on. `make doctor`'s
/// member-role probe is answered here, for every function alike (`MemberRoleProbe`).
public struct FunctionShell<Function: WatchpostFunction>: RawLambdaHandler {
    let function: Function
    let settings: FunctionSettings
    let client: AWSClient
    let environment: [String: String]
    /// Where the metrics line goes: the log (Lambda sends it to CloudWatch Logs).
    let emit: @Sendable (String) -> Void

    /// Runs `Function` under the Lambda Runtime API: what a function's `main.swift` calls.
    public static func main() async -> Never {
        await Lambda.run { try FunctionShell(environment: ProcessInfo.processInfo.environment) }
    }

    public init(environment: [String: String]) throws {
        let settings = try FunctionSettings(product: Function.product, environment: environment)
        try self.init(function: Function(settings: settings, environment: environment), settings: settings,
                      client: AWSClient(environment: environment), environment: environment, emit: { Logger.writeLine($0) })
    }

    init(function: Function, settings: FunctionSettings, client: AWSClient, environment: [String: String],
         emit: @escaping @Sendable (String) -> Void) {
        self.function = function
        self.settings = settings
        self.client = client.assumingMemberRole(settings.memberRoleName)
        self.environment = environment
        self.emit = emit
    }

    public func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let invocation = Invocation(client: client, context: context, settings: settings, environment: environment)
        if let probe = MemberRoleProbe.request(in: event) {
            let answer = try await probe.answer(invocation)
            context.logger.info("member-role probe", ["accounts": "\(answer.memberRoles.count)",
                                                      "assumed": "\(answer.memberRoles.filter(\.assumed).count)"])
            return try LambdaCoding.encode(answer)
        }
        let tally = AWSCallTally()
        let started = ContinuousClock.now
        let outcome: Result<(Function.Output, Delivery?), any Error>
        do {
            outcome = .success(try await AWSCallTally.$current.withValue(tally) {
                let typed = try LambdaCoding.decode(Function.Event.self, from: event)
                let output = try await function.handle(typed, in: invocation)
                context.logger.info(output.logMessage, output.logFields)
                return (output, await deliver(output, invocation))
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

    private func deliver(_ output: Function.Output, _ invocation: Invocation) async -> Delivery? {
        guard settings.securityHub || settings.eventBusName != nil else { return nil }
        let delivery = await Deliverer(settings: settings, client: invocation.client)
            .deliver(output, timestamp: UTCTime(Date()).iso8601)
        let findingsFailed = delivery.securityHub?.failed ?? []
        let eventsFailed = delivery.events?.failed ?? []
        if !findingsFailed.isEmpty || !eventsFailed.isEmpty {
            invocation.logger.error("delivery incomplete", [
                "findingsFailed": findingsFailed.map { "\($0.id): \($0.code)" }.joined(separator: "; "),
                "eventsFailed": eventsFailed.map { "\($0.detailType): \($0.code)" }.joined(separator: "; "),
            ])
        }
        return delivery
    }
}
