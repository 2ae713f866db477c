import AWSModels

extension AWSService {
    public static let athena = AWSService("Athena", prefix: "athena", environmentID: "ATHENA",
                                          protocol: .json(targetPrefix: "AmazonAthena", contentType: "application/x-amz-json-1.1"))
}

extension AWSClient {
    public var athena: Athena { Athena(client: self) }
}

/// Athena's query calls: start a query in a workgroup, follow it, read its rows.
public struct Athena: Sendable {
    let client: AWSClient

    private struct StartInput: Encodable {
        let QueryString: String
        let WorkGroup: String
    }
    private struct StartOutput: Decodable { let QueryExecutionId: String }
    private struct ExecutionInput: Encodable { let QueryExecutionId: String }
    private struct ExecutionOutput: Decodable { let QueryExecution: AthenaQueryExecution }
    private struct ResultsInput: Encodable {
        let QueryExecutionId: String
        let NextToken: String?
        let MaxResults: Int
    }

    /// StartQueryExecution (athena:StartQueryExecution) in `workGroup`, whose own configuration
    /// (enforced) says where results go, how they are encrypted and how much a query may scan.
    /// Returns the query execution id.
    public func startQuery(_ query: String, workGroup: String) async throws -> String {
        try await client.json(.athena, operation: "StartQueryExecution",
                              input: StartInput(QueryString: query, WorkGroup: workGroup), as: StartOutput.self).QueryExecutionId
    }

    /// GetQueryExecution (athena:GetQueryExecution): the query's text, state and statistics.
    public func queryExecution(_ id: String) async throws -> AthenaQueryExecution {
        try await client.json(.athena, operation: "GetQueryExecution", input: ExecutionInput(QueryExecutionId: id),
                              as: ExecutionOutput.self).QueryExecution
    }

    /// GetQueryResults (athena:GetQueryResults): one page of at most 1,000 rows (Athena's
    /// limit); the first page of a SELECT starts with the column labels.
    public func resultPage(_ id: String, nextToken: String?) async throws -> AthenaResultPage {
        try await client.json(.athena, operation: "GetQueryResults",
                              input: ResultsInput(QueryExecutionId: id, NextToken: nextToken, MaxResults: 1000),
                              as: AthenaResultPage.self)
    }
}
