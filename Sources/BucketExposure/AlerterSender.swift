import BucketExposureCore
import WatchpostCore
import Integrations
import Alerting

/// Sends a bucket's alert through Alerting (SNS and Slack) and reports it as the `alert` step:
/// `done` when a channel took it, `skipped` when none is configured, else `failed`.
struct AlerterSender: BucketAlertSender {
    let alerter: Alerter

    func send(_ alert: BucketAlert) async -> StepOutcome<BucketStep> {
        Self.step(await alerter.send(slack: alert.slackMessage, snsSubject: alert.subject, snsMessage: alert.snsMessage))
    }

    /// The `alert` step for the channels' outcomes.
    static func step(_ notifications: [AlertDelivery]) -> StepOutcome<BucketStep> {
        let status: StepStatus =
            if notifications.contains(where: { $0.status == .done }) {
                .done
            } else if notifications.allSatisfy({ $0.status == .skipped }) {
                .skipped
            } else {
                .failed
            }
        let detail = notifications.map { "\($0.step.name): \($0.statusWord) (\($0.detail))" }.joined(separator: "; ")
        return StepOutcome(.alert, status, detail)
    }
}
