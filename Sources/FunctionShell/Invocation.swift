import AWSClient
import Alerting
import LambdaRuntime
import WatchpostCore

/// What a handler works with during one invocation: a client no request of which outlives the
/// invocation, sessions in member accounts, the alert channels, the settings and the log.
public struct Invocation: Sendable {
    /// Scoped to the invocation's deadline.
    public let client: AWSClient
    public let context: LambdaContext
    public let settings: FunctionSettings
    let environment: [String: String]

    public init(client: AWSClient, context: LambdaContext, settings: FunctionSettings, environment: [String: String]) {
        self.client = client.until(context.deadline)
        self.context = context
        self.settings = settings
        self.environment = environment
    }

    public var logger: Logger { context.logger }
    public var deadline: ContinuousClock.Instant { context.deadline }

    /// `client` (the invocation's unless given) acting in `account` through the member role,
    /// the session named after the function; `client` itself for its own account.
    public func member(_ account: String, from client: AWSClient? = nil) async throws -> AWSClient {
        try await (client ?? self.client).forAccount(account, sessionName: "watchpost-\(settings.product)")
    }

    /// Why the member role cannot be assumed in each account (nil where it can), `limit` at once:
    /// how a sweep plans and how `make doctor` asks before an incident does.
    public func memberRoleRefusals(_ accounts: [String], limit: Int) async -> [String?] {
        await accounts.concurrentMap(limit: limit) { account in
            do {
                _ = try await member(account)
                return nil
            } catch {
                return "its member role cannot be assumed: \(error)"
            }
        }
    }

    /// The configured alert channels, sending through `client` (the invocation's unless given).
    public func alerter(_ client: AWSClient? = nil) -> Alerter {
        Alerter(client: client ?? self.client, environment: environment)
    }
}
