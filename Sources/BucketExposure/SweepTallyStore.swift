import AWSClient
import BucketExposureCore
import FoundationEssentials
import WatchpostCore

/// A fanned-out sweep's records in the evidence bucket (`SweepTally`), written and read with
/// the function's own role: the plan, a record per page of an account's buckets, and the summary
/// the invocation that completes the sweep writes once.
struct SweepTallyStore: Sendable {
    let s3: S3
    let bucket: String
    /// Page records read at once by the invocation that adds them up.
    static let readConcurrency = 8

    func putPlan(_ plan: SweepTally.PlanRecord, sweep: String) async throws {
        try await s3.putObject(bucket, key: SweepTally.planKey(sweep: sweep), body: try Self.json(plan), contentType: "application/json")
    }

    func putPage(_ page: SweepTally.PageRecord, sweep: String, queuedPages: Int) async throws {
        let key = SweepTally.pageKey(sweep: sweep, account: page.account, page: page.page, queuedPages: queuedPages)
        try await s3.putObject(bucket, key: key, body: try Self.json(page), contentType: "application/json")
    }

    /// The sweep's totals when this call completed it; nil while pages are outstanding, when
    /// another invocation wrote the summary first, or when the sweep has no plan record (planned
    /// without a tally: nothing to add up).
    func finishIfComplete(sweep: String) async throws -> SweepTally.Summary? {
        let planned: [UInt8]
        do {
            planned = try await s3.getObject(bucket, key: SweepTally.planKey(sweep: sweep))
        } catch let error as AWSError where error.code == "NoSuchKey" {
            return nil
        }
        let plan = try JSONDecoder().decode(SweepTally.PlanRecord.self, from: Data(planned))
        let keys = try await s3.listObjects(bucket, prefix: SweepTally.pagesFolder(sweep: sweep)).objects.map(\.key)
        guard SweepTally.isComplete(plan: plan, pageKeys: keys) else { return nil }
        let bodies = await keys.concurrentMap(limit: Self.readConcurrency) { key in
            await Result { () async throws in try await s3.getObject(bucket, key: key) }
        }
        let pages = try bodies.map { try JSONDecoder().decode(SweepTally.PageRecord.self, from: Data(try $0.get())) }
        let summary = SweepTally.summary(sweep: sweep, plan: plan, pages: pages)
        let created = try await s3.putObjectIfAbsent(bucket, key: SweepTally.summaryKey(sweep: sweep), body: try Self.json(summary),
                                                     contentType: "application/json")
        return created ? summary : nil
    }

    private static func json(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }

    /// The tally's calls: its own folder of the evidence bucket only.
    static let calls: [AWSCall] = [
        .own(.S3.putObject, on: "arn:{partition}:s3:::{EvidenceBucket}/sweeps/*"),
        .own(.S3.getObject, on: "arn:{partition}:s3:::{EvidenceBucket}/sweeps/*"),
        .own(.S3.listObjectsV2, on: "arn:{partition}:s3:::{EvidenceBucket}", only: "s3:prefix sweeps/*"),
    ]
}
