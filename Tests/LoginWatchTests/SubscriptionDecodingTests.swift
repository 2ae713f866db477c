import XCTest
import SecurityEvents
import Primitives

final class SubscriptionDecodingTests: XCTestCase {
    let json = #"{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"/var/log/secure","logStream":"i-0abc1234def567890","subscriptionFilters":["logins"],"logEvents":[{"id":"37996123456789012345678901234567890123456789012345678901","timestamp":1714557600123,"message":"hello"}]}"#

    func identity(_ bytes: [UInt8]) throws -> [UInt8] { bytes }

    func testDecodesThroughInflate() throws {
        let event = CloudWatchLogsEvent(data: Data(json.utf8).base64EncodedString())
        let data = try event.decode(inflate: identity)
        XCTAssertEqual(data.owner, "111122223333")
        XCTAssertEqual(data.logEvents.first?.id, "37996123456789012345678901234567890123456789012345678901")
        XCTAssertEqual(data.logEvents.first?.timestamp, 1_714_557_600_123)
        XCTAssertFalse(data.isControlMessage)
    }

    /// One log event that cannot be read costs only itself: the others are read, and it is
    /// reported by its position in the batch and why.
    func testAnUnreadableLogEventCostsOnlyItself() throws {
        let batch = #"{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"/var/log/secure","logStream":"i-0abc1234def567890","subscriptionFilters":["logins"],"logEvents":[{"id":"1","timestamp":1714557600123,"message":"first"},{"id":"2","timestamp":1714557600124},{"id":"3","timestamp":1714557600125,"message":42},{"id":"4","timestamp":1714557600126,"message":"last"}]}"#
        let data = try CloudWatchLogsEvent(data: Data(batch.utf8).base64EncodedString()).decode(inflate: identity)
        XCTAssertEqual(data.logEvents.map(\.message), ["first", "last"])
        XCTAssertEqual(data.unreadableLogEvents, [
            CloudWatchLogsData.UnreadableLogEvent(position: 2, reason: #"no "message""#),
            CloudWatchLogsData.UnreadableLogEvent(position: 3, reason: #""message" is not what CloudWatch Logs sends"#)])
    }

    func testControlMessage() throws {
        let control = #"{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1714557600123,"message":"CWL CONTROL MESSAGE: Checking health of destination Lambda function."}]}"#
        let data = try CloudWatchLogsEvent(data: Data(control.utf8).base64EncodedString()).decode(inflate: identity)
        XCTAssertTrue(data.isControlMessage)
    }

    func testErrors() {
        struct NotGzip: Error {}
        XCTAssertThrowsError(try CloudWatchLogsEvent(data: "not base64!").decode(inflate: identity)) { error in
            XCTAssertEqual(error as? CloudWatchLogsDecodingError, .invalidBase64(length: 11))
        }
        XCTAssertThrowsError(try CloudWatchLogsEvent(data: "AAAA").decode(inflate: { _ in throw NotGzip() })) { error in
            guard case .invalidGzip = error as? CloudWatchLogsDecodingError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try CloudWatchLogsEvent(data: Data("{}".utf8).base64EncodedString()).decode(inflate: identity)) { error in
            guard case .invalidJSON = error as? CloudWatchLogsDecodingError else { return XCTFail("\(error)") }
        }
    }
}
