import SecurityEvents
import Primitives

/// `iam:PassRole`, which CloudTrail never records, inferred from the role ARNs a request
/// passes to a service. A role is passed in a member the service documents for it: a name
/// with `role` in it (Lambda `role`, ECS `taskRoleArn`, CloudFormation `roleARN`), EC2's
/// `DeliverLogsPermissionArn` (flow logs), API Gateway's `credentials`, Cognito's
/// `SnsCallerArn`; wherever the request nests it.
///
/// Only what AWS documents is inferred: when the reference scopes the action to the role
/// itself (a `role` resource type, as for `ec2:AssociateEnclaveCertificateIamRole`) and does
/// not list `iam:PassRole` as its dependent action, the role is what the call acts on, not a
/// role it passes.
enum PassedRoles {
    static func isPassedRoleMember(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.contains("role") || lowered.hasSuffix("permissionarn")
            || ["credentials", "credentialsarn", "snscallerarn"].contains(lowered)
    }

    static func collect(_ value: JSONValue, key: String?, depth: Int, into roles: inout Set<String>) {
        guard depth < 8 else { return }
        switch value {
        case .string(let text):
            // The ARN test first: it is cheap, and few values pass it.
            if let key, ActionMapper.isRoleARN(text), isPassedRoleMember(key) { roles.insert(text) }
        case .array(let items):
            for item in items { collect(item, key: key, depth: depth + 1, into: &roles) }
        case .object(let members):
            for (name, member) in members { collect(member, key: name, depth: depth + 1, into: &roles) }
        default:
            break
        }
    }

    /// Whether the action acts on the role rather than passing it.
    static func actsOnRole(_ catalogue: ActionCatalogue, prefix: String, action: ActionCatalogue.Action, role: String) -> Bool {
        guard !catalogue.dependentActions(prefix, action.name).contains("iam:PassRole") else { return false }
        return action.resourcePatterns.contains { $0.matches(role) }
    }
}
