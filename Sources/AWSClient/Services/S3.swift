import FoundationEssentials
import AWSModels
import Primitives

extension AWSClient {
    public var s3: S3 { S3(client: self) }
}

/// S3's operations and the IAM actions they need; several are named otherwise in IAM.
extension AWSOperation {
    public enum S3 {
        public static let listBuckets = AWSOperation(.s3, "ListBuckets", iam: ["s3:ListAllMyBuckets"])
        public static let getBucketLocation = AWSOperation(.s3, "GetBucketLocation", iam: ["s3:GetBucketLocation"])
        public static let getBucketPolicy = AWSOperation(.s3, "GetBucketPolicy", iam: ["s3:GetBucketPolicy"])
        public static let putBucketPolicy = AWSOperation(.s3, "PutBucketPolicy", iam: ["s3:PutBucketPolicy"])
        public static let deleteBucketPolicy = AWSOperation(.s3, "DeleteBucketPolicy", iam: ["s3:DeleteBucketPolicy"])
        public static let getBucketAcl = AWSOperation(.s3, "GetBucketAcl", iam: ["s3:GetBucketAcl"])
        public static let putBucketAcl = AWSOperation(.s3, "PutBucketAcl", iam: ["s3:PutBucketAcl"])
        public static let getPublicAccessBlock = AWSOperation(.s3, "GetPublicAccessBlock", iam: ["s3:GetBucketPublicAccessBlock"])
        public static let putPublicAccessBlock = AWSOperation(.s3, "PutPublicAccessBlock", iam: ["s3:PutBucketPublicAccessBlock"])
        /// IAM has no action of its own for it: removing the settings is writing them.
        public static let deletePublicAccessBlock = AWSOperation(.s3, "DeletePublicAccessBlock", iam: ["s3:PutBucketPublicAccessBlock"])
        public static let getBucketOwnershipControls = AWSOperation(.s3, "GetBucketOwnershipControls", iam: ["s3:GetBucketOwnershipControls"])
        public static let getBucketTagging = AWSOperation(.s3, "GetBucketTagging", iam: ["s3:GetBucketTagging"])
        public static let listObjectsV2 = AWSOperation(.s3, "ListObjectsV2", iam: ["s3:ListBucket"])
        public static let getObject = AWSOperation(.s3, "GetObject", iam: ["s3:GetObject"])
        public static let putObject = AWSOperation(.s3, "PutObject", iam: ["s3:PutObject"])
    }

    /// S3 Control: the account's own Block Public Access settings.
    public enum S3Control {
        public static let getPublicAccessBlock = AWSOperation(.s3Control, "GetPublicAccessBlock", iam: ["s3:GetAccountPublicAccessBlock"])
    }
}

/// The S3 and S3 Control operations watchpost uses (REST-XML).
public struct S3: Sendable {
    let client: AWSClient

    public struct Bucket: Sendable, Equatable {
        public let name: String
        public let creationDate: String
    }

    public struct Grant: Sendable, Equatable, Codable {
        /// "CanonicalUser", "Group" or "AmazonCustomerByEmail".
        public let granteeType: String
        public let id: String?
        public let uri: String?
        public let email: String?
        /// FULL_CONTROL, READ, WRITE, READ_ACP, WRITE_ACP.
        public let permission: String

        public init(granteeType: String, id: String? = nil, uri: String? = nil, email: String? = nil, permission: String) {
            self.granteeType = granteeType
            self.id = id
            self.uri = uri
            self.email = email
            self.permission = permission
        }
    }

    public struct AccessControlPolicy: Sendable, Equatable {
        public let ownerID: String
        public let grants: [Grant]

        public init(ownerID: String, grants: [Grant]) {
            self.ownerID = ownerID
            self.grants = grants
        }
    }

    /// The four Block Public Access settings (a typed output the cores read: AWSModels).
    public typealias PublicAccessBlock = AWSModels.PublicAccessBlock

    public struct Object: Sendable, Equatable {
        public let key: String
        public let size: Int
    }

    public struct Listing: Sendable, Equatable {
        public var objects: [Object] = []
        public var commonPrefixes: [String] = []
    }

    // MARK: Buckets

    public func listBuckets() async throws -> [Bucket] {
        let response = try await client.rest(.S3.listBuckets, method: "GET")
        let root = try client.parseXML(response, operation: .S3.listBuckets)
        return (root.child("Buckets")?.children("Bucket") ?? []).map {
            Bucket(name: $0.value("Name") ?? "", creationDate: $0.value("CreationDate") ?? "")
        }
    }

    /// The bucket's region (GetBucketLocation: an empty constraint means us-east-1).
    public func bucketRegion(_ bucket: String) async throws -> String {
        let response = try await client.rest(.S3.getBucketLocation, method: "GET", bucket: bucket, query: [("location", "")])
        let constraint = try client.parseXML(response, operation: .S3.getBucketLocation).text.trimmingWhitespace()
        switch constraint {
        case "": return "us-east-1"
        case "EU": return "eu-west-1"
        default: return constraint
        }
    }

    /// The policy document, or nil when the bucket has none.
    public func getBucketPolicy(_ bucket: String) async throws -> String? {
        try await absentOn("NoSuchBucketPolicy") {
            try await client.rest(.S3.getBucketPolicy, method: "GET", bucket: bucket, query: [("policy", "")]).bodyText
        }
    }

    public func putBucketPolicy(_ bucket: String, policy: String) async throws {
        _ = try await client.rest(.S3.putBucketPolicy, method: "PUT", bucket: bucket, query: [("policy", "")],
                                  headers: [("Content-Type", "application/json")], body: Array(policy.utf8))
    }

    public func deleteBucketPolicy(_ bucket: String) async throws {
        _ = try await client.rest(.S3.deleteBucketPolicy, method: "DELETE", bucket: bucket, query: [("policy", "")])
    }

    public func getBucketAcl(_ bucket: String) async throws -> AccessControlPolicy {
        let response = try await client.rest(.S3.getBucketAcl, method: "GET", bucket: bucket, query: [("acl", "")])
        let root = try client.parseXML(response, operation: .S3.getBucketAcl)
        let grants = (root.child("AccessControlList")?.children("Grant") ?? []).map { grant in
            let grantee = grant.child("Grantee")
            return Grant(
                granteeType: grantee?.attributes["xsi:type"] ?? grantee?.attributes["type"] ?? "",
                id: grantee?.value("ID"), uri: grantee?.value("URI"), email: grantee?.value("EmailAddress"),
                permission: grant.value("Permission") ?? "")
        }
        return AccessControlPolicy(ownerID: root.value("Owner", "ID") ?? "", grants: grants)
    }

    /// Replaces the ACL with a canned one, e.g. "private".
    public func putBucketAcl(_ bucket: String, cannedACL: String) async throws {
        _ = try await client.rest(.S3.putBucketAcl, method: "PUT", bucket: bucket, query: [("acl", "")],
                                  headers: [("x-amz-acl", cannedACL)])
    }

    /// The bucket's Block Public Access settings, or nil when it has none.
    public func getPublicAccessBlock(_ bucket: String) async throws -> PublicAccessBlock? {
        try await absentOn("NoSuchPublicAccessBlockConfiguration") {
            let response = try await client.rest(.S3.getPublicAccessBlock, method: "GET", bucket: bucket,
                                                 query: [("publicAccessBlock", "")])
            return PublicAccessBlock(try client.parseXML(response, operation: .S3.getPublicAccessBlock))
        }
    }

    public func putPublicAccessBlock(_ bucket: String, _ block: PublicAccessBlock) async throws {
        _ = try await client.rest(.S3.putPublicAccessBlock, method: "PUT", bucket: bucket,
                                  query: [("publicAccessBlock", "")], headers: [("Content-Type", "application/xml")], body: block.xml)
    }

    public func deletePublicAccessBlock(_ bucket: String) async throws {
        _ = try await client.rest(.S3.deletePublicAccessBlock, method: "DELETE", bucket: bucket,
                                  query: [("publicAccessBlock", "")])
    }

    /// The account-level Block Public Access settings (S3 Control), or nil when none.
    public func getAccountPublicAccessBlock(account: String) async throws -> PublicAccessBlock? {
        try await absentOn("NoSuchPublicAccessBlockConfiguration") {
            let response = try await client.rest(.S3Control.getPublicAccessBlock, method: "GET", account: account,
                                                 path: "/v20180820/configuration/publicAccessBlock")
            return PublicAccessBlock(try client.parseXML(response, operation: .S3Control.getPublicAccessBlock))
        }
    }

    /// The Object Ownership setting ("BucketOwnerEnforced", "BucketOwnerPreferred",
    /// "ObjectWriter"), or nil when the bucket has no ownership controls.
    public func getOwnershipControls(_ bucket: String) async throws -> String? {
        let rule = try await absentOn("OwnershipControlsNotFoundError") {
            let response = try await client.rest(.S3.getBucketOwnershipControls, method: "GET", bucket: bucket,
                                                 query: [("ownershipControls", "")])
            return try client.parseXML(response, operation: .S3.getBucketOwnershipControls).value("Rule", "ObjectOwnership")
        }
        return rule ?? nil
    }

    /// The bucket's tags; empty when it has none.
    public func getBucketTagging(_ bucket: String) async throws -> [String: String] {
        try await absentOn("NoSuchTagSet") {
            let response = try await client.rest(.S3.getBucketTagging, method: "GET", bucket: bucket, query: [("tagging", "")])
            let tags = try client.parseXML(response, operation: .S3.getBucketTagging).child("TagSet")?.children("Tag") ?? []
            return Dictionary(tags.map { ($0.value("Key") ?? "", $0.value("Value") ?? "") }, uniquingKeysWith: { _, last in last })
        } ?? [:]
    }

    // MARK: Objects

    /// Every object under `prefix` (and the common prefixes under `delimiter`), all pages.
    public func listObjects(_ bucket: String, prefix: String? = nil, delimiter: String? = nil) async throws -> Listing {
        var listing = Listing()
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2")]
            if let prefix { query.append(("prefix", prefix)) }
            if let delimiter { query.append(("delimiter", delimiter)) }
            if let token { query.append(("continuation-token", token)) }
            let response = try await client.rest(.S3.listObjectsV2, method: "GET", bucket: bucket, query: query)
            let root = try client.parseXML(response, operation: .S3.listObjectsV2)
            listing.objects += root.children("Contents").map { Object(key: $0.value("Key") ?? "", size: Int($0.value("Size") ?? "") ?? 0) }
            listing.commonPrefixes += root.children("CommonPrefixes").compactMap { $0.value("Prefix") }
            token = root.value("IsTruncated") == "true" ? root.value("NextContinuationToken") : nil
        } while token != nil
        return listing
    }

    public func getObject(_ bucket: String, key: String) async throws -> [UInt8] {
        try await client.rest(.S3.getObject, method: "GET", bucket: bucket, path: key).body
    }

    public func putObject(_ bucket: String, key: String, body: [UInt8], contentType: String) async throws {
        _ = try await client.rest(.S3.putObject, method: "PUT", bucket: bucket, path: key,
                                  headers: [("Content-Type", contentType)], body: body)
    }

    /// A conditional write (`If-None-Match: *`): true when this call created the object, false
    /// when it already existed (412 PreconditionFailed). S3 answers a write racing another
    /// conditional write of the same key with 409 ConditionalRequestConflict, to be asked again.
    public func putObjectIfAbsent(_ bucket: String, key: String, body: [UInt8], contentType: String) async throws -> Bool {
        for attempt in 1...3 {
            do {
                _ = try await client.rest(.S3.putObject, method: "PUT", bucket: bucket, path: key,
                                          headers: [("Content-Type", contentType), ("If-None-Match", "*")], body: body)
                return true
            } catch let error as AWSError where error.code == "PreconditionFailed" || error.httpStatus == 412 {
                return false
            } catch let error as AWSError where error.code == "ConditionalRequestConflict" && attempt < 3 {
                continue
            }
        }
        return false
    }

    /// nil when S3 answers with `code`: the way S3 says "not configured".
    private func absentOn<T>(_ code: String, _ call: () async throws -> T) async throws -> T? {
        do {
            return try await call()
        } catch let error as AWSError where error.code == code {
            return nil
        }
    }
}

/// PublicAccessBlockConfiguration on the wire, both ways.
extension PublicAccessBlock {
    init(_ element: XML.Element) {
        self.init(blockPublicAcls: element.value("BlockPublicAcls") == "true",
                  ignorePublicAcls: element.value("IgnorePublicAcls") == "true",
                  blockPublicPolicy: element.value("BlockPublicPolicy") == "true",
                  restrictPublicBuckets: element.value("RestrictPublicBuckets") == "true")
    }

    var xml: [UInt8] {
        Array("""
            <PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
            <BlockPublicAcls>\(blockPublicAcls)</BlockPublicAcls>\
            <IgnorePublicAcls>\(ignorePublicAcls)</IgnorePublicAcls>\
            <BlockPublicPolicy>\(blockPublicPolicy)</BlockPublicPolicy>\
            <RestrictPublicBuckets>\(restrictPublicBuckets)</RestrictPublicBuckets>\
            </PublicAccessBlockConfiguration>
            """.utf8)
    }
}
