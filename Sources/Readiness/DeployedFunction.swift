import AWSClient
import Alerting
import BucketExposure
import BucketExposureCore
import Forensics
import LoginWatch
import PolicyGeneration

/// The deployed functions as the derivation knows them: each one's name, its role in the
/// security account's stack, and the calls its handler declares for each of its modes.
struct DeployedFunction: Sendable {
    /// One mode of the function's own settings, and the calls it can make there given where alerts go.
    struct Mode: Sendable {
        let settings: [String: String]
        let calls: @Sendable (Alerter.Channels) -> [AWSCall]
    }

    let name: String
    /// Its role in template.yaml (the security account's stack).
    let roleLogicalID: String
    let modes: [Mode]
    /// The mode template.yaml deploys with every parameter at its default.
    let templateDefault: Mode

    static let all = [
        DeployedFunction(
            name: "s3-policy-checker", roleLogicalID: "S3PolicyCheckerRole", modes: S3PolicyChecker.Mode.all.map(mode),
            templateDefault: mode(S3PolicyChecker.Mode(remediation: .alert, dryRun: false, evidenceBucket: true, organizationRole: false))),
        DeployedFunction(
            name: "login-notifier", roleLogicalID: "LoginNotifierRole", modes: LoginNotifier.Mode.all.map(mode),
            templateDefault: mode(LoginNotifier.Mode(dryRun: false, incidentTopic: true, signingSecretParameter: false))),
        DeployedFunction(
            name: "forensic-isolator", roleLogicalID: "ForensicIsolatorRole", modes: ForensicIsolator.Mode.all.map(mode),
            templateDefault: mode(ForensicIsolator.Mode(revokeRoleSessions: false, restoreInstanceProfile: false, workstation: false,
                                                        dryRun: false, evidenceBucket: true))),
        DeployedFunction(
            name: "policy-generator", roleLogicalID: "PolicyGeneratorRole", modes: PolicyGeneratorHandler.Mode.all.map(mode),
            templateDefault: mode(PolicyGeneratorHandler.Mode(trailBucket: false, applyManagedPolicies: false, applyInlinePolicies: false,
                                                              dryRun: false, outputBucket: true))),
    ]

    private static func mode(_ mode: S3PolicyChecker.Mode) -> Mode {
        Mode(settings: mode.settings) { S3PolicyChecker.calls(in: mode, alerts: $0) }
    }

    private static func mode(_ mode: LoginNotifier.Mode) -> Mode {
        Mode(settings: mode.settings) { LoginNotifier.calls(in: mode, alerts: $0) }
    }

    private static func mode(_ mode: ForensicIsolator.Mode) -> Mode {
        Mode(settings: mode.settings) { ForensicIsolator.calls(in: mode, alerts: $0) }
    }

    private static func mode(_ mode: PolicyGeneratorHandler.Mode) -> Mode {
        Mode(settings: mode.settings) { PolicyGeneratorHandler.calls(in: mode, alerts: $0) }
    }
}

/// The settings every function shares: where its alerts go and where its results are delivered.
struct SharedSettings: Sendable {
    var alerts: Alerter.Channels
    var securityHub: Bool
    var eventBus: Bool

    static let all: [SharedSettings] = (0..<16).map { bits in
        SharedSettings(alerts: Alerter.Channels(topic: bits & 1 != 0, slackWebhookParameter: bits & 2 != 0),
                       securityHub: bits & 4 != 0, eventBus: bits & 8 != 0)
    }

    /// What template.yaml configures when its parameters are left alone: the alerts topic and the
    /// stack's event bus, no Slack; Security Hub is a parameter of its own.
    static func templateDefault(securityHub: Bool) -> SharedSettings {
        SharedSettings(alerts: Alerter.Channels(topic: true, slackWebhookParameter: false), securityHub: securityHub, eventBus: true)
    }

    var settings: [String: String] {
        ["alertTopic": String(alerts.topic), "slackWebhookParameter": String(alerts.slackWebhookParameter),
         "securityHub": String(securityHub), "eventBus": String(eventBus)]
    }
}
