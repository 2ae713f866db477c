import Foundation
import Testing
import BucketExposureCore
import Integrations
import WatchpostCore

/// A fanned-out sweep knows it is finished from the listing of its records alone, adds them up
/// once, and reports the totals as an event and metrics.
struct SweepTallyTests {
    static let sweep = "sweep-2026-12-05"
    static let plan = SweepTally.PlanRecord(accounts: 2, unreachable: 1)

    static func key(_ account: String, _ page: Int, queued: Int = 0) -> String {
        SweepTally.pageKey(sweep: sweep, account: account, page: page, queuedPages: queued)
    }

    @Test func completeOnlyWhenEveryQueuedAccountAndEveryPageItAnnouncedIsThere() {
        let first = "111122223333", second = "444455556666"
        #expect(Self.key(first, 1, queued: 2) == "sweeps/sweep-2026-12-05/pages/111122223333/1+2.json")
        #expect(Self.key(first, 3) == "sweeps/sweep-2026-12-05/pages/111122223333/3.json")
        let all = [Self.key(first, 1, queued: 2), Self.key(first, 2), Self.key(first, 3), Self.key(second, 1)]
        #expect(SweepTally.isComplete(plan: Self.plan, pageKeys: all))
        // A page announced but not yet done, an account not started, a later page before its first.
        #expect(!SweepTally.isComplete(plan: Self.plan, pageKeys: all.filter { $0 != Self.key(first, 3) }))
        #expect(!SweepTally.isComplete(plan: Self.plan, pageKeys: all.filter { $0 != Self.key(second, 1) }))
        #expect(!SweepTally.isComplete(plan: Self.plan, pageKeys: [Self.key(first, 2), Self.key(first, 3), Self.key(second, 1)]))
        // Keys written twice (a redelivery) or that are not page records change nothing.
        #expect(SweepTally.isComplete(plan: Self.plan, pageKeys: all + all + ["sweeps/sweep-2026-12-05/pages/x/notes.txt"]))
        #expect(SweepTally.isComplete(plan: .init(accounts: 0, unreachable: 3), pageKeys: []))
    }

    @Test func aSweepIdBecomesASafeFolder() {
        #expect(SweepTally.folder(sweep: "5e0f8a8e-1c2b-4d3e-9f00-aa11bb22cc33") == "sweeps/5e0f8a8e-1c2b-4d3e-9f00-aa11bb22cc33/")
        // S3 gives `..` no meaning: only the separators and what is not plain ASCII are replaced.
        #expect(SweepTally.folder(sweep: "../../évidence/x y") == "sweeps/.._..__vidence_x_y/")
    }

    static func counts(total: Int, public: Int) -> SweepReport.Counts {
        let json = #"{"total":\#(total),"public":\#(`public`),"cross-account":0,"not-public":\#(total - `public`),"effectivelyPublic":\#(`public`),"exempt":0,"unreadable":0}"#
        return try! JSONDecoder().decode(SweepReport.Counts.self, from: Data(json.utf8))
    }

    @Test func theSummaryAddsUpThePagesAndBecomesAnEventAndMetrics() throws {
        let pages = [SweepTally.PageRecord(account: "111122223333", page: 1, counts: Self.counts(total: 500, public: 2)),
                     SweepTally.PageRecord(account: "111122223333", page: 2, counts: Self.counts(total: 3, public: 0)),
                     SweepTally.PageRecord(account: "444455556666", page: 1, counts: Self.counts(total: 2, public: 1))]
        let summary = SweepTally.summary(sweep: Self.sweep, plan: Self.plan, pages: pages)
        #expect((summary.sweep, summary.accountsSwept, summary.accountsUnreachable, summary.buckets) == (Self.sweep, 2, 1, 505))
        #expect((summary.public, summary.effectivelyPublic, summary.crossAccount, summary.exempt, summary.unreadable) == (3, 3, 0, 0, 0))
        let response = CheckerResponse.sweepBatch(SweepBatchReport(batchItemFailures: [], sweeps: [], sweepsDone: [summary]))
        #expect(response.events.map(\.detailType) == ["Bucket Sweep Done"])
        #expect(response.decisions == ["sweep-done"])
        let line = MetricsLine.invocation(function: "s3-policy-checker", output: response, delivery: nil, calls: 0, retries: 0, durationMs: 1)
        let values = Dictionary(line.metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(values["Sweep.AccountsSwept"] == 2 && values["Sweep.AccountsUnreachable"] == 1)
        #expect(values["Sweep.Buckets"] == 505 && values["Sweep.Public"] == 3 && values["Decision.sweep-done"] == 1)
        // Without a finished sweep: no Sweep.* metric at all.
        let quiet = MetricsLine.invocation(function: "s3-policy-checker", output: CheckerResponse.sweepBatch(
            SweepBatchReport(batchItemFailures: [], sweeps: [])), delivery: nil, calls: 0, retries: 0, durationMs: 1)
        #expect(!quiet.metrics.contains { $0.name.hasPrefix("Sweep.") })
    }
}
