import WatchpostCore
import Primitives

/// The function's configuration, read once from the environment.
public struct ForensicsSettings: Sendable, Equatable {
    /// Findings under this severity are skipped; a finding at exactly this severity is isolated.
    public var minSeverity: Double
    public var dryRun: Bool
    public var alertTopicArn: String?
    public var evidenceBucket: String?
    public var forensicAMI: String?
    public var forensicSubnet: String?
    /// Off by default: the role may be shared with healthy instances.
    public var revokeRoleSessions: Bool
    /// Off by default: re-associating the profile needs iam:PassRole, an escalation path.
    public var restoreInstanceProfile: Bool
    /// How many instances one finding may quarantine (MAX_INSTANCES_PER_FINDING, default 5):
    /// a finding naming a group isolates up to this many and reports the rest.
    public var maxInstancesPerFinding: Int
    /// Slack is configured (SLACK_WEBHOOK_URL or SLACK_WEBHOOK_PARAMETER; `FunctionSettings`).
    public var slackConfigured: Bool

    /// Somewhere to send the incident.
    public var alertsConfigured: Bool { alertTopicArn != nil || slackConfigured }

    public static let defaultMinSeverity = 4.0
    public static let defaultMaxInstancesPerFinding = 5

    public init(minSeverity: Double = ForensicsSettings.defaultMinSeverity, dryRun: Bool = false,
                alertTopicArn: String? = nil, evidenceBucket: String? = nil, forensicAMI: String? = nil,
                forensicSubnet: String? = nil, revokeRoleSessions: Bool = false, restoreInstanceProfile: Bool = false,
                slackConfigured: Bool = false,
                maxInstancesPerFinding: Int = ForensicsSettings.defaultMaxInstancesPerFinding) {
        self.minSeverity = minSeverity
        self.dryRun = dryRun
        self.alertTopicArn = alertTopicArn
        self.evidenceBucket = evidenceBucket
        self.forensicAMI = forensicAMI
        self.forensicSubnet = forensicSubnet
        self.revokeRoleSessions = revokeRoleSessions
        self.restoreInstanceProfile = restoreInstanceProfile
        self.slackConfigured = slackConfigured
        self.maxInstancesPerFinding = maxInstancesPerFinding
    }

    /// `shared` is what the function shell read for every function (dry run, alert channels).
    public init(environment: [String: String], shared: FunctionSettings) throws(ForensicsError) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        func flag(_ name: String) throws(ForensicsError) -> Bool {
            do {
                return try switchSetting(name, in: environment)
            } catch {
                throw .configuration(error.message)
            }
        }
        var minSeverity = ForensicsSettings.defaultMinSeverity
        if let text = value("MIN_SEVERITY") {
            guard let parsed = Double(text), parsed >= 0, parsed <= 10 else {
                throw .configuration("MIN_SEVERITY=\(text) is not a number from 0 to 10")
            }
            minSeverity = parsed
        }
        var maxInstances = ForensicsSettings.defaultMaxInstancesPerFinding
        if let text = value("MAX_INSTANCES_PER_FINDING") {
            guard let parsed = Int(text), parsed >= 1 else {
                throw .configuration("MAX_INSTANCES_PER_FINDING=\(text) is not a whole number of at least 1")
            }
            maxInstances = parsed
        }
        self.init(
            minSeverity: minSeverity, dryRun: shared.dryRun,
            alertTopicArn: shared.alertTopicArn, evidenceBucket: value("EVIDENCE_BUCKET"),
            forensicAMI: value("FORENSIC_AMI"), forensicSubnet: value("FORENSIC_SUBNET"),
            revokeRoleSessions: try flag("REVOKE_ROLE_SESSIONS"), restoreInstanceProfile: try flag("RESTORE_INSTANCE_PROFILE"),
            slackConfigured: shared.slackConfigured,
            maxInstancesPerFinding: maxInstances)
    }
}
