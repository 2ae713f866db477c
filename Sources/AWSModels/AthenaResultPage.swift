/// One page of GetQueryResults: the column names and the rows, each value as Athena renders it
/// as text (nil for SQL NULL, which Athena sends as a datum without `VarCharValue`).
public struct AthenaResultPage: Sendable, Equatable, Decodable {
    public var columns: [String]
    public var rows: [[String?]]
    public var nextToken: String?

    public init(columns: [String], rows: [[String?]], nextToken: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.nextToken = nextToken
    }

    private struct Datum: Decodable { let VarCharValue: String? }
    private struct Row: Decodable { let Data: [Datum]? }
    private struct Column: Decodable { let Name: String? }
    private struct Metadata: Decodable { let ColumnInfo: [Column]? }
    private struct ResultSet: Decodable {
        let Rows: [Row]?
        let ResultSetMetadata: Metadata?
    }
    private enum Keys: String, CodingKey { case resultSet = "ResultSet", nextToken = "NextToken" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let set = try container.decodeIfPresent(ResultSet.self, forKey: .resultSet)
        columns = (set?.ResultSetMetadata?.ColumnInfo ?? []).map { $0.Name ?? "" }
        rows = (set?.Rows ?? []).map { ($0.Data ?? []).map(\.VarCharValue) }
        nextToken = try container.decodeIfPresent(String.self, forKey: .nextToken)
    }
}
