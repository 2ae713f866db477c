/// Where an alert is delivered: each channel is a step of the delivery, listed by `channel`.
public enum AlertChannel: String, StepName, CaseIterable {
    case sns
    case slack

    public static let key = "channel"
    /// login-notifier's `notifications` list each channel and its status only; what SNS or
    /// Slack answered (a message id, an error) is for the log.
    public static let listsDetail = false

    /// A delivery that went out was "sent".
    public func word(for status: StepStatus) -> String { status == .done ? "sent" : status.rawValue }
}

/// The outcome of one alert on one channel: done (sent), skipped (the channel is not
/// configured) or failed, with what the channel answered.
public typealias AlertDelivery = StepOutcome<AlertChannel>
