import BucketExposureCore
import WatchpostCore

/// The S3 facts and changes the checker needs, in one account, as plain data. The deployed
/// implementation goes through AWSClient (`AWSBucketStore`); tests use an in-memory one.
public protocol BucketStore: Sendable {
    /// Every bucket of the account (ListBuckets is global).
    func listBuckets() async throws(StoreFailure) -> [String]
    /// GetBucketLocation: the region S3 calls on this bucket go to.
    func region(of bucket: String) async throws(StoreFailure) -> String
    /// The account's Block Public Access (S3 Control), nil when not configured.
    func accountBlock() async throws(StoreFailure) -> BlockPublicAccess?

    /// The policy text exactly as S3 returns it, nil when the bucket has none.
    func policy(of bucket: String, region: String) async throws(StoreFailure) -> String?
    func acl(of bucket: String, region: String) async throws(StoreFailure) -> BucketACL
    /// nil when the bucket has no Block Public Access configuration.
    func block(of bucket: String, region: String) async throws(StoreFailure) -> BlockPublicAccess?
    /// Object Ownership, nil when the bucket has no ownership controls.
    func ownership(of bucket: String, region: String) async throws(StoreFailure) -> String?
    /// [:] when the bucket has no tags.
    func tags(of bucket: String, region: String) async throws(StoreFailure) -> [String: String]

    func putPolicy(_ policy: String, bucket: String, region: String) async throws(StoreFailure)
    func deletePolicy(bucket: String, region: String) async throws(StoreFailure)
    func makeACLPrivate(bucket: String, region: String) async throws(StoreFailure)
    func putBlock(_ block: BlockPublicAccess, bucket: String, region: String) async throws(StoreFailure)
    /// Writes evidence (an original policy) to the evidence bucket, wherever that bucket lives.
    func putEvidence(bucket: String, key: String, body: String) async throws(StoreFailure)
}

/// What AWS (or the way to it) answered instead: its error code when it gave one
/// (`NoSuchBucket`, `AccessDenied`…), else the kind of failure (`Transport`, `Deadline`…).
public struct StoreFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message.isEmpty ? code : "\(code): \(message)" }
}

/// Where the checker finds a store for an account: the function's own, or a member account's
/// through its role.
public protocol BucketStoreProvider: Sendable {
    func store(for account: String) async throws(StoreFailure) -> any BucketStore
}

/// Delivers a bucket's alert (Slack and SNS) and says how it went, as the `alert` step.
public protocol BucketAlertSender: Sendable {
    func send(_ alert: BucketAlert) async -> StepOutcome<BucketStep>
}
