import SecurityEvents
import WatchpostCore
import XCTest
@testable import LoginWatchCore

/// A Kinesis batch from the organization's logs destination: which events are read as one,
/// and how the records' reports become one response.
final class StreamBatchTests: XCTestCase {
    func testOnlyKinesisRecordsAreAStream() throws {
        let record = #"{"kinesis":{"data":"H4sIAAAA","sequenceNumber":"1","partitionKey":"p"},"eventSource":"aws:kinesis"}"#
        guard case .stream(let stream) = try decode(#"{"Records":[\#(record),\#(record)]}"#) else { return XCTFail() }
        XCTAssertEqual(stream.records.count, 2)
        for other in [#"{"Records":[]}"#, #"{"Records":[{"Sns":{"Message":"{}"}}]}"#,
                      #"{"Records":[\#(record),{"messageId":"m","body":"","eventSource":"aws:sqs"}]}"#] {
            guard case .unsupported(let keys) = try decode(other) else { return XCTFail(other) }
            XCTAssertEqual(keys, ["Records"])
        }
    }

    func testRecordsMergeWithAlertedLoginsStillPointingAtTheirLogins() throws {
        func login(_ user: String) -> LoginEntry {
            LoginEntry(line: LoginLine(kind: .ssh, user: user), account: "111122223333", region: "us-east-1", time: "t",
                       production: true, notified: true)
        }
        var first = LoginReport(logins: [login("a"), login("b")], ignored: 1)
        first.alerted = [1]
        var second = LoginReport(logins: [login("c")], ignored: 2, notifications: [AlertDelivery(.slack, .done, "ok")])
        second.alerted = [0]
        let merged = LoginReport.merging([first, second], failures: [BatchItemFailure(itemIdentifier: "7")])
        XCTAssertEqual(merged.logins.map(\.line.user), ["a", "b", "c"])
        XCTAssertEqual(merged.alerted.map { merged.logins[$0].line.user }, ["b", "c"])
        XCTAssertEqual(merged.ignored, 3)
        XCTAssertEqual(merged.notifications.count, 1)
        XCTAssertEqual(merged.batchItemFailures, [BatchItemFailure(itemIdentifier: "7")])
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(merged)) as! [String: Any]
        XCTAssertEqual(json["batchItemFailures"] as? [[String: String]], [["itemIdentifier": "7"]])
        let direct = try JSONSerialization.jsonObject(with: JSONEncoder().encode(first)) as! [String: Any]
        XCTAssertNil(direct["batchItemFailures"], "a direct subscription's response is today's")
    }

    private func decode(_ json: String) throws -> LoginNotifierEvent {
        try JSONDecoder().decode(LoginNotifierEvent.self, from: Data(json.utf8))
    }
}
