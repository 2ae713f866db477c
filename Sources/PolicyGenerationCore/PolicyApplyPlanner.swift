import WatchpostCore

/// The writes policy-generator plans for a generated policy.
public typealias PolicyApplyPlan = Plan<PolicyApplyStep, PolicyWrite>

/// Decides what to write, given what the target holds: a new default version of a customer
/// managed policy (created when missing; the oldest version deleted first when IAM's five
/// exist), or an inline policy on the principal; and a copy in the output bucket. What already
/// holds the policy is left as it is.
public enum PolicyApplyPlanner {
    /// IAM keeps at most five versions of a managed policy.
    public static let maximumVersions = 5

    /// `target`: where the request applies the policy, with what it holds now; `output`: where
    /// the copy goes.
    public static func plan(_ target: (PolicyRequest.ApplyTarget, PolicyTargetState)?, report: PolicyReport,
                            principal: Principal, output: (bucket: String, key: String)?, dryRun: Bool) -> PolicyApplyPlan {
        var steps = target.map { apply($0.0, state: $0.1, report: report, principal: principal) } ?? []
        if let output { steps.append(PolicyApplyPlan.Step(.writeS3, .perform(.writeOutput(bucket: output.bucket, key: output.key)))) }
        let plan = PolicyApplyPlan(steps, prerequisites: [.createPolicyVersion: [.deletePolicyVersion]])
        return dryRun ? plan.dryRun() : plan
    }

    /// The actions the policy adds and removes compared with what the target holds: none when
    /// there is no target, the policy is too large to write, or the target could not be read.
    public static func changes(_ target: (PolicyRequest.ApplyTarget, PolicyTargetState)?,
                               report: PolicyReport) -> (added: [String], removed: [String]) {
        guard let (_, state) = target, report.size.fits else { return ([], []) }
        return state.changes(to: report.policy)
    }

    static func apply(_ target: PolicyRequest.ApplyTarget, state: PolicyTargetState, report: PolicyReport,
                      principal: Principal) -> [PolicyApplyPlan.Step] {
        if !report.size.fits {
            return [.init(.writePolicy, .fail(
                "the policy is \(report.size.characters) characters after folding, over the limit of \(report.size.limit)"))]
        }
        for read in [PolicyApplyStep.readPolicy, .listPolicyVersions] {
            if let why = state.unknown[read] { return [.init(read, .fail(why))] }
        }
        let same = state.document.map { PolicyTargetState.sameDocument($0, report.policy.json) } ?? false
        switch target {
        case .managedPolicy(let arn):
            guard state.document != nil else {
                let (path, name) = pathAndName(of: arn)
                return [.init(.createPolicy, .perform(.createPolicy(arn: arn, path: path, name: name)))]
            }
            if same { return [.init(.createPolicyVersion, .alreadyDone("the default version already holds this policy"))] }
            var steps: [PolicyApplyPlan.Step] = []
            if state.versionCount >= maximumVersions, let oldest = state.oldestDeletableVersion {
                steps.append(.init(.deletePolicyVersion, .perform(.deletePolicyVersion(arn: arn, versionID: oldest, count: state.versionCount))))
            }
            return steps + [.init(.createPolicyVersion, .perform(.createPolicyVersion(arn: arn)))]
        case .inlinePolicy(let name):
            if same { return [.init(.putInlinePolicy, .alreadyDone("\(principal.name) already has this policy as \(name)"))] }
            return [.init(.putInlinePolicy, .perform(.putInlinePolicy(name: name, principal: principal)))]
        }
    }

    /// `arn:aws:iam::111122223333:policy/team/app-least` → ("/team/", "app-least").
    static func pathAndName(of arn: String) -> (path: String, name: String) {
        let resource = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last ?? ""
        let parts = resource.split(separator: "/").dropFirst()
        let name = String(parts.last ?? "")
        let path = parts.dropLast().isEmpty ? "/" : "/" + parts.dropLast().joined(separator: "/") + "/"
        return (path, name)
    }
}
