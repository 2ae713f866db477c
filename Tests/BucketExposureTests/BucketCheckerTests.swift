import AWSModels
import Foundation
import Testing
import WatchpostCore
@testable import BucketExposureCore
@testable import BucketExposure

private let putPolicy = ChangeContext(
    eventName: "PutBucketPolicy", eventTime: "2026-11-25T21:14:03Z",
    actor: "arn:aws:sts::111122223333:assumed-role/DeveloperAccess/jdoe", sourceIPAddress: "203.0.113.42",
    userAgent: "aws-cli/2.17.20", errorCode: nil, requestWasPublic: true)

private func bucketEvent(_ bucket: String, account: String = owner, change: ChangeContext = putPolicy) -> TriggerEvent {
    TriggerEvent(account: account, region: "us-east-1", trigger: .bucketChange(bucket: bucket, change: change))
}

private let scheduleEvent = TriggerEvent(account: owner, region: "us-east-1", trigger: .schedule)

/// An alert channel: with it the `alert` step is `done`; without any, `skipped`, as in the function.
private let topic = ["ALERT_TOPIC_ARN": "arn:aws:sns:us-east-1:\(owner):alerts"]

/// `alerts` defaults to a FakeAlerts configured by the same environment as the checker.
private func checker(_ store: FakeStore, _ environment: [String: String] = [:], members: [String: FakeStore] = [:],
                     alerts: FakeAlerts? = nil) throws -> BucketChecker {
    var stores = members
    stores[owner] = store
    return BucketChecker(configuration: try CheckerConfiguration(environment: environment),
                         stores: FakeStores(stores: stores), alerts: alerts ?? FakeAlerts(environment: environment),
                         now: { Date(timeIntervalSince1970: 1_795_000_000) })
}

private func bucketReport(_ response: CheckerResponse) throws -> BucketReport {
    guard case .bucket(let report) = response else { throw CancellationError() }
    return report
}

private func outline(_ report: BucketReport) -> [String] {
    report.actions.map { "\($0.step.name):\($0.status.rawValue)" }
}

@Suite("The checker: read back, decide, act, report")
struct BucketCheckerTests {
    @Test func alertsOnAPublicPolicyAndChangesNothing() async throws {
        let store = FakeStore(["site": .init(policy: publicPolicy)])
        let alerts = FakeAlerts(environment: topic)
        let report = try bucketReport(try await checker(store, topic, alerts: alerts).run(bucketEvent("site")))
        #expect(report.verdict == .public && report.effectiveVerdict == .public)
        #expect(report.trigger == "PutBucketPolicy")
        #expect(report.region == "us-east-1")
        #expect(report.publicStatements.map(\.sid) == ["PublicRead"])
        #expect(outline(report) == ["alert:done"])
        #expect(await store.changes.isEmpty)
        let alert = try #require(await alerts.sent.first)
        #expect(alert.change == putPolicy)
        #expect(alert.bucket == "site" && alert.account == owner)
    }

    @Test func blockPublicAccessOnceThenAlreadyDone() async throws {
        let store = FakeStore(["site": .init(policy: publicPolicy, acl: acl(allUsersRead))])
        let checker = try checker(store, ["REMEDIATION": "block-public-access"])
        let first = try bucketReport(try await checker.run(bucketEvent("site")))
        #expect(outline(first) == ["block-public-access:done", "alert:skipped"], "no alert channel is configured")
        #expect(await store.buckets["site"]?.block == .all)
        // The same event delivered again finds the bucket fixed and says so.
        let again = try bucketReport(try await checker.run(bucketEvent("site")))
        #expect(again.verdict == .public && again.effectiveVerdict == .notPublic)
        #expect(outline(again) == ["block-public-access:already-done", "alert:skipped"])
        #expect(await store.changes == ["PutPublicAccessBlock site"])
    }

    @Test func removePublicStatementsKeepsTheOriginalAndTheRest() async throws {
        let original = policy(allow(#"{"AWS":"arn:aws:iam::\#(owner):role/app"}"#, sid: "App"), allow(#""*""#, sid: "Public"))
        let store = FakeStore(["site": .init(policy: original, acl: acl(allUsersRead))])
        let checker = try checker(store, ["REMEDIATION": "remove-public-statements", "EVIDENCE_BUCKET": "evidence"])
        let report = try bucketReport(try await checker.run(bucketEvent("site")))
        #expect(outline(report) == ["preserve-policy:done", "remove-public-statements:done", "make-acl-private:done", "alert:skipped"])
        let kept = try #require(await store.buckets["site"]?.policy)
        #expect(try BucketPolicy(json: kept).statements.map(\.sid) == ["App"])
        #expect(await store.buckets["site"]?.acl == ownerOnlyACL)
        let evidence = await store.evidence
        #expect(evidence.count == 1)
        #expect(evidence.values.first == original)
        #expect(evidence.keys.first?.hasPrefix("s3://evidence/s3-policy-checker/\(owner)/site/2026-") == true)
        // Re-delivered: the bucket is not public now, nothing is done twice.
        let again = try bucketReport(try await checker.run(bucketEvent("site")))
        #expect(again.verdict == .notPublic)
        #expect(outline(again) == ["remove-public-statements:already-done", "alert:skipped"])
        #expect(await store.changes.count == 3)
    }

    @Test func policyLeftAloneWhenTheOriginalCannotBeKept() async throws {
        let store = FakeStore(["site": .init(policy: publicPolicy)])
        await store.fail("PutObject", "AccessDenied")
        let report = try bucketReport(try await checker(store, ["REMEDIATION": "remove-public-statements",
                                                                "EVIDENCE_BUCKET": "evidence"]).run(bucketEvent("site")))
        #expect(outline(report) == ["preserve-policy:failed", "remove-public-statements:skipped", "alert:skipped"])
        #expect(await store.buckets["site"]?.policy == publicPolicy)
    }

    @Test func withoutAnEvidenceBucketTheAlertKeepsTheOriginal() async throws {
        let store = FakeStore(["site": .init(policy: publicPolicy)])
        let environment = ["REMEDIATION": "remove-public-statements", "ALERT_TOPIC_ARN": "arn:aws:sns:us-east-1:\(owner):alerts"]
        let alerts = FakeAlerts(environment: environment)
        let report = try bucketReport(try await checker(store, environment, alerts: alerts).run(bucketEvent("site")))
        #expect(outline(report) == ["preserve-policy:done", "remove-public-statements:done", "alert:done"])
        #expect(await store.buckets["site"]?.policy == nil)
        let alert = try #require(await alerts.sent.first)
        #expect(alert.originalPolicy == publicPolicy)
        // The alert says what was done before it.
        #expect(alert.actions.map(\.step.name) == ["preserve-policy", "remove-public-statements"])
    }

    @Test func withNowhereToKeepTheOriginalThePolicyStays() async throws {
        let store = FakeStore(["site": .init(policy: publicPolicy)])
        let report = try bucketReport(try await checker(store, ["REMEDIATION": "remove-public-statements"])
            .run(bucketEvent("site")))
        #expect(outline(report) == ["preserve-policy:skipped", "remove-public-statements:skipped", "alert:skipped"])
        #expect(await store.buckets["site"]?.policy == publicPolicy)
    }

    @Test func dryRunChangesNothing() async throws {
        let store = FakeStore(["site": .init(policy: publicPolicy, acl: acl(allUsersRead))])
        let environment = ["REMEDIATION": "remove-public-statements", "DRY_RUN": "true", "EVIDENCE_BUCKET": "evidence"]
            .merging(topic) { $1 }
        let alerts = FakeAlerts(environment: environment)
        let report = try bucketReport(try await checker(store, environment, alerts: alerts).run(bucketEvent("site")))
        #expect(report.dryRun)
        #expect(outline(report) == ["preserve-policy:skipped", "remove-public-statements:skipped",
                                    "make-acl-private:skipped", "alert:done"], "a dry run still alerts")
        #expect(await store.changes.isEmpty)
        #expect(await alerts.sent.first?.dryRun == true)
    }

    @Test func exemptBucketsAreNeverChanged() async throws {
        let store = FakeStore([
            "www": .init(policy: publicPolicy, tags: ["watchpost:allow-public": "public website"]),
            "docs": .init(policy: publicPolicy),
        ])
        // A channel is configured: the alert is skipped because the bucket is exempt.
        let environment = ["REMEDIATION": "block-public-access", "ALLOW_PUBLIC_BUCKETS": "docs"].merging(topic) { $1 }
        let alerts = FakeAlerts(environment: environment)
        let checker = try checker(store, environment, alerts: alerts)
        for name in ["www", "docs"] {
            let report = try bucketReport(try await checker.run(bucketEvent(name)))
            #expect(report.exempt)
            #expect(report.verdict == .public)
            #expect(outline(report) == ["block-public-access:skipped", "alert:skipped"])
        }
        #expect(await store.changes.isEmpty)
        #expect(await alerts.sent.isEmpty)
    }

    @Test func aBucketThatNoLongerExists() async throws {
        let report = try bucketReport(try await checker(FakeStore([:])).run(bucketEvent("gone")))
        #expect(report.verdict == nil && report.effectiveVerdict == nil)
        #expect(report.actions == [StepOutcome<BucketStep>(.readBucket, .skipped,
                                                "GetBucketLocation: NoSuchBucket: the bucket no longer exists")])
    }

    @Test func accessDeniedOnARead() async throws {
        let store = FakeStore(["locked": .init(policy: publicPolicy)])
        await store.fail("GetBucketPolicy locked", "AccessDenied")
        let report = try bucketReport(try await checker(store).run(bucketEvent("locked")))
        #expect(report.verdict == nil)
        #expect(report.region == "us-east-1")
        #expect(outline(report) == ["read-bucket:failed"])
        #expect(report.actions[0].detail.hasPrefix("GetBucketPolicy: AccessDenied"))
    }

    @Test func anUnreadablePolicyIsReportedNotGuessed() async throws {
        let store = FakeStore(["odd": .init(policy: "not json")])
        let report = try bucketReport(try await checker(store).run(bucketEvent("odd")))
        #expect(report.verdict == nil)
        #expect(report.actions.first?.detail.contains("not valid JSON") == true)
    }

    @Test func memberAccountsThroughTheirStore() async throws {
        let member = FakeStore(["partner-exports": .init(policy: publicPolicy)])
        let report = try bucketReport(try await checker(FakeStore([:]), ["REMEDIATION": "block-public-access"],
                                                        members: [other: member]).run(bucketEvent("partner-exports", account: other)))
        #expect(report.account == other)
        #expect(await member.changes == ["PutPublicAccessBlock partner-exports"])
        let unreachable = try bucketReport(try await checker(FakeStore([:])).run(bucketEvent("x", account: "123456789012")))
        #expect(outline(unreachable) == ["assume-member-role:failed"])
        #expect(unreachable.verdict == nil)
    }

    @Test func sweepChecksEveryBucketBoundedAndCounts() async throws {
        var buckets: [String: FakeStore.Bucket] = [:]
        for index in 0..<12 { buckets[String(format: "bucket-%02d", index)] = .init() }
        buckets["bucket-03"]?.policy = publicPolicy
        buckets["bucket-05"]?.policy = crossAccountPolicy
        buckets["bucket-07"]?.acl = acl(allUsersRead)
        buckets["bucket-07"]?.block = ignoreAcls
        let store = FakeStore(buckets)
        await store.holdUntilInFlight(3)
        let environment = ["SWEEP_CONCURRENCY": "3"].merging(topic) { $1 }
        let alerts = FakeAlerts(environment: environment)
        let response = try await checker(store, environment, alerts: alerts).run(scheduleEvent)
        guard case .sweep(let sweep) = response else { throw CancellationError() }
        #expect(sweep.buckets.map(\.bucket) == buckets.keys.sorted())
        #expect(sweep.buckets.allSatisfy { $0.trigger == "schedule" })
        #expect(sweep.counts.total == 12)
        #expect(sweep.counts.public == 2)
        #expect(sweep.counts.effectivelyPublic == 1)
        #expect(sweep.counts.crossAccount == 1)
        #expect(sweep.counts.notPublic == 9)
        // Only the effectively public bucket alerts on a sweep, and with no change attached.
        #expect(await alerts.sent.map(\.bucket) == ["bucket-03"])
        #expect(await alerts.sent.first?.change == nil)
        // Exactly the configured bound: the store holds each read until three are under way at
        // once, so fewer (a serial sweep) or more (an unbounded one) both show here.
        let most = await store.mostInFlight
        #expect(most == 3)
    }

    @Test func accountLevelChangeSweepsToo() async throws {
        let store = FakeStore(["a": .init(policy: publicPolicy), "b": .init()], account: nil)
        let change = ChangeContext(eventName: "DeleteAccountPublicAccessBlock", eventTime: "2026-11-25T20:47:30Z",
                                   actor: nil, sourceIPAddress: nil, userAgent: nil, errorCode: nil, requestWasPublic: nil)
        let response = try await checker(store).run(TriggerEvent(account: owner, region: "us-east-1",
                                                                 trigger: .accountBlockChange(change)))
        guard case .sweep(let sweep) = response else { throw CancellationError() }
        #expect(sweep.buckets.map(\.trigger) == ["DeleteAccountPublicAccessBlock", "DeleteAccountPublicAccessBlock"])
        #expect(sweep.counts.effectivelyPublic == 1)
    }

    @Test func accountBlockKeepsASweepQuiet() async throws {
        let store = FakeStore(["a": .init(policy: publicPolicy)], account: .all)
        // A channel is configured: the alert is skipped because the account block makes the bucket private.
        let alerts = FakeAlerts(environment: topic)
        guard case .sweep(let sweep) = try await checker(store, topic, alerts: alerts).run(scheduleEvent) else { throw CancellationError() }
        #expect(sweep.buckets[0].verdict == .public && sweep.buckets[0].effectiveVerdict == .notPublic)
        #expect(outline(sweep.buckets[0]) == ["alert:skipped"])
        #expect(await alerts.sent.isEmpty)
    }

    @Test func anUnreadableAccountBlockIsReportedAndJudgedConservatively() async throws {
        let store = FakeStore(["a": .init(policy: publicPolicy)], account: .all)
        await store.fail("GetAccountPublicAccessBlock", "AccessDenied")
        let report = try bucketReport(try await checker(store).run(bucketEvent("a")))
        #expect(report.effectiveVerdict == .public)
        #expect(outline(report) == ["read-account-block-public-access:failed", "alert:skipped"])
    }

    @Test func sweepFailuresAreTypedErrors() async throws {
        let store = FakeStore(["a": .init()])
        await store.fail("ListBuckets", "AccessDenied")
        await #expect(throws: BucketEventError.self) { try await checker(store).run(scheduleEvent) }
        let unreachable = try checker(FakeStore([:]))
        do {
            _ = try await unreachable.run(TriggerEvent(account: "123456789012", region: "us-east-1", trigger: .schedule))
            Issue.record("swept an account it cannot reach")
        } catch {
            #expect(error.errorType == "MemberAccountUnavailable")
        }
    }
}
