import AWSClient
import Alerting
import BucketExposureCore

/// What s3-policy-checker can call in each mode: its role's permissions are derived from this
/// (watchpost-doctor simulates them; test_permissions_derived holds template.yaml to them).
extension S3PolicyChecker {
    /// The settings that change what the function calls.
    public struct Mode: Hashable, Sendable {
        /// `REMEDIATION`.
        public var remediation: RemediationMode
        /// `DRY_RUN=true`: everything is read, nothing changed (the alert still goes).
        public var dryRun: Bool
        /// `EVIDENCE_BUCKET`: where an original policy is kept before it is rewritten.
        public var evidenceBucket: Bool

        public init(remediation: RemediationMode, dryRun: Bool, evidenceBucket: Bool) {
            self.remediation = remediation
            self.dryRun = dryRun
            self.evidenceBucket = evidenceBucket
        }

        public static let all: [Mode] = RemediationMode.allCases.flatMap { remediation in
            [false, true].flatMap { dryRun in [false, true].map { Mode(remediation: remediation, dryRun: dryRun, evidenceBucket: $0) } }
        }

        public var settings: [String: String] {
            ["remediation": remediation.rawValue, "dryRun": String(dryRun), "evidenceBucket": String(evidenceBucket)]
        }
    }

    /// As `plan` decides: the mode's change only outside a dry run, and the original policy kept
    /// first (when there is an evidence bucket) by the mode that rewrites policies.
    public static func calls(in mode: Mode, alerts: Alerter.Channels) -> [AWSCall] {
        let changes = mode.dryRun ? [] : AWSBucketStore.remediationCalls(mode.remediation)
        let keepsOriginal = mode.remediation == .removePublicStatements && mode.evidenceBucket && !mode.dryRun
        return AWSBucketStore.readCalls + (keepsOriginal ? AWSBucketStore.evidenceCalls : []) + changes
            + Alerter.calls(alerts)
    }
}
