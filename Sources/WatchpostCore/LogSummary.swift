/// The one log line a function writes per event, rendered from its response by the core (the
/// function shell writes it): what was decided and done, never policy text or anything secret.
public protocol LogSummary {
    var logMessage: String { get }
    var logFields: [String: String] { get }
}
