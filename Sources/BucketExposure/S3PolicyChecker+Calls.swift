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
        /// `EVIDENCE_BUCKET`: where an original policy is kept before it is rewritten, and a
        /// fanned-out sweep's records (`SweepTally`).
        public var evidenceBucket: Bool
        /// `ORGANIZATION_ROLE_ARN`: the organization is listed through that role, not with the function's own.
        public var organizationRole: Bool

        public init(remediation: RemediationMode, dryRun: Bool, evidenceBucket: Bool, organizationRole: Bool) {
            self.remediation = remediation
            self.dryRun = dryRun
            self.evidenceBucket = evidenceBucket
            self.organizationRole = organizationRole
        }

        public static let all: [Mode] = RemediationMode.allCases.flatMap { remediation in
            [false, true].flatMap { dryRun in
                [false, true].flatMap { evidence in
                    [false, true].map { Mode(remediation: remediation, dryRun: dryRun, evidenceBucket: evidence, organizationRole: $0) }
                }
            }
        }

        public var settings: [String: String] {
            ["remediation": remediation.rawValue, "dryRun": String(dryRun), "evidenceBucket": String(evidenceBucket),
             "organizationRole": String(organizationRole)]
        }
    }

    /// The organization sweep (`OrganizationSweep`): the accounts listed (directly, as a delegated
    /// administrator, or through the management account's role), the queue filled and, by the
    /// event source mapping with the function's role, drained. Member roles are `forAccount`'s.
    static func organizationSweepCalls(organizationRole: Bool) -> [AWSCall] {
        let queue = "{SweepQueue.Arn}"
        // The role first when there is one; the function's own role as well (a delegated administrator).
        return (organizationRole ? [.own(.STS.assumeRole, on: "{OrganizationRoleArn}")] : []) + [
            .own(.Organizations.listAccounts, on: "*"),
            .own(.SQS.sendMessageBatch, on: queue),
            .own(.SQS.receiveMessage, on: queue), .own(.SQS.deleteMessage, on: queue), .own(.SQS.getQueueAttributes, on: queue),
        ]
    }

    /// As `plan` decides: the mode's change only outside a dry run, and the original policy kept
    /// first (when there is an evidence bucket) by the mode that rewrites policies.
    public static func calls(in mode: Mode, alerts: Alerter.Channels) -> [AWSCall] {
        let changes = mode.dryRun ? [] : AWSBucketStore.remediationCalls(mode.remediation)
        let keepsOriginal = mode.remediation == .removePublicStatements && mode.evidenceBucket && !mode.dryRun
        return AWSBucketStore.readCalls + (keepsOriginal ? AWSBucketStore.evidenceCalls : []) + changes
            + organizationSweepCalls(organizationRole: mode.organizationRole) + (mode.evidenceBucket ? SweepTallyStore.calls : [])
            + Alerter.calls(alerts)
    }
}
