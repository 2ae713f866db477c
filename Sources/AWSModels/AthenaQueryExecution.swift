/// One query as Athena's GetQueryExecution describes it: its text, where it ran, its state and,
/// once it ends, why and what it cost.
public struct AthenaQueryExecution: Sendable, Equatable, Decodable {
    /// QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED.
    public enum State: String, Sendable, Equatable, Decodable {
        case queued = "QUEUED", running = "RUNNING", succeeded = "SUCCEEDED", failed = "FAILED", cancelled = "CANCELLED"
    }

    public var id: String
    /// The query text as it was submitted.
    public var query: String
    public var workGroup: String?
    public var state: State
    /// Athena's sentence on why the state changed ("Query cancelled! : Bytes scanned limit was exceeded", …).
    public var stateChangeReason: String?
    /// `AthenaError.ErrorMessage` of a failed query ("TABLE_NOT_FOUND: … does not exist").
    public var errorMessage: String?
    public var dataScannedInBytes: Int
    public var engineExecutionTimeInMillis: Int

    public init(id: String, query: String, workGroup: String?, state: State, stateChangeReason: String? = nil,
                errorMessage: String? = nil, dataScannedInBytes: Int = 0, engineExecutionTimeInMillis: Int = 0) {
        self.id = id
        self.query = query
        self.workGroup = workGroup
        self.state = state
        self.stateChangeReason = stateChangeReason
        self.errorMessage = errorMessage
        self.dataScannedInBytes = dataScannedInBytes
        self.engineExecutionTimeInMillis = engineExecutionTimeInMillis
    }

    private enum Keys: String, CodingKey {
        case id = "QueryExecutionId", query = "Query", workGroup = "WorkGroup", status = "Status", statistics = "Statistics"
    }
    private enum StatusKeys: String, CodingKey { case state = "State", reason = "StateChangeReason", error = "AthenaError" }
    private enum ErrorKeys: String, CodingKey { case message = "ErrorMessage" }
    private enum StatisticsKeys: String, CodingKey {
        case scanned = "DataScannedInBytes", engine = "EngineExecutionTimeInMillis"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        id = try container.decode(String.self, forKey: .id)
        query = try container.decodeIfPresent(String.self, forKey: .query) ?? ""
        workGroup = try container.decodeIfPresent(String.self, forKey: .workGroup)
        let status = try container.nestedContainer(keyedBy: StatusKeys.self, forKey: .status)
        state = try status.decode(State.self, forKey: .state)
        stateChangeReason = try status.decodeIfPresent(String.self, forKey: .reason)
        errorMessage = try status.contains(.error)
            ? status.nestedContainer(keyedBy: ErrorKeys.self, forKey: .error).decodeIfPresent(String.self, forKey: .message)
            : nil
        let statistics = container.contains(.statistics)
            ? try container.nestedContainer(keyedBy: StatisticsKeys.self, forKey: .statistics) : nil
        dataScannedInBytes = try statistics?.decodeIfPresent(Int.self, forKey: .scanned) ?? 0
        engineExecutionTimeInMillis = try statistics?.decodeIfPresent(Int.self, forKey: .engine) ?? 0
    }
}
