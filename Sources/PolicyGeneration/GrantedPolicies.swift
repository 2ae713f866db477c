import PolicyGenerationCore
import AWSClient
import FoundationEssentials
import SecurityEvents
import Primitives

/// What the principal is granted now: its attached managed policies (default versions) and
/// inline policies, and for a user those of its groups too.
enum GrantedPolicies {
    static func read(_ principal: Principal, iam: IAM) async throws -> [UnusedPermissions.GrantedPolicy] {
        var holders = [(kind: principal.kind == .role ? PolicyHolder.role : .user, name: principal.name)]
        if principal.kind == .user {
            holders += try await iam.listGroupsForUser(principal.name).map { (kind: .group, name: $0) }
        }
        var granted: [UnusedPermissions.GrantedPolicy] = []
        for holder in holders {
            for attached in try await iam.listAttachedPolicies(of: holder.kind, name: holder.name) {
                guard let version = try await iam.defaultVersionID(policyARN: attached.arn) else { continue }
                let document = try await iam.policyDocument(policyARN: attached.arn, versionID: version)
                granted.append(.init(name: attached.arn, document: try parse(document)))
            }
            for name in try await iam.listInlinePolicyNames(of: holder.kind, name: holder.name) {
                let document = try await iam.getInlinePolicy(of: holder.kind, name: holder.name, policyName: name)
                granted.append(.init(name: "\(holder.kind.rawValue.lowercased()):\(holder.name):inline:\(name)", document: try parse(document)))
            }
        }
        return granted
    }

    static func parse(_ document: String) throws -> JSONValue {
        try JSONValue(parsing: document)
    }
}

extension GrantedPolicies {
    static func anyHolder(_ holder: PolicyHolder) -> String { "arn:{partition}:iam::{account}:\(holder.rawValue.lowercased())/*" }

    /// `read`, in the principal's account: a user's groups, and each holder's attached policies
    /// (their default versions) and inline policies.
    static let calls: [AWSCall] = [.actedIn(.IAM.listGroupsForUser, on: anyHolder(.user))]
        + PolicyHolder.allCases.flatMap { holder in [
            .actedIn(.IAM.listAttachedPolicies(of: holder), on: anyHolder(holder)),
            .actedIn(.IAM.listInlinePolicies(of: holder), on: anyHolder(holder)),
            .actedIn(.IAM.getInlinePolicy(of: holder), on: anyHolder(holder)),
        ] }
        + [
            .actedIn(.IAM.getPolicy, on: "arn:{partition}:iam::{account}:policy/*"),
            .actedIn(.IAM.getPolicyVersion, on: "arn:{partition}:iam::{account}:policy/*"),
        ]
}
