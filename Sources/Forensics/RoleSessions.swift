import ForensicsCore
import AWSClient

/// The IAM operations only revoke-sessions sends (the inline-policy reads and writes are IAM's own).
extension AWSOperation.IAM {
    static let getInstanceProfile = AWSOperation(.iam, "GetInstanceProfile", iam: ["iam:GetInstanceProfile"])
    static let deleteRolePolicy = AWSOperation(.iam, "DeleteRolePolicy", iam: ["iam:DeleteRolePolicy"])
}

/// IAM calls behind `revoke-sessions`: the role of an instance profile, and the inline policy
/// that denies every session issued before the quarantine (what the IAM console's "Revoke
/// active sessions" writes, scoped to one incident so a release can remove exactly it).
struct RoleSessions: Sendable {
    let client: AWSClient

    /// The role in an instance profile (a profile holds at most one); nil when empty.
    func role(ofProfile profileArn: String) async throws -> String? {
        let name = String(profileArn.split(separator: "/").last ?? "")
        let root = try await client.query(.IAM.getInstanceProfile, ["InstanceProfileName": name])
        return root.child("GetInstanceProfileResult")?.child("InstanceProfile")?.child("Roles")?
            .children("member").first?.value("RoleName")
    }

    func hasPolicy(role: String, name: String) async throws -> Bool {
        do {
            _ = try await client.query(.IAM.getRolePolicy, ["RoleName": role, "PolicyName": name])
            return true
        } catch let error as AWSError where error.code == "NoSuchEntity" {
            return false
        }
    }

    func denySessions(role: String, policyName: String, issuedBefore: String) async throws {
        _ = try await client.query(.IAM.putRolePolicy, [
            "RoleName": role, "PolicyName": policyName, "PolicyDocument": Self.denyDocument(issuedBefore: issuedBefore),
        ])
    }

    func removePolicy(role: String, name: String) async throws {
        _ = try await client.query(.IAM.deleteRolePolicy, ["RoleName": role, "PolicyName": name])
    }

    static func denyDocument(issuedBefore: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"\#(issuedBefore)"}}}]}"#
    }
}

/// The calls behind revoke-sessions, in the instance's account: only on roles the account opted in.
extension RoleSessions {
    static let optedInRoles = "roles tagged watchpost:revoke-sessions=true (aws:ResourceTag)"
    static let anyRole = "arn:{partition}:iam::{account}:role/*"

    /// `role(ofProfile:)` and `hasPolicy`.
    static let readCalls: [AWSCall] = [
        .actedIn(.IAM.getInstanceProfile, on: "arn:{partition}:iam::{account}:instance-profile/*"),
        .actedIn(.IAM.getRolePolicy, on: anyRole, only: optedInRoles),
    ]

    /// `denySessions` and `removePolicy`.
    static let writeCalls: [AWSCall] = [
        .actedIn(.IAM.putRolePolicy, on: anyRole, only: optedInRoles),
        .actedIn(.IAM.deleteRolePolicy, on: anyRole, only: optedInRoles),
    ]
}

