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

/// What the store calls: reads and the remediation's changes in the bucket's account, the
/// evidence in the function's own.
extension AWSBucketStore {
    static let anyBucket = "arn:{partition}:s3:::*"

    /// Every check and sweep: the buckets, the account's Block Public Access, each bucket's facts.
    static let readCalls: [AWSCall] = [
        .actedIn(.S3.listBuckets, on: "*"),
        .actedIn(.S3Control.getPublicAccessBlock, on: "*"),
        .actedIn(.S3.getBucketLocation, on: anyBucket),
        .actedIn(.S3.getBucketPolicy, on: anyBucket),
        .actedIn(.S3.getBucketAcl, on: anyBucket),
        .actedIn(.S3.getPublicAccessBlock, on: anyBucket),
        .actedIn(.S3.getBucketOwnershipControls, on: anyBucket),
        .actedIn(.S3.getBucketTagging, on: anyBucket),
    ]

    /// The change a remediation mode makes to a public bucket (`alert` makes none).
    static func remediationCalls(_ mode: RemediationMode) -> [AWSCall] {
        let thisAccount = "buckets of the account acted in (aws:ResourceAccount)"
        return switch mode {
        case .alert: []
        case .blockPublicAccess: [.actedIn(.S3.putPublicAccessBlock, on: anyBucket, only: thisAccount)]
        case .removePublicStatements: [
            .actedIn(.S3.putBucketPolicy, on: anyBucket, only: thisAccount),
            .actedIn(.S3.deleteBucketPolicy, on: anyBucket, only: thisAccount),
            .actedIn(.S3.putBucketAcl, on: anyBucket, only: thisAccount + ", with the canned ACL private (s3:x-amz-acl)"),
        ]
        }
    }

    /// `putEvidence`: an original policy kept under s3-policy-checker/ (`evidenceKey`), in the bucket's region.
    static let evidenceCalls: [AWSCall] = [
        .own(.S3.getBucketLocation, on: "arn:{partition}:s3:::{EvidenceBucket}"),
        .own(.S3.putObject, on: "arn:{partition}:s3:::{EvidenceBucket}/s3-policy-checker/*"),
    ]
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
