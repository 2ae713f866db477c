import FoundationEssentials
import Primitives

extension AWSClient {
    public var iam: IAM { IAM(client: self) }
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

    /// A role's or user's policies: `kind` is "Role" or "User" (also "Group" for the lists).
    public func listAttachedPolicies(kind: String, name: String) async throws -> [AttachedPolicy] {
        try await paginate("ListAttached\(kind)Policies", ["\(kind)Name": name]) { result in
            (result.child("AttachedPolicies")?.children("member") ?? []).compactMap { member in
                guard let name = member.value("PolicyName"), let arn = member.value("PolicyArn") else { return nil }
                return AttachedPolicy(name: name, arn: arn)
            }
        }
    }

    public func listInlinePolicyNames(kind: String, name: String) async throws -> [String] {
        try await paginate("List\(kind)Policies", ["\(kind)Name": name]) { result in
            (result.child("PolicyNames")?.children("member") ?? []).map(\.text)
        }
    }

    /// An inline policy's document (IAM returns it URL-encoded; this decodes it).
    public func getInlinePolicy(kind: String, name: String, policyName: String) async throws -> String {
        let root = try await client.query(.iam, action: "Get\(kind)Policy", ["\(kind)Name": name, "PolicyName": policyName])
        guard let document = root.child("Get\(kind)PolicyResult")?.value("PolicyDocument") else {
            throw AWSClientError.invalidResponse("IAM Get\(kind)Policy: no PolicyDocument")
        }
        return Self.percentDecoded(document)
    }

    public func listGroupsForUser(_ userName: String) async throws -> [String] {
        try await paginate("ListGroupsForUser", ["UserName": userName]) { result in
            (result.child("Groups")?.children("member") ?? []).compactMap { $0.value("GroupName") }
        }
    }

    /// The default version id of a managed policy, or nil when there is no such policy.
    public func defaultVersionID(policyARN: String) async throws -> String? {
        do {
            let root = try await client.query(.iam, action: "GetPolicy", ["PolicyArn": policyARN])
            return root.child("GetPolicyResult")?.value("Policy", "DefaultVersionId")
        } catch let error as AWSError where error.code == "NoSuchEntity" {
            return nil
        }
    }

    /// A managed policy version's document, decoded.
    public func policyDocument(policyARN: String, versionID: String) async throws -> String {
        let root = try await client.query(.iam, action: "GetPolicyVersion", ["PolicyArn": policyARN, "VersionId": versionID])
        guard let document = root.child("GetPolicyVersionResult")?.value("PolicyVersion", "Document") else {
            throw AWSClientError.invalidResponse("IAM GetPolicyVersion: no Document")
        }
        return Self.percentDecoded(document)
    }

    public func listPolicyVersions(policyARN: String) async throws -> [PolicyVersion] {
        try await paginate("ListPolicyVersions", ["PolicyArn": policyARN]) { result in
            (result.child("Versions")?.children("member") ?? []).compactMap { member in
                guard let id = member.value("VersionId") else { return nil }
                return PolicyVersion(versionID: id, isDefault: member.value("IsDefaultVersion") == "true",
                                     createDate: member.value("CreateDate") ?? "")
            }
        }
    }

    /// Adds a version and makes it the default; returns its id.
    public func createPolicyVersion(policyARN: String, document: String) async throws -> String {
        let root = try await client.query(.iam, action: "CreatePolicyVersion",
                                          ["PolicyArn": policyARN, "PolicyDocument": document, "SetAsDefault": "true"])
        return root.child("CreatePolicyVersionResult")?.value("PolicyVersion", "VersionId") ?? ""
    }

    public func deletePolicyVersion(policyARN: String, versionID: String) async throws {
        _ = try await client.query(.iam, action: "DeletePolicyVersion", ["PolicyArn": policyARN, "VersionId": versionID])
    }

    /// Creates a customer managed policy; returns its ARN.
    public func createPolicy(name: String, path: String, document: String, description: String? = nil) async throws -> String {
        var parameters = ["PolicyName": name, "Path": path, "PolicyDocument": document]
        if let description { parameters["Description"] = description }
        let root = try await client.query(.iam, action: "CreatePolicy", parameters)
        guard let arn = root.child("CreatePolicyResult")?.value("Policy", "Arn") else {
            throw AWSClientError.invalidResponse("IAM CreatePolicy: no Arn")
        }
        return arn
    }

    /// Writes an inline policy on a role or user (`kind` "Role" or "User").
    public func putInlinePolicy(kind: String, name: String, policyName: String, document: String) async throws {
        _ = try await client.query(.iam, action: "Put\(kind)Policy",
                                   ["\(kind)Name": name, "PolicyName": policyName, "PolicyDocument": document])
    }

    /// Follows `IsTruncated`/`Marker` to the end.
    func paginate<T>(_ action: String, _ parameters: [String: String],
                             _ items: (XML.Element) -> [T]) async throws -> [T] {
        var all: [T] = []
        var marker: String?
        repeat {
            var request = parameters
            if let marker { request["Marker"] = marker }
            let root = try await client.query(.iam, action: action, request)
            guard let result = root.child("\(action)Result") else {
                throw AWSClientError.invalidResponse("IAM \(action): no \(action)Result")
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
