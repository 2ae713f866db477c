import PolicyGenerationCore
import FoundationEssentials
import WatchpostCore

/// Reads the principal's activity from a trail's files on every core the invocation has:
/// each file is fetched, inflated and scanned by its own task with its own evaluator, several
/// at once, and what each contributes is added to the `Activity` in the files' order, so the
/// answer is the one a single reader gives. Memory: the files in flight and the aggregates.
struct TrailReader {
    let store: any TrailStore
    var filesInFlight = Self.filesInFlight(cores: ProcessInfo.processInfo.activeProcessorCount,
                                           memoryMB: ProcessInfo.processInfo.environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"].flatMap { Int($0) })

    /// Files fetched and read at once: two per core, so a core scans one file while the next is
    /// still arriving; and in Lambda no more than one per 128 MB of the function's memory (a
    /// file in flight holds itself gzipped, inflated, and its records' contributions; CloudTrail
    /// writes files of a few MB, so this leaves room to spare).
    static func filesInFlight(cores: Int, memoryMB: Int?) -> Int {
        let byCores = 2 * max(cores, 1)
        guard let memoryMB else { return byCores }
        return max(1, min(byCores, memoryMB / 128))
    }

    /// `[<prefix>/]AWSLogs/[o-…/]<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/`, only the
    /// window's days (plus one) and the requested regions (plus us-east-1). Returns how many
    /// log files were read.
    func read(_ request: PolicyRequest, into activity: inout Activity) async throws(ActivitySources.Failure) -> Int {
        let root = TrailLayout.logsRoot(trailPrefix: request.trailPrefix)
        let accountRoots = TrailLayout.accountRoots(
            logsRoot: root, children: try await store.folders(under: root), account: request.principal.account)
        let reader = TrailFileReader(principal: request.principal)
        let evaluator = activity.evaluator
        let store = store
        var files = 0
        for accountRoot in accountRoots {
            let found = request.regions == nil
                ? try await store.folders(under: accountRoot).map { String($0.dropFirst(accountRoot.count).dropLast()) }
                : []
            let regions = TrailLayout.regions(requested: request.regions, found: found)
            for prefix in TrailLayout.dayPrefixes(accountRoot: accountRoot, regions: regions, window: request.window) {
                let keys = try await store.files(in: prefix).filter(TrailLayout.isLogFile)
                try await keys.concurrentForEach(limit: filesInFlight, { key in
                    var evaluator = evaluator
                    return await Result { () async throws(ActivitySources.Failure) in
                        reader.read(gzipped: try await store.contents(of: key), source: store.source(of: key), evaluator: &evaluator)
                    }
                }, inOrder: { (file: Result<TrailFileActivity, ActivitySources.Failure>) throws(ActivitySources.Failure) in
                    activity.add(try file.get())
                })
                files += keys.count
            }
        }
        return files
    }
}
