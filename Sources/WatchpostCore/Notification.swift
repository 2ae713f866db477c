/// The outcome of one delivery, as functions report it in their responses.
public struct Notification: Encodable, Sendable, Equatable {
    public enum Status: String, Encodable, Sendable { case sent, failed, skipped }

    /// "slack" or "sns".
    public let channel: String
    public let status: Status
    public let detail: String

    public init(channel: String, status: Status, detail: String) {
        self.channel = channel
        self.status = status
        self.detail = detail
    }
}
