import AWSClient
import Alerting

/// What forensic-isolator can call in each mode: its role's permissions are derived from this
/// (watchpost-doctor simulates them; test_permissions_derived holds template.yaml to them).
extension ForensicIsolator {
    /// The settings that change what the function calls. A release can be asked for in any mode.
    public struct Mode: Hashable, Sendable {
        /// `REVOKE_ROLE_SESSIONS=true`: deny the instance role's sessions issued before the quarantine.
        public var revokeRoleSessions: Bool
        /// `RESTORE_INSTANCE_PROFILE=true`: a release re-associates the recorded profile.
        public var restoreInstanceProfile: Bool
        /// `FORENSIC_AMI` and `FORENSIC_SUBNET`: a forensic workstation is launched.
        public var workstation: Bool
        /// `DRY_RUN=true`: the facts are gathered; nothing is changed or sent.
        public var dryRun: Bool
        /// `EVIDENCE_BUCKET`: where the evidence and the release record are kept.
        public var evidenceBucket: Bool

        public init(revokeRoleSessions: Bool, restoreInstanceProfile: Bool, workstation: Bool, dryRun: Bool, evidenceBucket: Bool) {
            self.revokeRoleSessions = revokeRoleSessions
            self.restoreInstanceProfile = restoreInstanceProfile
            self.workstation = workstation
            self.dryRun = dryRun
            self.evidenceBucket = evidenceBucket
        }

        public static let all: [Mode] = (0..<32).map { bits in
            Mode(revokeRoleSessions: bits & 1 != 0, restoreInstanceProfile: bits & 2 != 0, workstation: bits & 4 != 0,
                 dryRun: bits & 8 != 0, evidenceBucket: bits & 16 != 0)
        }

        public var settings: [String: String] {
            ["revokeRoleSessions": String(revokeRoleSessions), "restoreInstanceProfile": String(restoreInstanceProfile),
             "workstation": String(workstation), "dryRun": String(dryRun), "evidenceBucket": String(evidenceBucket)]
        }
    }

    /// A dry run gathers the facts and stops (every step planned is skipped, the notification
    /// too); otherwise the steps are carried out and the incident published (`publish`), and the
    /// instance marked notified (`carryOut`: a CreateTags QuarantineActions declares).
    public static func calls(in mode: Mode, alerts: Alerter.Channels) -> [AWSCall] {
        let facts = FactGatherer.calls(revokeRoleSessions: mode.revokeRoleSessions, evidenceBucket: mode.evidenceBucket)
        if mode.dryRun { return facts }
        return facts
            + QuarantineActions.calls(revokeRoleSessions: mode.revokeRoleSessions, restoreInstanceProfile: mode.restoreInstanceProfile,
                                      workstation: mode.workstation, evidenceBucket: mode.evidenceBucket)
            + Alerter.calls(alerts)
    }
}
