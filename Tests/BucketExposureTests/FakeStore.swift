import AWSModels
import WatchpostCore
import Alerting
import Foundation
@testable import BucketExposureCore
@testable import BucketExposure

/// An in-memory account of buckets for the checker's tests: state that reads back what was
/// written, failures on chosen calls, and a log of every change.
actor FakeStore: BucketStore {
    struct Bucket {
        var region = "us-east-1"
        var policy: String?
        var acl = ownerOnlyACL
        var block: BlockPublicAccess?
        var ownership: String?
        var tags: [String: String] = [:]
    }

    var buckets: [String: Bucket]
    var account: BlockPublicAccess?
    /// `"<call> <bucket>"` (or `"<call>"`) → the failure that call gets.
    var failures: [String: StoreFailure] = [:]
    private(set) var changes: [String] = []
    private(set) var evidence: [String: String] = [:]
    private(set) var inFlight = 0
    private(set) var mostInFlight = 0

    init(_ buckets: [String: Bucket], account: BlockPublicAccess? = nil) {
        self.buckets = buckets
        self.account = account
    }

    func fail(_ call: String, _ code: String) {
        failures[call] = StoreFailure(code: code, message: "injected")
    }

    private func check(_ call: String, _ bucket: String? = nil) throws(StoreFailure) {
        if let failure = failures["\(call) \(bucket ?? "")"] ?? failures[call] { throw failure }
    }

    private func existing(_ call: String, _ name: String) throws(StoreFailure) -> Bucket {
        try check(call, name)
        guard let bucket = buckets[name] else {
            throw StoreFailure(code: "NoSuchBucket", message: "The specified bucket does not exist")
        }
        return bucket
    }

    func listBuckets() async throws(StoreFailure) -> [String] {
        try check("ListBuckets")
        return Array(buckets.keys)
    }

    /// Reads of a bucket's region wait until this many are under way at once (see `region(of:)`).
    private(set) var gate = 0

    /// Makes concurrency observable: each `region(of:)` waits until `count` reads are in flight
    /// together (once), or until it has yielded many times without that happening — a serial
    /// caller is then seen as serial, not hung.
    func holdUntilInFlight(_ count: Int) { gate = count }

    func region(of bucket: String) async throws(StoreFailure) -> String {
        // Hold across suspensions, the actor free meanwhile, so that concurrent checks are visible.
        inFlight += 1
        mostInFlight = max(mostInFlight, inFlight)
        var yields = 0
        while mostInFlight < gate && yields < 10_000 {
            await Task.yield()
            yields += 1
        }
        await Task.yield()
        inFlight -= 1
        return try existing("GetBucketLocation", bucket).region
    }

    func accountBlock() async throws(StoreFailure) -> BlockPublicAccess? {
        try check("GetAccountPublicAccessBlock")
        return account
    }

    func policy(of bucket: String, region: String) async throws(StoreFailure) -> String? {
        try existing("GetBucketPolicy", bucket).policy
    }

    func acl(of bucket: String, region: String) async throws(StoreFailure) -> BucketACL {
        try existing("GetBucketAcl", bucket).acl
    }

    func block(of bucket: String, region: String) async throws(StoreFailure) -> BlockPublicAccess? {
        try existing("GetPublicAccessBlock", bucket).block
    }

    func ownership(of bucket: String, region: String) async throws(StoreFailure) -> String? {
        try existing("GetBucketOwnershipControls", bucket).ownership
    }

    func tags(of bucket: String, region: String) async throws(StoreFailure) -> [String: String] {
        try existing("GetBucketTagging", bucket).tags
    }

    func putPolicy(_ policy: String, bucket: String, region: String) async throws(StoreFailure) {
        _ = try existing("PutBucketPolicy", bucket)
        buckets[bucket]?.policy = policy
        changes.append("PutBucketPolicy \(bucket)")
    }

    func deletePolicy(bucket: String, region: String) async throws(StoreFailure) {
        _ = try existing("DeleteBucketPolicy", bucket)
        buckets[bucket]?.policy = nil
        changes.append("DeleteBucketPolicy \(bucket)")
    }

    func makeACLPrivate(bucket: String, region: String) async throws(StoreFailure) {
        _ = try existing("PutBucketAcl", bucket)
        buckets[bucket]?.acl = ownerOnlyACL
        changes.append("PutBucketAcl \(bucket)")
    }

    func putBlock(_ block: BlockPublicAccess, bucket: String, region: String) async throws(StoreFailure) {
        _ = try existing("PutPublicAccessBlock", bucket)
        buckets[bucket]?.block = block
        changes.append("PutPublicAccessBlock \(bucket)")
    }

    func putEvidence(bucket: String, key: String, body: String) async throws(StoreFailure) {
        try check("PutObject", bucket)
        evidence["s3://\(bucket)/\(key)"] = body
        changes.append("PutObject \(bucket)")
    }
}

/// The function's own account plus, optionally, member accounts reachable through their role.
struct FakeStores: BucketStoreProvider {
    let stores: [String: FakeStore]

    func store(for account: String) async throws(StoreFailure) -> any BucketStore {
        guard let store = stores[account] else {
            throw StoreFailure(code: "AccessDenied", message: "not authorized to perform sts:AssumeRole")
        }
        return store
    }
}

/// Records the alerts it is given and answers as the real sender does: each channel's outcome as
/// `Alerter` gives it for the environment's settings — SNS with `ALERT_TOPIC_ARN`, Slack with
/// `SLACK_WEBHOOK_URL` or `SLACK_WEBHOOK_PARAMETER`, skipped where one is not set — turned into the
/// `alert` step by `AlerterSender.step`, the rule the function uses. So with no channel configured
/// the step is `skipped`, as in the function. (A configured channel always takes the alert here;
/// failed deliveries are the real Alerter's, tested in AlertingTests and AdapterTests.)
actor FakeAlerts: BucketAlertSender {
    private(set) var sent: [BucketAlert] = []
    let environment: [String: String]

    init(environment: [String: String] = [:]) {
        self.environment = environment
    }

    func send(_ alert: BucketAlert) async -> StepOutcome<BucketStep> {
        sent.append(alert)
        let sns = (environment["ALERT_TOPIC_ARN"] ?? "").isEmpty
            ? AlertDelivery(.sns, .skipped, "ALERT_TOPIC_ARN is not set")
            : AlertDelivery(.sns, .done, "message fake-\(sent.count)")
        let slackConfigured = ConfiguredSecret(variable: "SLACK_WEBHOOK_URL", parameterVariable: "SLACK_WEBHOOK_PARAMETER")
            .isConfigured(in: environment)
        let slack = slackConfigured
            ? AlertDelivery(.slack, .done, "posted")
            : AlertDelivery(.slack, .skipped, "Slack is not configured")
        return AlerterSender.step([sns, slack])
    }
}
