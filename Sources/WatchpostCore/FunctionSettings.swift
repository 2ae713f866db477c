import Primitives

/// What every function reads from its environment the same way, parsed once by the function
/// shell and handed to the handler: the product name, dry run, where alerts go, the member role,
/// and where results go besides the response (`SECURITY_HUB=true` imports findings,
/// `EVENT_BUS_NAME` puts events; the metrics line always goes to the log).
public struct FunctionSettings: Sendable, Equatable {
    /// The function's name in findings (`GeneratorId` watchpost/<product>), ids and member
    /// sessions: stable across deployments, so a redeployed stack updates the same findings.
    public let product: String
    /// The `Function` dimension of the metrics: the deployed name (`AWS_LAMBDA_FUNCTION_NAME`),
    /// so two stacks in one account keep their metrics apart; the product name locally.
    public let functionName: String
    /// `DRY_RUN`: decide and report, change and send nothing.
    public let dryRun: Bool
    /// `ALERT_TOPIC_ARN`.
    public let alertTopicArn: String?
    /// `SLACK_WEBHOOK_URL` or `SLACK_WEBHOOK_PARAMETER` is set (Alerting reads which).
    public let slackConfigured: Bool
    /// `WATCHPOST_MEMBER_ROLE` (default `watchpost-member`): the role assumed in a member account.
    public let memberRoleName: String
    public let securityHub: Bool
    public let eventBusName: String?

    /// Somewhere to send an alert.
    public var alertsConfigured: Bool { alertTopicArn != nil || slackConfigured }

    public init(product: String, environment: [String: String]) throws(SettingError) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        self.product = product
        functionName = value("AWS_LAMBDA_FUNCTION_NAME") ?? product
        dryRun = try switchSetting("DRY_RUN", in: environment)
        alertTopicArn = value("ALERT_TOPIC_ARN")
        slackConfigured = value("SLACK_WEBHOOK_URL") != nil || value("SLACK_WEBHOOK_PARAMETER") != nil
        memberRoleName = value("WATCHPOST_MEMBER_ROLE") ?? "watchpost-member"
        securityHub = try switchSetting("SECURITY_HUB", in: environment)
        eventBusName = value("EVENT_BUS_NAME")
    }
}
