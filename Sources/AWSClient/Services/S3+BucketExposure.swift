import FoundationEssentials

/// S3 operations s3-policy-checker needs beyond S3.swift.
extension S3 {
    /// PutBucketAcl with a canned ACL and the integrity checksum real S3 requires on this call
    /// even without a body (`rest` adds one only to requests that have a body): the SHA-256 of
    /// no bytes, as botocore sends it.
    public func putCannedBucketAcl(_ bucket: String, cannedACL: String) async throws {
        let emptyBodyChecksum = Data(SHA256.hash([UInt8]())).base64EncodedString()
        _ = try await client.rest(.s3, operation: "PutBucketAcl", method: "PUT", bucket: bucket, query: [("acl", "")],
                                  headers: [("x-amz-acl", cannedACL), ("x-amz-checksum-sha256", emptyBodyChecksum)])
    }
}
