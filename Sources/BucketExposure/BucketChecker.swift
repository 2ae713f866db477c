import BucketExposureCore
import AWSModels
import FoundationEssentials
import WatchpostCore

/// The imperative shell: reads a bucket's state back now, asks the core what it means and what
/// to do, does it, and reports every step. One bucket for a bucket event; every bucket of the
/// account, a bounded number at a time, for a sweep.
public struct BucketChecker: Sendable {
    public let configuration: CheckerConfiguration
    public let stores: any BucketStoreProvider
    public let alerts: any BucketAlertSender
    /// The time evidence is stamped with.
    public let now: @Sendable () -> Date

    public init(configuration: CheckerConfiguration, stores: any BucketStoreProvider, alerts: any BucketAlertSender,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.stores = stores
        self.alerts = alerts
        self.now = now
    }

    public func run(_ event: TriggerEvent) async throws(BucketEventError) -> CheckerResponse {
        switch event.trigger {
        case .bucketChange(let bucket, let change):
            let store: any BucketStore
            do {
                store = try await stores.store(for: event.account)
            } catch {
                return .bucket(unreadable(bucket, event, region: nil, StepOutcome(
                    .assumeMemberRole, .failed, "account \(event.account): \(error)")))
            }
            let accountBlock = await readAccountBlock(store)
            return .bucket(await check(bucket, in: store, event: event, change: change, accountBlock: accountBlock))

        case .accountBlockChange, .schedule:
            // Every bucket's report names the account-level call (or "schedule") as its trigger.
            return .sweep(try await sweep(event))
        }
    }

    // MARK: - Sweep

    /// Every bucket of the account, `sweepConcurrency` at a time, reported in name order.
    private func sweep(_ event: TriggerEvent) async throws(BucketEventError) -> SweepReport {
        try await sweep(try await bucketNames(in: event.account), event: event)
    }

    /// The account's buckets, sorted.
    public func bucketNames(in account: String) async throws(BucketEventError) -> [String] {
        let store = try await memberStore(account)
        do {
            return try await store.listBuckets().sorted()
        } catch {
            throw BucketEventError(errorType: "ListBucketsFailed", errorMessage: "account \(account): \(error)")
        }
    }

    /// These buckets of the event's account, `sweepConcurrency` at a time, reported in name order.
    public func sweep(_ names: [String], event: TriggerEvent) async throws(BucketEventError) -> SweepReport {
        let store = try await memberStore(event.account)
        let accountBlock = await readAccountBlock(store)
        // A sweep's alerts carry no change: it found the state, nobody's call made it.
        let reports = await names.concurrentMap(limit: configuration.sweepConcurrency) { name in
            await check(name, in: store, event: event, change: nil, accountBlock: accountBlock)
        }
        return SweepReport(buckets: reports, account: event.account, dryRun: configuration.dryRun)
    }

    private func memberStore(_ account: String) async throws(BucketEventError) -> any BucketStore {
        do {
            return try await stores.store(for: account)
        } catch {
            throw BucketEventError(errorType: "MemberAccountUnavailable", errorMessage: "cannot act in account \(account): \(error)")
        }
    }

    // MARK: - One bucket

    private struct AccountBlock: Sendable {
        let settings: BlockPublicAccess?
        /// Reported on every bucket when the account's settings could not be read.
        let failure: StepOutcome<BucketStep>?
    }

    private func readAccountBlock(_ store: any BucketStore) async -> AccountBlock {
        do {
            return AccountBlock(settings: try await store.accountBlock(), failure: nil)
        } catch {
            // Judged as if the account blocked nothing: the verdict may over-report, never under-report.
            return AccountBlock(settings: nil, failure: StepOutcome(
                .readAccountBlockPublicAccess, .failed,
                "GetPublicAccessBlock (account): \(error); judged as if the account blocked nothing"))
        }
    }

    private func check(_ bucket: String, in store: any BucketStore, event: TriggerEvent, change: ChangeContext?,
                       accountBlock: AccountBlock) async -> BucketReport {
        var actions = accountBlock.failure.map { [$0] } ?? []

        let region: String
        do {
            region = try await store.region(of: bucket)
        } catch {
            return unreadable(bucket, event, region: nil, readFailure("GetBucketLocation", error), before: actions)
        }

        async let policyRead = Result { () async throws(StoreFailure) in try await store.policy(of: bucket, region: region) }
        async let aclRead = Result { () async throws(StoreFailure) in try await store.acl(of: bucket, region: region) }
        async let blockRead = Result { () async throws(StoreFailure) in try await store.block(of: bucket, region: region) }
        async let ownershipRead = Result { () async throws(StoreFailure) in try await store.ownership(of: bucket, region: region) }
        async let tagsRead = Result { () async throws(StoreFailure) in try await store.tags(of: bucket, region: region) }
        let (policyResult, aclResult, blockResult, ownershipResult, tagsResult) =
            await (policyRead, aclRead, blockRead, ownershipRead, tagsRead)

        // A verdict from part of the facts could be wrong either way: without all of them, none.
        let failures: [StepOutcome<BucketStep>] = [
            policyResult.failure.map { readFailure("GetBucketPolicy", $0) },
            aclResult.failure.map { readFailure("GetBucketAcl", $0) },
            blockResult.failure.map { readFailure("GetPublicAccessBlock", $0) },
            ownershipResult.failure.map { readFailure("GetBucketOwnershipControls", $0) },
            tagsResult.failure.map { readFailure("GetBucketTagging", $0) },
        ].compactMap { $0 }
        if let gone = failures.first(where: { $0.status == .skipped }) {
            return unreadable(bucket, event, region: region, gone, before: actions)
        }
        guard failures.isEmpty, case .success(let policyText) = policyResult, case .success(let acl) = aclResult,
              case .success(let bucketBlock) = blockResult, case .success(let ownership) = ownershipResult,
              case .success(let tags) = tagsResult else {
            return unreadable(bucket, event, region: region, failures, before: actions)
        }

        let policy: BucketPolicy?
        do {
            policy = try policyText.map { text throws(BucketPolicyError) in try BucketPolicy(json: text) }
        } catch {
            return unreadable(bucket, event, region: region, StepOutcome(
                .readBucket, .failed, "GetBucketPolicy returned a policy that cannot be read: \(error)"),
                before: actions)
        }

        let exposure = evaluate(policy: policy, acl: acl, bucketBlock: bucketBlock, accountBlock: accountBlock.settings,
                                ownership: ownership, owner: event.account)
        let exemption = configuration.exemption(bucket: bucket, tags: tags)
        let decided = RemediationPlanner.plan(RemediationInput(
            exposure: exposure, mode: configuration.mode, exemption: exemption, dryRun: configuration.dryRun,
            policy: policy, policyText: policyText, evidenceBucket: configuration.evidenceBucket,
            alertConfigured: configuration.alertConfigured, changeEvent: change))

        actions += await execute(decided, on: BucketTarget(bucket: bucket, region: region, account: event.account, store: store),
                                 exposure: exposure, change: change, after: actions)
        return BucketReport(bucket: bucket, account: event.account, region: region, trigger: event.trigger.name,
                            exposure: exposure, exempt: exemption != nil, actions: actions,
                            dryRun: configuration.dryRun)
    }

    private func unreadable(_ bucket: String, _ event: TriggerEvent, region: String?, _ failure: StepOutcome<BucketStep>,
                            before: [StepOutcome<BucketStep>] = []) -> BucketReport {
        unreadable(bucket, event, region: region, [failure], before: before)
    }

    private func unreadable(_ bucket: String, _ event: TriggerEvent, region: String?, _ failures: [StepOutcome<BucketStep>],
                            before: [StepOutcome<BucketStep>]) -> BucketReport {
        BucketReport(bucket: bucket, account: event.account, region: region, trigger: event.trigger.name, exposure: nil,
                     exempt: false, actions: before + failures, dryRun: configuration.dryRun)
    }
}

/// A read that failed: a bucket deleted since the event is no failure of ours, just the end of it.
private func readFailure(_ call: String, _ failure: StoreFailure) -> StepOutcome<BucketStep> {
    if failure.code == "NoSuchBucket" {
        return StepOutcome(.readBucket, .skipped, "\(call): NoSuchBucket: the bucket no longer exists")
    }
    return StepOutcome(.readBucket, .failed, "\(call): \(failure)")
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
