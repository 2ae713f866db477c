import FoundationEssentials
import Primitives

extension AWSClient {
    public var iam: IAM { IAM(client: self) }
}

/// IAM's operations with their actions. A role's, a user's and a group's policies are read and
/// written through operations of their own, each its own action.
extension AWSOperation {
    public enum IAM {
        public static let listAttachedRolePolicies = AWSOperation(.iam, "ListAttachedRolePolicies", iam: ["iam:ListAttachedRolePolicies"])
        public static let listAttachedUserPolicies = AWSOperation(.iam, "ListAttachedUserPolicies", iam: ["iam:ListAttachedUserPolicies"])
        public static let listAttachedGroupPolicies = AWSOperation(.iam, "ListAttachedGroupPolicies", iam: ["iam:ListAttachedGroupPolicies"])
        public static let listRolePolicies = AWSOperation(.iam, "ListRolePolicies", iam: ["iam:ListRolePolicies"])
        public static let listUserPolicies = AWSOperation(.iam, "ListUserPolicies", iam: ["iam:ListUserPolicies"])
        public static let listGroupPolicies = AWSOperation(.iam, "ListGroupPolicies", iam: ["iam:ListGroupPolicies"])
        public static let getRolePolicy = AWSOperation(.iam, "GetRolePolicy", iam: ["iam:GetRolePolicy"])
        public static let getUserPolicy = AWSOperation(.iam, "GetUserPolicy", iam: ["iam:GetUserPolicy"])
        public static let getGroupPolicy = AWSOperation(.iam, "GetGroupPolicy", iam: ["iam:GetGroupPolicy"])
        public static let putRolePolicy = AWSOperation(.iam, "PutRolePolicy", iam: ["iam:PutRolePolicy"])
        public static let putUserPolicy = AWSOperation(.iam, "PutUserPolicy", iam: ["iam:PutUserPolicy"])
        public static let putGroupPolicy = AWSOperation(.iam, "PutGroupPolicy", iam: ["iam:PutGroupPolicy"])
        public static let listGroupsForUser = AWSOperation(.iam, "ListGroupsForUser", iam: ["iam:ListGroupsForUser"])
        public static let getPolicy = AWSOperation(.iam, "GetPolicy", iam: ["iam:GetPolicy"])
        public static let getPolicyVersion = AWSOperation(.iam, "GetPolicyVersion", iam: ["iam:GetPolicyVersion"])
        public static let listPolicyVersions = AWSOperation(.iam, "ListPolicyVersions", iam: ["iam:ListPolicyVersions"])
        public static let createPolicyVersion = AWSOperation(.iam, "CreatePolicyVersion", iam: ["iam:CreatePolicyVersion"])
        public static let deletePolicyVersion = AWSOperation(.iam, "DeletePolicyVersion", iam: ["iam:DeletePolicyVersion"])
        public static let createPolicy = AWSOperation(.iam, "CreatePolicy", iam: ["iam:CreatePolicy"])

        public static func listAttachedPolicies(of holder: PolicyHolder) -> AWSOperation {
            switch holder {
            case .role: listAttachedRolePolicies
            case .user: listAttachedUserPolicies
            case .group: listAttachedGroupPolicies
            }
        }

        public static func listInlinePolicies(of holder: PolicyHolder) -> AWSOperation {
            switch holder {
            case .role: listRolePolicies
            case .user: listUserPolicies
            case .group: listGroupPolicies
            }
        }

        public static func getInlinePolicy(of holder: PolicyHolder) -> AWSOperation {
            switch holder {
            case .role: getRolePolicy
            case .user: getUserPolicy
            case .group: getGroupPolicy
            }
        }

        public static func putInlinePolicy(of holder: PolicyHolder) -> AWSOperation {
            switch holder {
            case .role: putRolePolicy
            case .user: putUserPolicy
            case .group: putGroupPolicy
            }
        }
    }
}

/// What IAM policies are attached to or embedded in; the name IAM's operations use for it.
public enum PolicyHolder: String, Sendable, CaseIterable {
    case role = "Role", user = "User", group = "Group"
}

/// The IAM operations the policy generator needs: read what a role or user is granted,
/// write a managed policy version or an inline policy. Every list paginates fully.
public struct IAM: Sendable {
    let client: AWSClient

    public struct AttachedPolicy: Sendable, Equatable {
        public let name: String
        public let arn: String
    }

    public struct PolicyVersion: Sendable, Equatable {
        public let versionID: String
        public let isDefault: Bool
        public let createDate: String
    }

    /// The managed policies attached to a role, user or group.
    public func listAttachedPolicies(of holder: PolicyHolder, name: String) async throws -> [AttachedPolicy] {
        try await paginate(.IAM.listAttachedPolicies(of: holder), ["\(holder.rawValue)Name": name]) { result in
            (result.child("AttachedPolicies")?.children("member") ?? []).compactMap { member in
                guard let name = member.value("PolicyName"), let arn = member.value("PolicyArn") else { return nil }
                return AttachedPolicy(name: name, arn: arn)
            }
        }
    }

    public func listInlinePolicyNames(of holder: PolicyHolder, name: String) async throws -> [String] {
        try await paginate(.IAM.listInlinePolicies(of: holder), ["\(holder.rawValue)Name": name]) { result in
            (result.child("PolicyNames")?.children("member") ?? []).map(\.text)
        }
    }

    /// An inline policy's document (IAM returns it URL-encoded; this decodes it).
    public func getInlinePolicy(of holder: PolicyHolder, name: String, policyName: String) async throws -> String {
        let operation = AWSOperation.IAM.getInlinePolicy(of: holder)
        let root = try await client.query(operation, ["\(holder.rawValue)Name": name, "PolicyName": policyName])
        guard let document = root.child("\(operation.name)Result")?.value("PolicyDocument") else {
            throw AWSClientError.invalidResponse("\(operation.label): no PolicyDocument")
        }
        return Self.percentDecoded(document)
    }

    public func listGroupsForUser(_ userName: String) async throws -> [String] {
        try await paginate(.IAM.listGroupsForUser, ["UserName": userName]) { result in
            (result.child("Groups")?.children("member") ?? []).compactMap { $0.value("GroupName") }
        }
    }

    /// The default version id of a managed policy, or nil when there is no such policy.
    public func defaultVersionID(policyARN: String) async throws -> String? {
        do {
            let root = try await client.query(.IAM.getPolicy, ["PolicyArn": policyARN])
            return root.child("GetPolicyResult")?.value("Policy", "DefaultVersionId")
        } catch let error as AWSError where error.code == "NoSuchEntity" {
            return nil
        }
    }

    /// A managed policy version's document, decoded.
    public func policyDocument(policyARN: String, versionID: String) async throws -> String {
        let root = try await client.query(.IAM.getPolicyVersion, ["PolicyArn": policyARN, "VersionId": versionID])
        guard let document = root.child("GetPolicyVersionResult")?.value("PolicyVersion", "Document") else {
            throw AWSClientError.invalidResponse("IAM GetPolicyVersion: no Document")
        }
        return Self.percentDecoded(document)
    }

    public func listPolicyVersions(policyARN: String) async throws -> [PolicyVersion] {
        try await paginate(.IAM.listPolicyVersions, ["PolicyArn": policyARN]) { result in
            (result.child("Versions")?.children("member") ?? []).compactMap { member in
                guard let id = member.value("VersionId") else { return nil }
                return PolicyVersion(versionID: id, isDefault: member.value("IsDefaultVersion") == "true",
                                     createDate: member.value("CreateDate") ?? "")
            }
        }
    }

    /// Adds a version and makes it the default; returns its id.
    public func createPolicyVersion(policyARN: String, document: String) async throws -> String {
        let root = try await client.query(.IAM.createPolicyVersion,
                                          ["PolicyArn": policyARN, "PolicyDocument": document, "SetAsDefault": "true"])
        return root.child("CreatePolicyVersionResult")?.value("PolicyVersion", "VersionId") ?? ""
    }

    public func deletePolicyVersion(policyARN: String, versionID: String) async throws {
        _ = try await client.query(.IAM.deletePolicyVersion, ["PolicyArn": policyARN, "VersionId": versionID])
    }

    /// Creates a customer managed policy; returns its ARN.
    public func createPolicy(name: String, path: String, document: String, description: String? = nil) async throws -> String {
        var parameters = ["PolicyName": name, "Path": path, "PolicyDocument": document]
        if let description { parameters["Description"] = description }
        let root = try await client.query(.IAM.createPolicy, parameters)
        guard let arn = root.child("CreatePolicyResult")?.value("Policy", "Arn") else {
            throw AWSClientError.invalidResponse("IAM CreatePolicy: no Arn")
        }
        return arn
    }

    public func putInlinePolicy(of holder: PolicyHolder, name: String, policyName: String, document: String) async throws {
        _ = try await client.query(.IAM.putInlinePolicy(of: holder),
                                   ["\(holder.rawValue)Name": name, "PolicyName": policyName, "PolicyDocument": document])
    }

    /// Follows `IsTruncated`/`Marker` to the end.
    func paginate<T>(_ operation: AWSOperation, _ parameters: [String: String],
                     _ items: (XML.Element) -> [T]) async throws -> [T] {
        var all: [T] = []
        var marker: String?
        repeat {
            var request = parameters
            if let marker { request["Marker"] = marker }
            let root = try await client.query(operation, request)
            guard let result = root.child("\(operation.name)Result") else {
                throw AWSClientError.invalidResponse("\(operation.label): no \(operation.name)Result")
            }
            all += items(result)
            marker = result.value("IsTruncated") == "true" ? result.value("Marker") : nil
        } while marker != nil
        return all
    }

    /// RFC 3986 percent-decoding, as IAM encodes policy documents.
    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hexValue(iterator[iterator.startIndex]),
                let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
