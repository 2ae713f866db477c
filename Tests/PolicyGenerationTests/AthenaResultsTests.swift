import Foundation
import Testing
import AWSModels
@testable import PolicyGenerationCore

struct AthenaResultsTests {
    static let columns = AthenaQuery.Column.allCases.map(\.rawValue)

    /// A result row, columns in the query's order.
    static func row(_ values: [AthenaQuery.Column: String?]) -> [String?] {
        AthenaQuery.Column.allCases.map { values[$0] ?? nil }
    }

    static let issuer = TestRecords.roleARN

    static func activity() throws -> Activity {
        Activity(principal: try Principal(arn: TestRecords.roleARN),
                 window: try TimeWindow(start: "2026-11-20", end: "2026-11-21"), regions: nil)
    }

    @Test func rowsAreTheirShapesCountedAndTheLabelRowIsSkipped() throws {
        let page = AthenaResultPage(columns: Self.columns, rows: [
            Self.columns.map(Optional.some),
            Self.row([.eventSource: "s3.amazonaws.com", .eventName: "GetObject", .eventType: "AwsApiCall",
                      .awsRegion: "eu-west-1", .recipientAccountId: TestRecords.account, .issuerARN: Self.issuer,
                      .requestParameters: #"{"bucketName":"b","key":"k"}"#, .resourceARNs: #"["arn:aws:s3:::b/k",null]"#,
                      .eventTime: "2026-11-20T08:00:00Z", .records: "40"]),
            Self.row([.eventSource: "ecs.amazonaws.com", .eventName: "RegisterTaskDefinition", .eventType: "AwsApiCall",
                      .awsRegion: "eu-west-1", .issuerARN: Self.issuer,
                      .requestParameters: #"{"taskRoleArn":"arn:aws:iam::111122223333:role/task"}"#,
                      .eventTime: "2026-11-20T09:00:00Z", .records: "2"]),
            Self.row([.eventSource: "dynamodb.amazonaws.com", .eventName: "GetItem", .errorCode: "SomethingElse",
                      .notAuthorized: "true", .awsRegion: "eu-west-1", .issuerARN: Self.issuer,
                      .eventTime: "2026-11-20T10:00:00Z", .records: "3"]),
        ])
        var activity = try Self.activity()
        var rows = try AthenaRows(queryID: "q-1", columns: page.columns)
        rows.add(page, isFirst: true, into: &activity)
        #expect(rows.count == 3)
        #expect(activity.recordsRead == 45 && activity.recordsMatched == 45)
        #expect(activity.actions == ["ecs:RegisterTaskDefinition", "iam:PassRole", "s3:GetObject"])
        #expect(activity.resources["s3:GetObject"] == ["arn:aws:s3:::b/k"])
        #expect(activity.resources["iam:PassRole"] == ["arn:aws:iam::111122223333:role/task"])
        // "not authorized to perform" in the message: refused, whatever the code.
        #expect(activity.denied == [Activity.Denied(action: "dynamodb:GetItem", errorCode: "SomethingElse"): 3])
    }

    /// A row of count n decides what n identical records decide.
    @Test func aCountedRowIsItsRecords() throws {
        let record = TestRecords.record("sqs.amazonaws.com", "SendMessage", errorCode: "AccessDenied")
        var once = try Self.activity()
        once.add(ActivityRecord(record), count: 3)
        var thrice = try Self.activity()
        for _ in 0..<3 { thrice.add(record) }
        #expect(once.denied == thrice.denied && once.recordsRead == thrice.recordsRead && once.recordsMatched == thrice.recordsMatched)
        let excluded = TestRecords.record("sts.amazonaws.com", "GetCallerIdentity")
        once.add(ActivityRecord(excluded), count: 2)
        #expect(once.excluded == ["no-permission-needed": 2])
    }

    @Test func unreadableRowsAreReportedNotDropped() throws {
        let page = AthenaResultPage(columns: Self.columns, rows: [
            Self.row([.eventSource: "s3.amazonaws.com", .eventName: "GetObject", .eventTime: "2026-11-20T08:00:00Z",
                      .issuerARN: Self.issuer, .requestParameters: "{not json", .records: "1"]),
            Self.row([.eventSource: "s3.amazonaws.com", .eventName: "GetObject", .eventTime: "2026-11-20T08:00:00Z", .records: "many"]),
        ])
        var activity = try Self.activity()
        var rows = try AthenaRows(queryID: "q-1", columns: page.columns)
        rows.add(page, isFirst: true, into: &activity)
        #expect(activity.unreadable.count == 2)
        #expect(activity.unreadable.first.first?.source == "Athena query q-1")
    }

    @Test func resultsWithoutTheQuerysColumnsAreRefused() {
        #expect(throws: AthenaQueryError.unreadableResults(id: "q-1", why: "the results have no column eventsource (they have: a, b)")) {
            try AthenaRows(queryID: "q-1", columns: ["a", "b"])
        }
    }

    static func execution(_ state: AthenaQueryExecution.State, reason: String? = nil, error: String? = nil) -> AthenaQueryExecution {
        AthenaQueryExecution(id: "q-7", query: "SELECT 1", workGroup: "wg", state: state, stateChangeReason: reason, errorMessage: error)
    }

    @Test func aQueryStillGoingIsNotFinishedAndASucceededOneIs() throws {
        #expect(try !AthenaQueryReport.isFinished(Self.execution(.queued)))
        #expect(try !AthenaQueryReport.isFinished(Self.execution(.running)))
        #expect(try AthenaQueryReport.isFinished(Self.execution(.succeeded)))
    }

    @Test func athenasFailuresAreTypedAndNameTheQuery() {
        let cases: [(AthenaQueryExecution, String)] = [
            (Self.execution(.cancelled, reason: "Query cancelled! : Bytes scanned limit was exceeded"), "AthenaScanLimitExceeded"),
            (Self.execution(.cancelled, reason: "Query cancelled by user"), "AthenaQueryCancelled"),
            (Self.execution(.failed, error: "TABLE_NOT_FOUND: line 4:8: Table 'awsdatacatalog.watchpost_trail.cloudtrail' does not exist"),
             "AthenaTableMissing"),
            (Self.execution(.failed, error: "SCHEMA_NOT_FOUND: line 4:8: Schema 'watchpost_trail' does not exist"), "AthenaTableMissing"),
            (Self.execution(.failed, error: "HIVE_INVALID_PARTITION_VALUE: Invalid partition value 'x' for DATE partition key"),
             "AthenaPartitionUnavailable"),
            (Self.execution(.failed, reason: "INTERNAL_ERROR_QUERY_ENGINE"), "AthenaQueryFailed"),
            (Self.execution(.failed), "AthenaQueryFailed"),
        ]
        for (execution, errorType) in cases {
            do {
                _ = try AthenaQueryReport.isFinished(execution)
                Issue.record("\(execution.state) should throw \(errorType)")
            } catch {
                #expect(error.errorType == errorType)
                #expect(error.errorMessage.contains("q-7"))
            }
        }
    }

    @Test func costIsFiveDollarsATerabyteAtLeastTenMegabytes() {
        #expect(AthenaQueryReport.estimatedCost(bytesScanned: 0) == 0)
        #expect(AthenaQueryReport.estimatedCost(bytesScanned: 1) == Decimal(string: "0.00005"))
        #expect(AthenaQueryReport.estimatedCost(bytesScanned: 25_000_001) == Decimal(string: "0.00013"))
        #expect(AthenaQueryReport.estimatedCost(bytesScanned: 1_000_000_000_000) == 5)
    }

    @Test func athenasAnswersDecode() throws {
        let execution = try JSONDecoder().decode(AthenaQueryExecution.self, from: Data(#"""
            {"QueryExecutionId": "q-7", "Query": "SELECT 1", "WorkGroup": "wg",
             "Status": {"State": "FAILED", "StateChangeReason": "why", "AthenaError": {"ErrorCategory": 2, "ErrorType": 1301, "ErrorMessage": "TABLE_NOT_FOUND"}},
             "Statistics": {"DataScannedInBytes": 12345, "EngineExecutionTimeInMillis": 678}}
            """#.utf8))
        #expect(execution == AthenaQueryExecution(id: "q-7", query: "SELECT 1", workGroup: "wg", state: .failed, stateChangeReason: "why",
                                                  errorMessage: "TABLE_NOT_FOUND", dataScannedInBytes: 12345, engineExecutionTimeInMillis: 678))
        let page = try JSONDecoder().decode(AthenaResultPage.self, from: Data(#"""
            {"ResultSet": {"Rows": [{"Data": [{"VarCharValue": "a"}, {}]}], "ResultSetMetadata": {"ColumnInfo": [{"Name": "x"}, {"Name": "y"}]}},
             "NextToken": "t2"}
            """#.utf8))
        #expect(page == AthenaResultPage(columns: ["x", "y"], rows: [["a", nil]], nextToken: "t2"))
    }

    @Test func aPendingQuerySaysHowToResume() throws {
        let request = try AthenaQueryTests.request()
        let pending = PendingQuery(request: request, query: AthenaQueryReport(Self.execution(.running)))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(PolicyResponse.pending(pending))) as! [String: Any]
        #expect(json["status"] as? String == "query-running" && json["source"] as? String == "athena")
        #expect(json["resume"] as? [String: String] == ["queryExecutionId": "q-7"])
        #expect(json["policy"] == nil)
        #expect((json["query"] as? [String: Any])?["state"] as? String == "RUNNING")
        // A schedule answers its finished principals and lists the pending ones beside them.
        let schedule = try JSONSerialization.jsonObject(with: JSONEncoder().encode(PolicyResponse.scheduled([], pending: [pending]))) as! [String: Any]
        #expect((schedule["results"] as? [Any])?.isEmpty == true && (schedule["pending"] as? [Any])?.count == 1)
        let none = try JSONSerialization.jsonObject(with: JSONEncoder().encode(PolicyResponse.scheduled([], pending: []))) as! [String: Any]
        #expect(none["pending"] == nil)
        #expect(PolicyResponse.pending(pending).findings.isEmpty && PolicyResponse.pending(pending).logFields["queryExecutionId"] == "q-7")
    }
}
