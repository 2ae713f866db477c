import XCTest

@testable import AWSClient
import TestSupport

/// The retry path, against a local server that throttles, fails, then answers.
final class RetryTests: XCTestCase {
    static let throttled = (400, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r-1</RequestId></ErrorResponse>")
    static let identity = (200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111122223333</Account><Arn>arn:aws:iam::111122223333:user/t</Arn><UserId>AIDA</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>")

    func client(_ server: ScriptedServer, attempts: Int = 5) throws -> AWSClient {
        try AWSClient(environment: [
            "AWS_ENDPOINT_URL": server.endpoint, "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_REGION": "us-east-1",
            "AWS_MAX_ATTEMPTS": String(attempts), "HOME": "/nonexistent",
        ]).retrying(RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50)))
    }

    func testThrottlingAndServerFaultsAreRetriedUntilSuccess() async throws {
        let server = try ScriptedServer(responses: [Self.throttled, (503, "<Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error>"),
                                                    (429, ""), Self.identity])
        defer { server.stop() }
        let account = try await client(server).callerAccount()
        XCTAssertEqual(account, "111122223333")
        XCTAssertEqual(server.requests.count, 4)
    }

    func testGivesUpAfterMaxAttemptsWithTheLastError() async throws {
        let server = try ScriptedServer(responses: [Self.throttled])
        defer { server.stop() }
        do {
            _ = try await client(server, attempts: 3).sts.getCallerIdentity()
            XCTFail("expected throttling to win")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "Throttling")
            XCTAssertTrue(error.isThrottling)
            XCTAssertEqual(error.requestID, "r-1")
        }
        XCTAssertEqual(server.requests.count, 3)
    }

    func testClientErrorsAreNotRetried() async throws {
        let server = try ScriptedServer(responses: [(403, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>"), Self.identity])
        defer { server.stop() }
        do {
            _ = try await client(server).sts.getCallerIdentity()
            XCTFail("expected AccessDenied")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "AccessDenied")
        }
        XCTAssertEqual(server.requests.count, 1)
    }

    func testNoRetryPastTheDeadline() async throws {
        let server = try ScriptedServer(responses: [Self.throttled, Self.identity])
        defer { server.stop() }
        // Every backoff is exactly 20 s (the jitter fixed at its ceiling): it cannot fit in a
        // deadline 300 ms away, so the client gives up after the first attempt with its error,
        // where a client that slept would send a second request (and get the identity).
        var policy = RetryPolicy(maxAttempts: 10, baseDelay: .seconds(20), maxDelay: .seconds(20))
        policy.jitter = { 1 }
        let patient = try client(server, attempts: 10).retrying(policy)
        do {
            let account = try await patient.until(ContinuousClock().now + .milliseconds(300)).sts.getCallerIdentity()
            XCTFail("retried past the deadline: \(account)")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "Throttling")
        }
        XCTAssertEqual(server.requests.count, 1)
    }

    func testConnectionFaultsAreRetriedThenReportedAsTransport() async throws {
        let port = try FreePort.pick()  // nothing listens there
        let client = try AWSClient(environment: [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:\(port)", "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_REGION": "us-east-1", "HOME": "/nonexistent",
        ]).retrying(RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2)))
        do {
            _ = try await client.sts.getCallerIdentity()
            XCTFail("expected a transport error")
        } catch let error as AWSClientError {
            guard case .transport(let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("127.0.0.1"), why)
        }
    }

    func testJitteredDelaysStayWithinTheirCeiling() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for attempt in 1...8 {
            let ceiling = min(Duration.seconds(1), .milliseconds(100) * (1 << (attempt - 1)))
            for _ in 0..<200 {
                let delay = policy.delay(after: attempt)
                XCTAssertGreaterThanOrEqual(delay, .zero)
                XCTAssertLessThanOrEqual(delay, ceiling)
            }
        }
    }
}
