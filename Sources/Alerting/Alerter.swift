import WatchpostCore
import AWSClient
import FoundationEssentials

/// Delivers one alert to every configured channel: SNS (`ALERT_TOPIC_ARN`) and Slack
/// (`SLACK_WEBHOOK_URL` / `SLACK_WEBHOOK_PARAMETER`). Functions build the content; this only
/// delivers it and reports each channel's outcome — a failed channel never hides the other.
public struct Alerter: Sendable {
    let client: AWSClient
    let topicARN: String?
    let environment: [String: String]

    public init(client: AWSClient, environment: [String: String], topicARN: String? = nil) {
        self.client = client
        self.environment = environment
        self.topicARN = topicARN ?? environment["ALERT_TOPIC_ARN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public func send(slack: SlackMessage?, snsSubject: String, snsMessage: String) async -> [AlertDelivery] {
        async let sns = publish(subject: snsSubject, message: snsMessage)
        async let slackOutcome = post(slack)
        return await [sns, slackOutcome]
    }

    private func publish(subject: String, message: String) async -> AlertDelivery {
        guard let topicARN else { return AlertDelivery(.sns, .skipped, "ALERT_TOPIC_ARN is not set") }
        do {
            let id = try await client.sns.publish(topicARN: topicARN, message: message, subject: subject)
            return AlertDelivery(.sns, .done, "message \(id)")
        } catch {
            return AlertDelivery(.sns, .failed, "\(error)")
        }
    }

    private func post(_ message: SlackMessage?) async -> AlertDelivery {
        guard let message else { return AlertDelivery(.slack, .skipped, "no Slack message for this alert") }
        do {
            guard let webhook = try await SlackWebhook.resolve(environment: environment, client: client) else {
                return AlertDelivery(.slack, .skipped, "Slack is not configured")
            }
            return await webhook.post(message, client: client)
        } catch {
            return AlertDelivery(.slack, .failed, "reading the webhook parameter: \(error)")
        }
    }
}

extension Alerter {
    /// Where alerts go, as configured: what sending one calls depends on it.
    public struct Channels: Hashable, Sendable {
        /// `ALERT_TOPIC_ARN`: the stack's alerts topic.
        public var topic: Bool
        /// `SLACK_WEBHOOK_PARAMETER`: the webhook is read from an SSM SecureString.
        public var slackWebhookParameter: Bool

        public init(topic: Bool, slackWebhookParameter: Bool) {
            self.topic = topic
            self.slackWebhookParameter = slackWebhookParameter
        }
    }

    /// What sending an alert calls, with the function's own role: SNS Publish to the alerts topic,
    /// and the read of the Slack webhook's parameter (Slack itself is a plain HTTPS post).
    public static func calls(_ channels: Channels) -> [AWSCall] {
        (channels.topic ? [.own(.SNS.publish, on: "{AlertsTopic}")] : [])
            + (channels.slackWebhookParameter ? ConfiguredSecret.calls(parameter: "{SlackWebhookParameter}") : [])
    }
}

/// Slack takes compact JSON; sorted keys keep messages reproducible in tests.
enum JSONEncoderForSlack {
    static func encode(_ message: SlackMessage) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(message))
    }
}
