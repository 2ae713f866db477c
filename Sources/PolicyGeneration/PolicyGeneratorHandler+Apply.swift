import PolicyGenerationCore
import WatchpostCore
import AWSClient
import FunctionShell

extension PolicyGeneratorHandler {
    /// Apply, store, notify: each configured step, reported. nil when nothing is configured.
    func apply(_ request: PolicyRequest, report: PolicyReport, member: AWSClient, _ invocation: Invocation) async -> AppliedReport? {
        let client = invocation.client
        let dryRun = invocation.settings.dryRun
        let outputBucket = environment["POLICY_OUTPUT_BUCKET"].flatMap { $0.isEmpty ? nil : $0 }
        let alerting = invocation.settings.alertsConfigured
        guard request.apply != nil || outputBucket != nil || alerting else { return nil }

        let document = report.policy.json
        var target: (PolicyRequest.ApplyTarget, PolicyTargetState)?
        if let destination = request.apply {
            // Nothing is read for a policy too large to write.
            let state = report.size.fits
                ? await PolicyTargetReader(iam: member.iam).state(of: destination, principal: request.principal, document: document)
                : PolicyTargetState()
            target = (destination, state)
        }
        let plan = PolicyApplyPlanner.plan(target, report: report, principal: request.principal,
                                           output: outputBucket.map { ($0, outputKey(for: report)) }, dryRun: dryRun)
        var applied = AppliedReport(dryRun: dryRun)
        (applied.added, applied.removed) = PolicyApplyPlanner.changes(target, report: report)
        applied.steps = await PlanExecutor.run(plan) { _, write, _ in
            .done(try await perform(write, document: document, member: member, client: client))
        }
        if alerting {
            // The summary says what the writes came to, so it goes once they are done; each
            // channel's delivery is a step of its own.
            let summary = PolicySummary(report: report, applied: applied)
            for delivery in await invocation.alerter()
                .send(slack: summary.slack, snsSubject: summary.subject, snsMessage: summary.text) {
                applied.steps.append(StepOutcome(.notify(delivery.step), delivery.status, delivery.detail))
            }
        }
        return applied
    }

    /// Writes the policy (`document`) and says what was done: IAM in the principal's account
    /// (`member`), the output bucket in the function's own.
    func perform(_ write: PolicyWrite, document: String, member: AWSClient, client: AWSClient) async throws -> String {
        let iam = member.iam
        switch write {
        case .createPolicy(_, let path, let name):
            // No description: what generated it is in the summary and the S3 copy.
            return try await iam.createPolicy(name: name, path: path, document: document)
        case .deletePolicyVersion(let arn, let versionID, let count):
            try await iam.deletePolicyVersion(policyARN: arn, versionID: versionID)
            return "deleted \(versionID), the oldest of \(count)"
        case .createPolicyVersion(let arn):
            let id = try await iam.createPolicyVersion(policyARN: arn, document: document)
            return "\(arn) default version \(id)"
        case .putInlinePolicy(let name, let principal):
            try await iam.putInlinePolicy(of: principal.policyHolder, name: principal.name, policyName: name, document: document)
            return "\(name) on \(principal.arn)"
        case .writeOutput(let bucket, let key):
            // The output bucket is the deployment's own (same region): no GetBucketLocation.
            try await client.s3.putObject(bucket, key: key, body: Array(document.utf8), contentType: "application/json")
            return "s3://\(bucket)/\(key)"
        }
    }

    /// `<POLICY_OUTPUT_PREFIX>/<account>/<role|user>/<name>/<window end>.json`: the policy.
    func outputKey(for report: PolicyReport) -> String {
        let principal = try? Principal(arn: report.principal)
        let prefix = (environment["POLICY_OUTPUT_PREFIX"] ?? "policy-generator").split(separator: "/").joined(separator: "/")
        return [prefix, principal?.account ?? "unknown", principal?.kind.rawValue ?? "principal",
                principal?.name ?? "unknown", Self.keyTime(report.window.end) + ".json"].filter { !$0.isEmpty }.joined(separator: "/")
    }

    /// `2026-11-21T00:00:00Z` → `20261121T000000Z`: keys without colons, like the evidence's.
    static func keyTime(_ time: String) -> String {
        time.filter { $0 != "-" && $0 != ":" }
    }
}

/// What applying calls, in the principal's account: `PolicyTargetReader` reads what the target
/// holds, `perform` writes. A dry run reads what it would change and writes nothing.
extension PolicyGeneratorHandler {
    /// Managed policies: only under the path the request parser allows (`PolicyRequest.generatedPolicyPath`).
    static func managedPolicyCalls(dryRun: Bool) -> [AWSCall] {
        let generated = "arn:{partition}:iam::{account}:policy/watchpost/*"
        let reads: [AWSCall] = [
            .actedIn(.IAM.getPolicy, on: generated),
            .actedIn(.IAM.getPolicyVersion, on: generated),
            .actedIn(.IAM.listPolicyVersions, on: generated),
        ]
        let writes: [AWSCall] = [
            .actedIn(.IAM.createPolicy, on: generated),
            .actedIn(.IAM.deletePolicyVersion, on: generated),
            .actedIn(.IAM.createPolicyVersion, on: generated),
        ]
        return reads + (dryRun ? [] : writes)
    }

    /// Inline policies: on the principal itself, a role or a user.
    static func inlinePolicyCalls(dryRun: Bool) -> [AWSCall] {
        [PolicyHolder.role, .user].flatMap { holder -> [AWSCall] in
            let principal = GrantedPolicies.anyHolder(holder)
            return [.actedIn(.IAM.getInlinePolicy(of: holder), on: principal)]
                + (dryRun ? [] : [.actedIn(.IAM.putInlinePolicy(of: holder), on: principal, only: "the principals the stack names")])
        }
    }
}
