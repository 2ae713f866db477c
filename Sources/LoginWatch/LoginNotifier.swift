import FunctionShell
import LoginWatchCore
import Primitives
import SecurityEvents
import WatchpostCore

/// login-notifier: two flows behind one function. CloudWatch Logs batches in (directly, or from
/// member accounts through the Kinesis stream behind the logs destination), Slack and SNS alerts
/// out (`LogBatchFlow`); and Slack's "was this you?" callback through the function URL
/// (`SlackCallbackFlow`).
///
/// Configuration (environment), besides the shared settings (`DRY_RUN`, the alert channels,
/// `WATCHPOST_MEMBER_ROLE` for DescribeInstances in the log group's account):
/// - `PRODUCTION_TAG` (default `Environment=production`): `Key=Value` (value ignoring case) or `Key`.
/// - `ALERT_UNKNOWN_INSTANCES` (default `true`): alert on logins to instances that cannot be
///   identified or looked up; `false` only counts them.
/// - `FAILURE_ALERT_THRESHOLD` (unset: off): alert when one address fails this often in a batch.
/// - `SLACK_SIGNING_SECRET` or `SLACK_SIGNING_SECRET_PARAMETER` (SSM SecureString): enables the
///   buttons and the callback; without it every callback is refused.
/// - `INCIDENT_TOPIC_ARN`: the topic that drives forensic-isolator, for "no".
public struct LoginNotifier: WatchpostFunction {
    public static let product = "login-notifier"

    let logBatches: LogBatchFlow
    let callbacks: SlackCallbackFlow

    public init(settings shared: FunctionSettings, environment: [String: String]) throws {
        var settings = LoginAssessment.Settings()
        if let setting = environment["PRODUCTION_TAG"], !setting.isEmpty {
            guard let tag = ProductionTag(setting: setting) else {
                throw LoginNotifierError.configuration("PRODUCTION_TAG must be Key=Value or Key, got \(setting.prefix(100))")
            }
            settings.productionTag = tag
        }
        if let threshold = environment["FAILURE_ALERT_THRESHOLD"], !threshold.isEmpty {
            guard let value = Int(threshold), value > 0 else {
                throw LoginNotifierError.configuration("FAILURE_ALERT_THRESHOLD must be a positive number, got \(threshold.prefix(20))")
            }
            settings.failureBurstThreshold = value
        }
        settings.alertWhenUnknown = environment["ALERT_UNKNOWN_INSTANCES"]?.lowercased() != "false"
        let signingSecret = SlackCallbackFlow.signingSecret
        logBatches = LogBatchFlow(settings: settings, askConfirmation: signingSecret.isConfigured(in: environment))
        callbacks = SlackCallbackFlow(
            environment: environment, incidentTopicARN: environment["INCIDENT_TOPIC_ARN"].flatMap { $0.isEmpty ? nil : $0 })
    }

    public func handle(_ event: LoginNotifierEvent, in invocation: Invocation) async throws -> LoginNotifierOutput {
        switch event {
        case .logs(let logs):
            return .report(try await logBatches.run(logs, in: invocation))
        case .stream(let stream):
            return .report(await logBatches.run(stream, in: invocation))
        case .functionURL(let request):
            return await callbacks.run(request, in: invocation)
        case .unsupported(let keys):
            throw LoginNotifierError.unsupportedEvent(
                "expected a CloudWatch Logs subscription event ({\"awslogs\":…}), a Kinesis batch of them or a function URL request; got keys [\(keys.prefix(10).joined(separator: ", "))]")
        case .malformed(let why):
            throw LoginNotifierError.invalidEvent(why)
        }
    }
}
