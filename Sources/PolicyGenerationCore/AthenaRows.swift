import AWSModels
import Primitives

/// The rows of an `AthenaQuery`, page by page, into an `Activity`: each row is one shape of the
/// principal's records and how many there were, given to the same `Activity.add` the trail's
/// records go through.
public struct AthenaRows: Sendable {
    let queryID: String
    private let position: [AthenaQuery.Column: Int]
    /// Rows read so far (the column labels excepted).
    public private(set) var count = 0

    /// Finds every column the query names in the first page's metadata.
    public init(queryID: String, columns: [String]) throws(AthenaQueryError) {
        var position: [AthenaQuery.Column: Int] = [:]
        for column in AthenaQuery.Column.allCases {
            guard let index = columns.firstIndex(of: column.rawValue) else {
                throw .unreadableResults(id: queryID, why: "the results have no column \(column.rawValue) (they have: \(columns.joined(separator: ", ")))")
            }
            position[column] = index
        }
        self.queryID = queryID
        self.position = position
    }

    /// One page. The first page of a SELECT's results starts with the column labels.
    public mutating func add(_ page: AthenaResultPage, isFirst: Bool, into activity: inout Activity) {
        var rows = page.rows[...]
        if isFirst, let first = rows.first, first == page.columns.map(Optional.some) { rows = rows.dropFirst() }
        for row in rows {
            count += 1
            switch record(row) {
            case .success(let (record, records)): activity.add(record, count: records)
            case .failure(let unreadable):
                activity.addUnreadable(source: "Athena query \(queryID)", record: count, reason: unreadable.reason)
            }
        }
    }

    struct Unreadable: Error { let reason: String }

    func record(_ row: [String?]) -> Result<(ActivityRecord, Int), Unreadable> {
        func value(_ column: AthenaQuery.Column) -> String? {
            let index = position[column]!
            return index < row.count ? row[index] : nil
        }
        var record = ActivityRecord()
        guard let source = value(.eventSource), let name = value(.eventName), let time = value(.eventTime) else {
            return .failure(Unreadable(reason: "a row without eventsource, eventname or eventtime"))
        }
        guard let records = value(.records).flatMap({ Int($0) }), records > 0 else {
            return .failure(Unreadable(reason: "records is not a positive count: \(value(.records) ?? "null")"))
        }
        record.eventSource = source
        record.eventName = name
        record.eventTime = time
        record.eventType = value(.eventType)
        record.errorCode = value(.errorCode)
        record.errorMessage = value(.notAuthorized) == "true" ? RecordClassifier.notAuthorizedPhrase : nil
        record.awsRegion = value(.awsRegion)
        record.recipientAccountId = value(.recipientAccountId)
        record.identityAccount = value(.identityAccount)
        record.identityARN = value(.identityARN)
        record.issuerARN = value(.issuerARN)
        if let parameters = value(.requestParameters) {
            guard let parsed = try? JSONValue(parsing: parameters) else {
                return .failure(Unreadable(reason: "requestparameters is not JSON"))
            }
            record.requestParameters = parsed
        }
        if let arns = value(.resourceARNs) {
            guard let list = (try? JSONValue(parsing: arns))?.arrayValue else {
                return .failure(Unreadable(reason: "resourcearns is not a JSON list"))
            }
            // A resource without an ARN is a JSON null: the trail reader skips those too.
            record.resourceARNs = list.compactMap(\.stringValue)
        }
        return .success((record, records))
    }
}
