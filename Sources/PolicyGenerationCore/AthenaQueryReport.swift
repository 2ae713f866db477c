import AWSModels
import FoundationEssentials

/// The response's `query`: which Athena query read the activity, where it stands, what it
/// scanned and what that costs.
public struct AthenaQueryReport: Sendable, Equatable, Encodable {
    public let id: String
    public let state: String
    public let bytesScanned: Int
    /// At Athena's $5 per TB scanned, each query billed at least 10 MB, rounded up to the MB.
    public let estimatedCostUSD: Decimal
    public let engineTimeMs: Int
    /// The distinct shapes read (rows of the result): set once they are.
    public var rows: Int?

    public init(_ execution: AthenaQueryExecution) {
        id = execution.id
        state = execution.state.rawValue
        bytesScanned = execution.dataScannedInBytes
        estimatedCostUSD = Self.estimatedCost(bytesScanned: execution.dataScannedInBytes)
        engineTimeMs = execution.engineExecutionTimeInMillis
    }

    static func estimatedCost(bytesScanned: Int) -> Decimal {
        guard bytesScanned > 0 else { return 0 }
        let megabytes = max(10, (bytesScanned + 999_999) / 1_000_000)
        // $5 per TB is $5 per million MB: five micro-dollars a megabyte, exact in Decimal.
        return Decimal(megabytes * 5) / 1_000_000
    }

    /// Whether the query has finished with rows to read (false while queued or running); a
    /// failed or cancelled query is its typed error, naming the query and Athena's reason.
    public static func isFinished(_ execution: AthenaQueryExecution) throws(AthenaQueryError) -> Bool {
        let reason = execution.errorMessage ?? execution.stateChangeReason ?? "Athena gave no reason"
        let lowered = reason.lowercased()
        switch execution.state {
        case .queued, .running:
            return false
        case .succeeded:
            return true
        case .cancelled, .failed:
            // "Query cancelled! : Bytes scanned limit was exceeded": the workgroup's BytesScannedCutoffPerQuery.
            if lowered.contains("scanned limit") { throw .scanLimitExceeded(id: execution.id, reason: reason) }
            if execution.state == .cancelled { throw .cancelled(id: execution.id, reason: reason) }
            if reason.contains("TABLE_NOT_FOUND") || reason.contains("SCHEMA_NOT_FOUND") || lowered.contains("does not exist") {
                throw .tableMissing(id: execution.id, reason: reason)
            }
            if lowered.contains("partition") { throw .partitionUnavailable(id: execution.id, reason: reason) }
            throw .failed(id: execution.id, reason: reason)
        }
    }
}
