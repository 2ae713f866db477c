import LambdaRuntime
import WatchpostCore

/// A watchpost function as the shell runs it. The handler gathers facts through the
/// invocation's client, has its core decide, carries out the plan and returns the response;
/// the shell does everything every function does the same way (see `FunctionShell`).
public protocol WatchpostFunction: Sendable {
    associatedtype Event: Decodable
    associatedtype Output: Reportable & LogSummary
    /// The product name: findings' generator, the member-account session, the metrics locally.
    static var product: String { get }
    /// The function's own settings, read once at cold start beside the shared ones.
    init(settings: FunctionSettings, environment: [String: String]) throws
    func handle(_ event: Event, in invocation: Invocation) async throws -> Output
}
