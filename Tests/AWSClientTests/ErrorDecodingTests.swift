import XCTest

@testable import AWSClient
import TestSupport
import Primitives

/// One reader for every error encoding AWS uses.
final class ErrorDecodingTests: XCTestCase {
    func decode(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> AWSError {
        ErrorDecoding.error(from: HTTPResponse(status: status, headers: headers, body: Array(body.utf8)), service: "X", operation: "Op")
    }

    func testJSONWithQualifiedType() {
        let error = decode(400, #"{"__type":"com.amazonaws.cloudtrail.v20131101#ThrottlingException","message":"Rate exceeded"}"#,
                           headers: [("x-amzn-RequestId", "abc")])
        XCTAssertEqual(error.code, "ThrottlingException")
        XCTAssertEqual(error.message, "Rate exceeded")
        XCTAssertEqual(error.requestID, "abc")
        XCTAssertTrue(error.isThrottling)
    }

    func testJSONCodeOnlyInHeader() {
        let error = decode(400, #"{"Message":"bad"}"#, headers: [("X-Amzn-ErrorType", "ValidationException:http://internal.amazon.com/")])
        XCTAssertEqual(error.code, "ValidationException")
        XCTAssertEqual(error.message, "bad")
    }

    func testQueryXML() {
        let error = decode(403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>4f1</RequestId></ErrorResponse>")
        XCTAssertEqual(error.code, "InvalidClientTokenId")
        XCTAssertEqual(error.requestID, "4f1")
        XCTAssertFalse(error.isThrottling)
    }

    func testEC2XML() {
        let error = decode(400, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID 'i-1' does not exist</Message></Error></Errors><RequestID>ea9</RequestID></Response>")
        XCTAssertEqual(error.code, "InvalidInstanceID.NotFound")
        XCTAssertEqual(error.requestID, "ea9")
        XCTAssertEqual(decode(503, "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>slow</Message></Error></Errors></Response>").isThrottling, true)
    }

    func testS3XMLAndBodylessResponses() {
        let error = decode(404, "<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message><BucketName>b</BucketName><RequestId>R1</RequestId></Error>",
                           headers: [("x-amz-request-id", "R1")])
        XCTAssertEqual(error.code, "NoSuchBucketPolicy")
        XCTAssertEqual(decode(404, "").code, "NotFound")
        XCTAssertEqual(decode(403, "").code, "AccessDenied")
        XCTAssertEqual(decode(503, "<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>").isThrottling, true)
    }

    func testGarbageBodyStillGivesAnError() {
        let error = decode(500, "<<<not xml")
        XCTAssertEqual(error.code, "InternalError")
        XCTAssertTrue(error.isRetryable)
    }
}
