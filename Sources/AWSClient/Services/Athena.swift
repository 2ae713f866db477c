import AWSModels

extension AWSService {
    public static let athena = AWSService("Athena", prefix: "athena", environmentID: "ATHENA",
                                          protocol: .json(targetPrefix: "AmazonAthena", contentType: "application/x-amz-json-1.1"))
    /// Only declared: Athena reads a table's definition from Glue with the caller's credentials.
    public static let glue = AWSService("Glue", prefix: "glue", environmentID: "GLUE",
                                        protocol: .json(targetPrefix: "AWSGlue", contentType: "application/x-amz-json-1.1"))
}

extension AWSClient {
    public var athena: Athena { Athena(client: self) }
}

extension AWSOperation {
    public enum Athena {
        public static let startQueryExecution = AWSOperation(.athena, "StartQueryExecution", iam: ["athena:StartQueryExecution"])
        public static let getQueryExecution = AWSOperation(.athena, "GetQueryExecution", iam: ["athena:GetQueryExecution"])
        public static let getQueryResults = AWSOperation(.athena, "GetQueryResults", iam: ["athena:GetQueryResults"])
    }

    /// What Athena itself calls, with the caller's credentials, to run a query: the table's
    /// definition from Glue, and the results it writes (in parts) and reads back from S3. No code
    /// here sends these; a role that queries must allow them.
    public enum AthenaOnBehalf {
        public static let glueGetDatabase = AWSOperation(.glue, "GetDatabase", iam: ["glue:GetDatabase"])
        public static let glueGetTable = AWSOperation(.glue, "GetTable", iam: ["glue:GetTable"])
        public static let glueGetPartitions = AWSOperation(.glue, "GetPartitions", iam: ["glue:GetPartitions"])
        public static let resultsBucketReads = AWSOperation(.s3, "ListMultipartUploads", iam: ["s3:ListBucketMultipartUploads"])
        public static let resultsUploads = AWSOperation(.s3, "MultipartUpload",
                                                        iam: ["s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"])
    }
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
        try await client.json(.Athena.startQueryExecution,
                              input: StartInput(QueryString: query, WorkGroup: workGroup), as: StartOutput.self).QueryExecutionId
    }

    /// GetQueryExecution (athena:GetQueryExecution): the query's text, state and statistics.
    public func queryExecution(_ id: String) async throws -> AthenaQueryExecution {
        try await client.json(.Athena.getQueryExecution, input: ExecutionInput(QueryExecutionId: id),
                              as: ExecutionOutput.self).QueryExecution
    }

    /// GetQueryResults (athena:GetQueryResults): one page of at most 1,000 rows (Athena's
    /// limit); the first page of a SELECT starts with the column labels.
    public func resultPage(_ id: String, nextToken: String?) async throws -> AthenaResultPage {
        try await client.json(.Athena.getQueryResults,
                              input: ResultsInput(QueryExecutionId: id, NextToken: nextToken, MaxResults: 1000),
                              as: AthenaResultPage.self)
    }
}
