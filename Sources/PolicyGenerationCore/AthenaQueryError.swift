import LambdaRuntime

/// What stops an Athena read: configuration, a value that may not go into SQL, and the
/// query's own failures, each naming the query execution id when there is one.
public enum AthenaQueryError: Error, Equatable, Sendable {
    /// ATHENA_WORKGROUP, ATHENA_DATABASE or ATHENA_TABLE missing or not a plain name.
    case notConfigured(String)
    /// A value that could change the query's meaning: refused, never escaped.
    case unsafeValue(what: String, value: String)
    /// A resumed id that names a query this request would not have sent.
    case queryMismatch(id: String, why: String)
    case failed(id: String, reason: String)
    case cancelled(id: String, reason: String)
    /// The workgroup's per-query bytes-scanned limit cancelled it.
    case scanLimitExceeded(id: String, reason: String)
    /// The CloudTrail table or its database is not in the catalog.
    case tableMissing(id: String, reason: String)
    /// A partition the query needs could not be projected or read.
    case partitionUnavailable(id: String, reason: String)
    /// Athena kept answering "slow down" past the client's retries.
    case throttled(id: String?, message: String)
    /// Any other failed call (access denied, unknown id, the deadline).
    case callFailed(id: String?, message: String)
    /// Results without the columns the query names.
    case unreadableResults(id: String, why: String)
}

extension AthenaQueryError: LambdaFunctionError {
    public var errorType: String {
        switch self {
        case .notConfigured: "AthenaNotConfigured"
        case .unsafeValue: "UnsafeQueryValue"
        case .queryMismatch: "AthenaQueryMismatch"
        case .failed: "AthenaQueryFailed"
        case .cancelled: "AthenaQueryCancelled"
        case .scanLimitExceeded: "AthenaScanLimitExceeded"
        case .tableMissing: "AthenaTableMissing"
        case .partitionUnavailable: "AthenaPartitionUnavailable"
        case .throttled: "AthenaThrottled"
        case .callFailed: "AthenaCallFailed"
        case .unreadableResults: "AthenaResultsUnreadable"
        }
    }

    public var errorMessage: String {
        switch self {
        case .notConfigured(let why): why
        case .unsafeValue(let what, let value): "refusing to put \(what) \"\(value)\" into an Athena query"
        case .queryMismatch(let id, let why): "query \(id) was not started for this request: \(why)"
        case .failed(let id, let reason): "query \(id) failed: \(reason)"
        case .cancelled(let id, let reason): "query \(id) was cancelled: \(reason)"
        case .scanLimitExceeded(let id, let reason):
            "query \(id) hit the workgroup's bytes-scanned limit: \(reason) (narrow the window or the regions, or raise the limit)"
        case .tableMissing(let id, let reason): "query \(id): the CloudTrail table is missing: \(reason)"
        case .partitionUnavailable(let id, let reason): "query \(id): a partition could not be read: \(reason)"
        case .throttled(let id, let message): "\(Self.naming(id))Athena is throttling: \(message)\(Self.resumable(id))"
        case .callFailed(let id, let message): "\(Self.naming(id))\(message)\(Self.resumable(id))"
        case .unreadableResults(let id, let why): "query \(id): \(why)"
        }
    }

    private static func naming(_ id: String?) -> String {
        id.map { "query \($0): " } ?? ""
    }

    /// A started query keeps running and keeps its results: the caller can pick it up.
    private static func resumable(_ id: String?) -> String {
        id.map { " (the query and its results stay in Athena: send the same event with \"queryExecutionId\": \"\($0)\")" } ?? ""
    }
}
