import PolicyGenerationCore
import AWSClient
import FoundationEssentials
import SecurityEvents
import Primitives

/// Writes the generated policy where the request asks: a new default version of a customer
/// managed policy (created when missing; the oldest non-default version deleted when five
/// exist), or an inline policy on the principal. Each step is reported; a dry run plans only.
struct PolicyApplier {
    let iam: IAM
    let dryRun: Bool

    /// IAM keeps at most five versions of a managed policy.
    static let maximumVersions = 5

    func apply(_ target: PolicyRequest.ApplyTarget, report: PolicyReport, principal: Principal) async -> AppliedReport {
        var applied = AppliedReport(dryRun: dryRun)
        let document = report.policy.json
        if report.size.characters > report.size.limit {
            applied.steps.append(.init(step: "write-policy", status: "failed",
                detail: "the policy is \(report.size.characters) characters after folding, over the limit of \(report.size.limit)"))
            return applied
        }
        switch target {
        case .managedPolicy(let arn):
            await writeManaged(arn: arn, document: document, report: report, into: &applied)
        case .inlinePolicy(let name):
            await writeInline(name: name, principal: principal, document: document, report: report, into: &applied)
        }
        return applied
    }

    private func writeManaged(arn: String, document: String, report: PolicyReport, into applied: inout AppliedReport) async {
        let current: String?
        let versionID: String?
        do {
            versionID = try await iam.defaultVersionID(policyARN: arn)
            current = try await versionID.asyncMap { try await iam.policyDocument(policyARN: arn, versionID: $0) }
        } catch {
            applied.steps.append(.init(step: "read-policy", status: "failed", detail: "\(error)"))
            return
        }
        diff(current: current, new: report, into: &applied)
        guard versionID != nil else {
            // No such policy yet: create it under the ARN's path and name.
            let (path, name) = Self.pathAndName(of: arn)
            if dryRun {
                applied.steps.append(.init(step: "create-policy", status: "skipped", detail: "dry run: would create \(arn)"))
                return
            }
            do {
                // No description: what generated it is in the summary and the S3 copy.
                let created = try await iam.createPolicy(name: name, path: path, document: document)
                applied.steps.append(.init(step: "create-policy", status: "done", detail: created))
            } catch {
                applied.steps.append(.init(step: "create-policy", status: "failed", detail: "\(error)"))
            }
            return
        }
        if let current, Self.sameDocument(current, document) {
            applied.steps.append(.init(step: "create-policy-version", status: "already-done", detail: "the default version already holds this policy"))
            return
        }
        let versions: [IAM.PolicyVersion]
        do {
            versions = try await iam.listPolicyVersions(policyARN: arn)
        } catch {
            applied.steps.append(.init(step: "list-policy-versions", status: "failed", detail: "\(error)"))
            return
        }
        if versions.count >= Self.maximumVersions,
            let oldest = versions.filter({ !$0.isDefault }).min(by: { $0.createDate < $1.createDate }) {
            if dryRun {
                applied.steps.append(.init(step: "delete-policy-version", status: "skipped", detail: "dry run: would delete \(oldest.versionID)"))
            } else {
                do {
                    try await iam.deletePolicyVersion(policyARN: arn, versionID: oldest.versionID)
                    applied.steps.append(.init(step: "delete-policy-version", status: "done", detail: "deleted \(oldest.versionID), the oldest of \(versions.count)"))
                } catch {
                    applied.steps.append(.init(step: "delete-policy-version", status: "failed", detail: "\(error)"))
                    return
                }
            }
        }
        if dryRun {
            applied.steps.append(.init(step: "create-policy-version", status: "skipped", detail: "dry run: would set a new default version of \(arn)"))
            return
        }
        do {
            let id = try await iam.createPolicyVersion(policyARN: arn, document: document)
            applied.steps.append(.init(step: "create-policy-version", status: "done", detail: "\(arn) default version \(id)"))
        } catch {
            applied.steps.append(.init(step: "create-policy-version", status: "failed", detail: "\(error)"))
        }
    }

    private func writeInline(name: String, principal: Principal, document: String, report: PolicyReport,
                             into applied: inout AppliedReport) async {
        let kind: PolicyHolder = principal.kind == .role ? .role : .user
        var current: String?
        do {
            current = try await iam.getInlinePolicy(of: kind, name: principal.name, policyName: name)
        } catch let error as AWSError where error.code == "NoSuchEntity" {
            current = nil
        } catch {
            applied.steps.append(.init(step: "read-policy", status: "failed", detail: "\(error)"))
            return
        }
        diff(current: current, new: report, into: &applied)
        if let current, Self.sameDocument(current, document) {
            applied.steps.append(.init(step: "put-inline-policy", status: "already-done", detail: "\(principal.name) already has this policy as \(name)"))
            return
        }
        if dryRun {
            applied.steps.append(.init(step: "put-inline-policy", status: "skipped", detail: "dry run: would write \(name) on \(principal.arn)"))
            return
        }
        do {
            try await iam.putInlinePolicy(of: kind, name: principal.name, policyName: name, document: document)
            applied.steps.append(.init(step: "put-inline-policy", status: "done", detail: "\(name) on \(principal.arn)"))
        } catch {
            applied.steps.append(.init(step: "put-inline-policy", status: "failed", detail: "\(error)"))
        }
    }

    /// Actions added and removed compared with the target's current document.
    private func diff(current: String?, new report: PolicyReport, into applied: inout AppliedReport) {
        let old = Set(current.flatMap { try? GrantedPolicies.parse($0) }.map(Self.allowedActions) ?? [])
        let new = Set(report.policy.statements.flatMap(\.actions))
        applied.added = new.subtracting(old).sorted()
        applied.removed = old.subtracting(new).sorted()
    }

    static func allowedActions(_ document: JSONValue) -> [String] {
        let statements = document["Statement"].map { $0.arrayValue ?? [$0] } ?? []
        return statements.filter { $0["Effect"]?.stringValue == "Allow" }.flatMap { $0["Action"]?.stringList ?? [] }
    }

    static func sameDocument(_ a: String, _ b: String) -> Bool {
        guard let left = try? GrantedPolicies.parse(a), let right = try? GrantedPolicies.parse(b) else { return a == b }
        return left == right
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

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

/// What applying calls, in the principal's account. A dry run reads what it would change and
/// writes nothing.
extension PolicyApplier {
    /// `writeManaged`: only policies under the path the request parser allows (`PolicyRequest.generatedPolicyPath`).
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

    /// `writeInline`: on the principal itself, a role or a user.
    static func inlinePolicyCalls(dryRun: Bool) -> [AWSCall] {
        [PolicyHolder.role, .user].flatMap { holder -> [AWSCall] in
            let principal = GrantedPolicies.anyHolder(holder)
            return [.actedIn(.IAM.getInlinePolicy(of: holder), on: principal)]
                + (dryRun ? [] : [.actedIn(.IAM.putInlinePolicy(of: holder), on: principal, only: "the principals the stack names")])
        }
    }
}
