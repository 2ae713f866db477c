import AWSClient
import FoundationEssentials
import PolicyGenerationCore

/// Reads a principal's activity with Athena: starts the query (or picks up the one a previous
/// invocation started), waits while the invocation can afford to, and reads every page of
/// rows into the `Activity`. A query still running near the deadline is handed back, not lost.
struct AthenaActivity {
    let athena: Athena
    let table: AthenaTable

    enum Outcome {
        /// The rows are in the activity; `pages` of results were read.
        case finished(AthenaQueryReport, pages: Int)
        /// Still queued or running: the caller answers with a `PendingQuery`.
        case running(AthenaQueryReport)
    }

    /// Time kept back from waiting, to read the rows and finish the report after: a quarter of
    /// what is left when waiting starts, at most a minute.
    static func reserve(remaining: Duration) -> Duration {
        min(.seconds(60), remaining / 4)
    }

    /// Starts the request's query; returns its id.
    func start(_ request: PolicyRequest) async throws -> String {
        let query = try AthenaQuery(request: request, table: table)
        return try await call(nil) { try await athena.startQuery(query.text, workGroup: table.workGroup) }
    }

    func read(_ request: PolicyRequest, into activity: inout Activity, deadline: ContinuousClock.Instant) async throws -> Outcome {
        let id: String
        if let resumed = request.queryExecutionId {
            id = resumed
            let query = try AthenaQuery(request: request, table: table)
            try query.check(resuming: try await call(id) { try await athena.queryExecution(resumed) }, workGroup: table.workGroup)
        } else {
            id = try await start(request)
        }
        let reserve = Self.reserve(remaining: ContinuousClock.now.duration(to: deadline))
        var wait = Duration.milliseconds(250)
        while true {
            let execution = try await call(id) { try await athena.queryExecution(id) }
            if try AthenaQueryReport.isFinished(execution) {
                var report = AthenaQueryReport(execution)
                let (rows, pages) = try await readRows(id, into: &activity)
                report.rows = rows
                return .finished(report, pages: pages)
            }
            guard ContinuousClock.now + wait + reserve < deadline else { return .running(AthenaQueryReport(execution)) }
            try await Task.sleep(for: wait)
            wait = min(wait * 2, .seconds(5))
        }
    }

    /// Every page, following NextToken; returns the rows and pages read.
    private func readRows(_ id: String, into activity: inout Activity) async throws -> (rows: Int, pages: Int) {
        var rows: AthenaRows?
        var token: String?
        var pages = 0
        repeat {
            let page = try await call(id) { try await athena.resultPage(id, nextToken: token) }
            if rows == nil { rows = try AthenaRows(queryID: id, columns: page.columns) }
            rows?.add(page, isFirst: pages == 0, into: &activity)
            token = page.nextToken
            pages += 1
        } while token != nil
        return (rows?.count ?? 0, pages)
    }

    /// An Athena call whose failure becomes an `AthenaQueryError` naming the query.
    private func call<T>(_ id: String?, _ body: () async throws -> T) async throws(AthenaQueryError) -> T {
        do {
            return try await body()
        } catch let error as AWSError where error.isThrottling {
            throw .throttled(id: id, message: error.description)
        } catch {
            throw .callFailed(id: id, message: ActivitySources.readable(error))
        }
    }
}

/// What `"source": "athena"` calls: the query in the stack's workgroup, and what Athena does with
/// the function's credentials to run it (the table from Glue, the trail's files as
/// `ActivitySources.trailBucketCalls` reads them, the results in the workgroup's bucket).
extension AthenaActivity {
    static let calls: [AWSCall] = {
        let workgroup = "arn:{partition}:athena:{region}:{account}:workgroup/{TrailWorkGroup}"
        let glue = "arn:{partition}:glue:{region}:{account}:table/{TrailDatabase}/{TrailTable}"
        let results = "arn:{partition}:s3:::{AthenaResultsBucket}"
        return [
            .own(.Athena.startQueryExecution, on: workgroup), .own(.Athena.getQueryExecution, on: workgroup),
            .own(.Athena.getQueryResults, on: workgroup),
            .own(.AthenaOnBehalf.glueGetDatabase, on: glue), .own(.AthenaOnBehalf.glueGetTable, on: glue),
            .own(.AthenaOnBehalf.glueGetPartitions, on: glue),
            .own(.S3.getBucketLocation, on: results), .own(.S3.listObjectsV2, on: results),
            .own(.AthenaOnBehalf.resultsBucketReads, on: results),
            .own(.S3.getObject, on: results + "/results/*"), .own(.S3.putObject, on: results + "/results/*"),
            .own(.AthenaOnBehalf.resultsUploads, on: results + "/results/*"),
        ] + ActivitySources.trailBucketCalls
    }()
}
