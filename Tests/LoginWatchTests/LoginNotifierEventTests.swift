import XCTest
import SecurityEvents
@testable import LoginWatchCore
@testable import LoginWatch

final class LoginNotifierEventTests: XCTestCase {
    func decode(_ json: String) throws -> LoginNotifierEvent {
        try JSONDecoder().decode(LoginNotifierEvent.self, from: Data(json.utf8))
    }

    func testShapes() throws {
        guard case .logs(let logs) = try decode(#"{"awslogs":{"data":"H4sIAAAA"}}"#) else { return XCTFail() }
        XCTAssertEqual(logs.awslogs.data, "H4sIAAAA")

        let url = #"{"version":"2.0","rawPath":"/","headers":{"X-Slack-Signature":"v0=ab","content-type":"application/x-www-form-urlencoded"},"requestContext":{"http":{"method":"POST","sourceIp":"198.51.100.200"},"timeEpoch":1714557705123},"body":"cGF5bG9hZD0lN0IlN0Q=","isBase64Encoded":true}"#
        guard case .functionURL(let request) = try decode(url) else { return XCTFail() }
        XCTAssertEqual(request.header("x-slack-signature"), "v0=ab")
        XCTAssertEqual(request.rawBody.map { String(decoding: $0, as: UTF8.self) }, "payload=%7B%7D")
        XCTAssertEqual(request.requestContext.http.method, "POST")

        let plain = #"{"version":"2.0","requestContext":{"http":{"method":"GET"}},"body":"a=1","isBase64Encoded":false}"#
        guard case .functionURL(let get) = try decode(plain) else { return XCTFail() }
        XCTAssertEqual(get.rawBody, Array("a=1".utf8))

        let badBase64 = #"{"version":"2.0","requestContext":{"http":{"method":"POST"}},"body":"%%%","isBase64Encoded":true}"#
        guard case .functionURL(let bad) = try decode(badBase64) else { return XCTFail() }
        XCTAssertNil(bad.rawBody)
    }

    func testUnsupportedAndMalformed() throws {
        guard case .unsupported(let keys) = try decode(#"{"Records":[],"detail":{}}"#) else { return XCTFail() }
        XCTAssertEqual(keys, ["Records", "detail"])
        guard case .unsupported(let none) = try decode("[1,2]") else { return XCTFail() }
        XCTAssertEqual(none, [])
        guard case .malformed = try decode(#"{"awslogs":{"data":42}}"#) else { return XCTFail() }
        guard case .malformed = try decode(#"{"version":"2.0","requestContext":{}}"#) else { return XCTFail() }
    }

    func testOutputEncodesEitherShape() throws {
        let http = try JSONSerialization.jsonObject(with: JSONEncoder().encode(
            LoginNotifierOutput.http(FunctionURLResponse(statusCode: 401, headers: ["content-type": "application/json"], body: "{}")))) as! [String: Any]
        XCTAssertEqual(Set(http.keys), ["statusCode", "headers", "body"])
        let report = try JSONSerialization.jsonObject(with: JSONEncoder().encode(LoginNotifierOutput.report(LoginReport()))) as! [String: Any]
        XCTAssertEqual(Set(report.keys), ["logins", "failures", "ignored", "notifications"])
    }
}
