import AWSClient
import Alerting

/// What login-notifier can call in each mode: its role's permissions are derived from this
/// (watchpost-doctor simulates them; test_permissions_derived holds template.yaml to them).
extension LoginNotifier {
    /// The settings that change what the function calls.
    public struct Mode: Hashable, Sendable {
        /// `DRY_RUN=true`: logins are assessed; no alert is sent and no incident opened.
        public var dryRun: Bool
        /// `INCIDENT_TOPIC_ARN`: where a login disowned in Slack opens an incident.
        public var incidentTopic: Bool
        /// `SLACK_SIGNING_SECRET_PARAMETER`: the secret Slack's callbacks are verified with, read from SSM.
        public var signingSecretParameter: Bool

        public init(dryRun: Bool, incidentTopic: Bool, signingSecretParameter: Bool) {
            self.dryRun = dryRun
            self.incidentTopic = incidentTopic
            self.signingSecretParameter = signingSecretParameter
        }

        public static let all: [Mode] = [false, true].flatMap { dryRun in
            [false, true].flatMap { topic in [false, true].map { Mode(dryRun: dryRun, incidentTopic: topic, signingSecretParameter: $0) } }
        }

        public var settings: [String: String] {
            ["dryRun": String(dryRun), "incidentTopic": String(incidentTopic), "signingSecretParameter": String(signingSecretParameter)]
        }
    }

    /// What the event source mapping calls with the function's role to deliver the member
    /// accounts' logins from the stream (`LogBatchFlow`'s Kinesis batches), in every mode.
    static var loginStreamCalls: [AWSCall] {
        let stream = "arn:{partition}:kinesis:{region}:{account}:stream/{LoginStream}"
        return [.own(.Kinesis.describeStream, on: stream), .own(.Kinesis.describeStreamSummary, on: stream),
                .own(.Kinesis.listShards, on: stream), .own(.Kinesis.getShardIterator, on: stream),
                .own(.Kinesis.getRecords, on: stream), .own(.Kinesis.listStreams, on: "*")]
    }

    /// `lookUp` reads the instance's tags in the log's account; `handleLogs` alerts and
    /// `handleCallback` opens the incident, both outside a dry run; the callback reads the signing secret.
    public static func calls(in mode: Mode, alerts: Alerter.Channels) -> [AWSCall] {
        [.actedIn(.EC2.describeInstances, on: "*")] + loginStreamCalls
            + (mode.incidentTopic && !mode.dryRun ? [.own(.SNS.publish, on: "{IncidentsTopic}")] : [])
            + (mode.signingSecretParameter ? ConfiguredSecret.calls(parameter: "{SlackSigningSecretParameter}") : [])
            + (mode.dryRun ? [] : Alerter.calls(alerts))
    }
}
