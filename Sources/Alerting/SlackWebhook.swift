import WatchpostCore
import AWSClient

/// Where Slack messages go: `SLACK_WEBHOOK_URL`, or the SSM SecureString named by
/// `SLACK_WEBHOOK_PARAMETER`, read once per cold start. The URL is a credential: it is
/// never logged, never put in an error, never returned.
public struct SlackWebhook: Sendable {
    let url: String

    static let setting = ConfiguredSecret(variable: "SLACK_WEBHOOK_URL", parameterVariable: "SLACK_WEBHOOK_PARAMETER")

    /// nil when Slack is not configured.
    public static func resolve(environment: [String: String], client: AWSClient) async throws -> SlackWebhook? {
        try await setting.resolve(environment: environment, client: client).map(SlackWebhook.init)
    }

    /// Posts a message; Slack answers 200 "ok" on success.
    public func post(_ message: SlackMessage, client: AWSClient) async -> AlertDelivery {
        do {
            let body = try JSONEncoderForSlack.encode(message)
            let response = try await client.post(url: url, contentType: "application/json", body: body)
            if response.status == 200 { return AlertDelivery(.slack, .done, "posted") }
            return AlertDelivery(.slack, .failed, "Slack answered HTTP \(response.status): \(String(response.bodyText.prefix(200)))")
        } catch {
            return AlertDelivery(.slack, .failed, "\(error)")
        }
    }
}
