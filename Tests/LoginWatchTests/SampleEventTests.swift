import XCTest
import AWSClient
import SecurityEvents
@testable import LoginWatchCore
@testable import LoginWatch
import Primitives

/// The committed sample events (gzip made by Python's `gzip` module) decoded with AWSClient's
/// inflater and classified.
final class SampleEventTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("events/login-notifier")

    func load(_ name: String) throws -> CloudWatchLogsData {
        let event = try JSONDecoder().decode(CloudWatchLogsEvent.self, from: Data(contentsOf: Self.directory.appendingPathComponent(name)))
        return try event.decode(inflate: { try Gzip.decompress($0) })
    }

    func testSampleEvents() throws {
        let cases: [(String, logins: Int, failures: Int, ignored: Int)] = [
            ("amazon-linux-ssh-logins.json", 2, 3, 2),
            ("debian12-ssh-logins.json", 1, 1, 2),
            ("windows-rdp-logins-xml.json", 2, 1, 1),
            ("windows-rdp-logins-text.json", 1, 1, 1),
        ]
        for (name, logins, failures, ignored) in cases {
            let data = try load(name)
            let verdicts = LoginAssessment.verdicts(data)
            XCTAssertEqual(verdicts.filter { if case .login = $0 { true } else { false } }.count, logins, name)
            XCTAssertEqual(verdicts.filter { if case .failure = $0 { true } else { false } }.count, failures, name)
            XCTAssertEqual(verdicts.filter { $0 == .ignored }.count, ignored, name)
        }
        XCTAssertTrue(try load("control-message.json").isControlMessage)
    }

    func testGzipErrorsAreInvalidGzip() {
        XCTAssertThrowsError(try CloudWatchLogsEvent(data: Data("plain text".utf8).base64EncodedString()).decode(inflate: { try Gzip.decompress($0) })) { error in
            guard case .invalidGzip = error as? CloudWatchLogsDecodingError else { return XCTFail("\(error)") }
        }
    }
}
