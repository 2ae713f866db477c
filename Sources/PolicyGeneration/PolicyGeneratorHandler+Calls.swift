import AWSClient
import Alerting

/// What policy-generator can call in each mode: its role's permissions are derived from this
/// (watchpost-doctor simulates them; test_permissions_derived holds template.yaml to them).
extension PolicyGeneratorHandler {
    /// The settings that change what the function calls. LookupEvents is always a source a
    /// request can ask for; which policies may be applied is the deployment's choice, not a
    /// setting of the function (it applies what a request asks).
    public struct Mode: Hashable, Sendable {
        /// `TRAIL_BUCKET`: the trail's files are a source too, and its Athena table.
        public var trailBucket: Bool
        /// Generated managed policies may be written (PolicyApply).
        public var applyManagedPolicies: Bool
        /// Inline policies may be written on the principals reported on (PolicyApply with PolicyPrincipals).
        public var applyInlinePolicies: Bool
        /// `DRY_RUN=true`: nothing is written; the summary is still sent.
        public var dryRun: Bool
        /// `POLICY_OUTPUT_BUCKET`: each generated policy is kept there.
        public var outputBucket: Bool

        public init(trailBucket: Bool, applyManagedPolicies: Bool, applyInlinePolicies: Bool, dryRun: Bool, outputBucket: Bool) {
            self.trailBucket = trailBucket
            self.applyManagedPolicies = applyManagedPolicies
            self.applyInlinePolicies = applyInlinePolicies
            self.dryRun = dryRun
            self.outputBucket = outputBucket
        }

        public static let all: [Mode] = (0..<32).map { bits in
            Mode(trailBucket: bits & 1 != 0, applyManagedPolicies: bits & 2 != 0, applyInlinePolicies: bits & 4 != 0,
                 dryRun: bits & 8 != 0, outputBucket: bits & 16 != 0)
        }

        public var settings: [String: String] {
            ["trailBucket": String(trailBucket), "applyManagedPolicies": String(applyManagedPolicies),
             "applyInlinePolicies": String(applyInlinePolicies), "dryRun": String(dryRun), "outputBucket": String(outputBucket)]
        }
    }

    /// `generate` reads the activity and the granted policies; `apply` writes what is asked,
    /// keeps the policy (outside a dry run: the output bucket is the stack's evidence bucket,
    /// under the prefix the template gives) and sends the summary.
    public static func calls(in mode: Mode, alerts: Alerter.Channels) -> [AWSCall] {
        ActivitySources.lookupEventsCalls
            + (mode.trailBucket ? ActivitySources.trailBucketCalls + AthenaActivity.calls : [])
            + GrantedPolicies.calls
            + (mode.applyManagedPolicies ? managedPolicyCalls(dryRun: mode.dryRun) : [])
            + (mode.applyInlinePolicies ? inlinePolicyCalls(dryRun: mode.dryRun) : [])
            + (mode.outputBucket && !mode.dryRun ? [.own(.S3.putObject, on: "arn:{partition}:s3:::{EvidenceBucket}/policies/*")] : [])
            + Alerter.calls(alerts)
    }
}
