import BucketExposureCore
import AWSModels
import AWSClient
import FunctionShell

/// `BucketStore` through AWSClient, in one account. Calls on a bucket go to the bucket's own
/// region; evidence goes to the function's own account (`home`), whichever account the bucket is in.
struct AWSBucketStore: BucketStore {
    /// Acts in the bucket's account (the member role's credentials for another account).
    let client: AWSClient
    /// The function's own account, where the evidence bucket is.
    let home: AWSClient
    let account: String

    private func s3(_ region: String) -> S3 { client.inRegion(region).s3 }

    func listBuckets() async throws(StoreFailure) -> [String] {
        try await storeCall { try await client.s3.listBuckets().map(\.name) }
    }

    func region(of bucket: String) async throws(StoreFailure) -> String {
        try await storeCall { try await client.s3.bucketRegion(bucket) }
    }

    func accountBlock() async throws(StoreFailure) -> BlockPublicAccess? {
        try await storeCall { try await client.s3.getAccountPublicAccessBlock(account: account) }
    }

    func policy(of bucket: String, region: String) async throws(StoreFailure) -> String? {
        try await storeCall { try await s3(region).getBucketPolicy(bucket) }
    }

    func acl(of bucket: String, region: String) async throws(StoreFailure) -> BucketACL {
        try await storeCall { BucketACL(try await s3(region).getBucketAcl(bucket)) }
    }

    func block(of bucket: String, region: String) async throws(StoreFailure) -> BlockPublicAccess? {
        try await storeCall { try await s3(region).getPublicAccessBlock(bucket) }
    }

    func ownership(of bucket: String, region: String) async throws(StoreFailure) -> String? {
        try await storeCall { try await s3(region).getOwnershipControls(bucket) }
    }

    func tags(of bucket: String, region: String) async throws(StoreFailure) -> [String: String] {
        try await storeCall { try await s3(region).getBucketTagging(bucket) }
    }

    func putPolicy(_ policy: String, bucket: String, region: String) async throws(StoreFailure) {
        try await storeCall { try await s3(region).putBucketPolicy(bucket, policy: policy) }
    }

    func deletePolicy(bucket: String, region: String) async throws(StoreFailure) {
        try await storeCall { try await s3(region).deleteBucketPolicy(bucket) }
    }

    func makeACLPrivate(bucket: String, region: String) async throws(StoreFailure) {
        try await storeCall { try await s3(region).putBucketAcl(bucket, cannedACL: "private") }
    }

    func putBlock(_ block: BlockPublicAccess, bucket: String, region: String) async throws(StoreFailure) {
        try await storeCall { try await s3(region).putPublicAccessBlock(bucket, block) }
    }

    func putEvidence(bucket: String, key: String, body: String) async throws(StoreFailure) {
        try await storeCall {
            let region = try await home.s3.bucketRegion(bucket)
            try await home.inRegion(region).s3.putObject(bucket, key: key, body: Array(body.utf8),
                                                         contentType: "application/json")
        }
    }
}

/// The function's own account, or a member account through the member role.
struct AWSBucketStores: BucketStoreProvider {
    let invocation: Invocation

    func store(for account: String) async throws(StoreFailure) -> any BucketStore {
        let scoped = try await storeCall { try await invocation.member(account) }
        return AWSBucketStore(client: scoped, home: invocation.client, account: account)
    }
}

/// Runs an AWS call and turns its failure into a `StoreFailure`: AWS's own error code when it
/// answered, else the kind of failure on the way.
func storeCall<T>(_ call: () async throws -> T) async throws(StoreFailure) -> T {
    do {
        return try await call()
    } catch {
        let (code, message) = errorCodeAndMessage(error)
        throw StoreFailure(code: code, message: message)
    }
}

extension BucketACL {
    /// GetBucketAcl's answer as the core reads it.
    init(_ policy: S3.AccessControlPolicy) {
        self.init(ownerID: policy.ownerID.isEmpty ? nil : policy.ownerID, grants: policy.grants.map { grant in
            let grantee: Grant.Grantee = switch (grant.granteeType, grant.id, grant.uri, grant.email) {
            case ("CanonicalUser", let id?, _, _): .canonicalUser(id: id)
            case ("Group", _, let uri?, _): .group(uri: uri)
            case ("AmazonCustomerByEmail", _, _, let email?): .email(email)
            default: .other([grant.granteeType, grant.id ?? grant.uri ?? grant.email ?? ""].joined(separator: ":"))
            }
            return Grant(grantee: grantee, permission: grant.permission)
        })
    }
}
