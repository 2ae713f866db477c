import AWSModels
import SecurityEvents
import Primitives

/// The S3 event names whose IAM action is not their own name, from the "Permissions" section
/// of each operation in the Amazon S3 API Reference and the S3 User Guide's "Required
/// permissions for Amazon S3 API operations". Object-level actions take the `…Version` action
/// when the request names a `versionId`.
enum S3Actions {
    /// An action and, when it differs from the record's own bucket/object, the ARN it needs.
    struct Need: Equatable {
        let name: String
        let resource: String?
        init(_ name: String, resource: String? = nil) {
            self.name = name
            self.resource = resource
        }
    }

    /// Event name → actions, without version or parameter variants.
    private static let renamed: [String: [String]] = [
        "ListObjects": ["ListBucket"], "ListObjectsV2": ["ListBucket"], "HeadBucket": ["ListBucket"],
        "ListObjectVersions": ["ListBucketVersions"],
        "ListMultipartUploads": ["ListBucketMultipartUploads"],
        "ListParts": ["ListMultipartUploadParts"],
        "ListBuckets": ["ListAllMyBuckets"],
        "CreateMultipartUpload": ["PutObject"], "UploadPart": ["PutObject"],
        "CompleteMultipartUpload": ["PutObject"],
        "DeleteObjects": ["DeleteObject"],
        "GetBucketEncryption": ["GetEncryptionConfiguration"],
        "PutBucketEncryption": ["PutEncryptionConfiguration"],
        "DeleteBucketEncryption": ["PutEncryptionConfiguration"],
        "GetBucketLifecycle": ["GetLifecycleConfiguration"],
        "GetBucketLifecycleConfiguration": ["GetLifecycleConfiguration"],
        "PutBucketLifecycle": ["PutLifecycleConfiguration"],
        "PutBucketLifecycleConfiguration": ["PutLifecycleConfiguration"],
        "DeleteBucketLifecycle": ["PutLifecycleConfiguration"],
        "GetBucketCors": ["GetBucketCORS"], "PutBucketCors": ["PutBucketCORS"],
        "DeleteBucketCors": ["PutBucketCORS"],
        "GetBucketReplication": ["GetReplicationConfiguration"],
        "PutBucketReplication": ["PutReplicationConfiguration"],
        "DeleteBucketReplication": ["PutReplicationConfiguration"],
        "DeleteBucketTagging": ["PutBucketTagging"],
        "DeleteBucketOwnershipControls": ["PutBucketOwnershipControls"],
        "GetBucketAccelerateConfiguration": ["GetAccelerateConfiguration"],
        "PutBucketAccelerateConfiguration": ["PutAccelerateConfiguration"],
        "GetBucketAnalyticsConfiguration": ["GetAnalyticsConfiguration"],
        "ListBucketAnalyticsConfigurations": ["GetAnalyticsConfiguration"],
        "PutBucketAnalyticsConfiguration": ["PutAnalyticsConfiguration"],
        "DeleteBucketAnalyticsConfiguration": ["PutAnalyticsConfiguration"],
        "GetBucketMetricsConfiguration": ["GetMetricsConfiguration"],
        "ListBucketMetricsConfigurations": ["GetMetricsConfiguration"],
        "PutBucketMetricsConfiguration": ["PutMetricsConfiguration"],
        "DeleteBucketMetricsConfiguration": ["PutMetricsConfiguration"],
        "GetBucketInventoryConfiguration": ["GetInventoryConfiguration"],
        "ListBucketInventoryConfigurations": ["GetInventoryConfiguration"],
        "PutBucketInventoryConfiguration": ["PutInventoryConfiguration"],
        "DeleteBucketInventoryConfiguration": ["PutInventoryConfiguration"],
        "GetBucketIntelligentTieringConfiguration": ["GetIntelligentTieringConfiguration"],
        "ListBucketIntelligentTieringConfigurations": ["GetIntelligentTieringConfiguration"],
        "PutBucketIntelligentTieringConfiguration": ["PutIntelligentTieringConfiguration"],
        "DeleteBucketIntelligentTieringConfiguration": ["PutIntelligentTieringConfiguration"],
        "GetBucketNotificationConfiguration": ["GetBucketNotification"],
        "PutBucketNotificationConfiguration": ["PutBucketNotification"],
        "GetObjectLockConfiguration": ["GetBucketObjectLockConfiguration"],
        "PutObjectLockConfiguration": ["PutBucketObjectLockConfiguration"],
        "SelectObjectContent": ["GetObject"],
    ]

    /// Object operations whose action becomes `…Version…` for a specific version.
    private static let versioned: [String: (current: String, version: String)] = [
        "GetObject": ("GetObject", "GetObjectVersion"), "HeadObject": ("GetObject", "GetObjectVersion"),
        "SelectObjectContent": ("GetObject", "GetObjectVersion"),
        "GetObjectAcl": ("GetObjectAcl", "GetObjectVersionAcl"),
        "PutObjectAcl": ("PutObjectAcl", "PutObjectVersionAcl"),
        "GetObjectTagging": ("GetObjectTagging", "GetObjectVersionTagging"),
        "PutObjectTagging": ("PutObjectTagging", "PutObjectVersionTagging"),
        "DeleteObjectTagging": ("DeleteObjectTagging", "DeleteObjectVersionTagging"),
        "GetObjectTorrent": ("GetObjectTorrent", "GetObjectVersionTorrent"),
        "DeleteObject": ("DeleteObject", "DeleteObjectVersion"),
    ]

    /// The actions an S3 record needs, or nil to fall back to the catalogue's own names.
    static func needs(_ record: ActivityRecord, partition: String) -> [Need]? {
        let parameters = record.requestParameters
        let hasVersion = !(parameters?["versionId"]?.stringValue ?? "").isEmpty
        let hasBucket = !(parameters?["bucketName"]?.stringValue ?? "").isEmpty
        let name = record.eventName
        if let pair = versioned[name] {
            return [Need(hasVersion ? pair.version : pair.current)]
        }
        switch name {
        case "GetObjectAttributes":
            // Both: reading the object and reading its attributes.
            return hasVersion
                ? [Need("GetObjectVersion"), Need("GetObjectVersionAttributes")]
                : [Need("GetObject"), Need("GetObjectAttributes")]
        case "PutObject", "CreateMultipartUpload":
            return [Need("PutObject")] + headerActions(parameters)
        case "CopyObject", "UploadPartCopy":
            // Write the destination, read the source (`x-amz-copy-source: bucket/key?versionId=…`).
            var needs = [Need("PutObject")]
            if name == "CopyObject" { needs += headerActions(parameters) }
            if let source = copySource(parameters?["x-amz-copy-source"]?.stringValue, partition: partition) {
                needs.append(Need(source.hasVersion ? "GetObjectVersion" : "GetObject", resource: source.arn))
            } else {
                needs.append(Need("GetObject"))
            }
            return needs
        // Public access block: the bucket's when the request names a bucket, else the account's.
        case "GetPublicAccessBlock", "GetBucketPublicAccessBlock", "GetAccountPublicAccessBlock":
            return [Need(hasBucket ? "GetBucketPublicAccessBlock" : "GetAccountPublicAccessBlock")]
        case "PutPublicAccessBlock", "PutBucketPublicAccessBlock", "PutAccountPublicAccessBlock",
            "DeletePublicAccessBlock", "DeleteBucketPublicAccessBlock", "DeleteAccountPublicAccessBlock":
            return [Need(hasBucket ? "PutBucketPublicAccessBlock" : "PutAccountPublicAccessBlock")]
        default:
            return renamed[name]?.map { Need($0) }
        }
    }

    /// The extra actions PutObject/CopyObject headers need: an ACL, tags.
    private static func headerActions(_ parameters: JSONValue?) -> [Need] {
        guard case .object(let members) = parameters else { return [] }
        var needs: [Need] = []
        if members.keys.contains(where: { $0 == "x-amz-acl" || $0.hasPrefix("x-amz-grant-") }) {
            needs.append(Need("PutObjectAcl"))
        }
        if members["x-amz-tagging"] != nil { needs.append(Need("PutObjectTagging")) }
        return needs
    }

    /// `bucket/key`, `/bucket/key` or `bucket/key?versionId=…` (URL-encoded), as an object ARN.
    static func copySource(_ value: String?, partition: String) -> (arn: String, hasVersion: Bool)? {
        guard let value else { return nil }
        var source = Substring(value)
        if source.hasPrefix("/") { source = source.dropFirst() }
        var hasVersion = false
        if let question = source.firstIndex(of: "?") {
            hasVersion = source[source.index(after: question)...].contains("versionId=")
            source = source[..<question]
        }
        let decoded = percentDecoded(source)
        guard let slash = decoded.firstIndex(of: "/"), slash != decoded.startIndex,
            decoded.index(after: slash) != decoded.endIndex
        else { return nil }
        return ("arn:\(partition):s3:::\(decoded)", hasVersion)
    }

    private static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            let pair = utf8.prefix(2)
            if byte == UInt8(ascii: "%"), pair.count == 2, let value = UInt8(String(decoding: Array(pair), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
