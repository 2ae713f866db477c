import XCTest
@testable import LoginWatchCore
@testable import LoginWatch

final class SlackCallbackTests: XCTestCase {
    typealias V = SlackVectors
    let body = Array(V.disownBody.utf8)

    func testKnownVectors() {
        XCTAssertEqual(SlackSignature.sign(secret: V.secret, timestamp: V.timestamp, body: body), V.disownSignature)
        XCTAssertEqual(SlackSignature.sign(secret: Array("key".utf8), timestamp: "1", body: []), V.emptyBodySignature)
        XCTAssertNil(SlackSignature.verify(signature: V.disownSignature, timestamp: V.timestamp, body: body, secret: V.secret, now: V.now))
    }

    func testTimestampWindow() {
        for (offset, accepted) in [(0, true), (300, true), (-300, true), (301, false), (-301, false), (86_400, false)] as [(Int64, Bool)] {
            let verdict = SlackSignature.verify(signature: V.disownSignature, timestamp: V.timestamp, body: body,
                                                secret: V.secret, now: V.now + offset)
            if accepted { XCTAssertNil(verdict, "\(offset)") } else { XCTAssertEqual(verdict, .stale(skewSeconds: offset)) }
        }
    }

    func testForgeries() {
        var tampered = body
        tampered[tampered.count - 5] ^= 0x01
        let cases: [(String?, String?, [UInt8], [UInt8], SlackSignature.Rejection)] = [
            (V.disownSignature, V.timestamp, tampered, V.secret, .badSignature),
            (V.disownSignature, V.timestamp, body + [0x20], V.secret, .badSignature),
            (V.disownSignature, V.timestamp, body, Array("another-secret".utf8), .badSignature),
            (V.disownSignature, "1714557704", body, V.secret, .badSignature),  // signature bound to its timestamp
            (V.disownSignature.uppercased(), V.timestamp, body, V.secret, .badSignature),
            ("v1=" + V.disownSignature.dropFirst(3), V.timestamp, body, V.secret, .badSignature),
            (String(V.disownSignature.dropLast()), V.timestamp, body, V.secret, .badSignature),
            ("", V.timestamp, body, V.secret, .badSignature),
            (nil, V.timestamp, body, V.secret, .missingHeaders),
            (V.disownSignature, nil, body, V.secret, .missingHeaders),
            (V.disownSignature, "1714557705.5", body, V.secret, .malformedTimestamp),
            (V.disownSignature, "-1", body, V.secret, .malformedTimestamp),
            (V.disownSignature, "99999999999999999999", body, V.secret, .malformedTimestamp),
        ]
        for (signature, timestamp, body, secret, rejection) in cases {
            XCTAssertEqual(SlackSignature.verify(signature: signature, timestamp: timestamp, body: body, secret: secret, now: V.now),
                           rejection, "\(signature ?? "nil") \(timestamp ?? "nil")")
        }
    }

    func testConstantTimeEqual() {
        XCTAssertTrue(SlackSignature.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(SlackSignature.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(SlackSignature.constantTimeEqual([1, 2, 3], [1, 2]))
        XCTAssertTrue(SlackSignature.constantTimeEqual([], []))
    }

    func testReplayGuard() async {
        let guardian = ReplayGuard()
        let admitted = await guardian.admit("v0=aa", timestamp: 1000, now: 1000)
        XCTAssertTrue(admitted)
        let replay = await guardian.admit("v0=aa", timestamp: 1000, now: 1200)
        XCTAssertFalse(replay)
        let other = await guardian.admit("v0=bb", timestamp: 1000, now: 1200)
        XCTAssertTrue(other)
        // Long after the window the entry is forgotten (the timestamp check refuses it anyway).
        let late = await guardian.admit("v0=aa", timestamp: 1000, now: 1000 + 601)
        XCTAssertTrue(late)
    }

    func testDisownOpensIncident() throws {
        guard case .disowned(let login, let incident, let reply, let responseURL) = try SlackInteraction.decide(body: body) else {
            return XCTFail("expected an incident")
        }
        XCTAssertEqual(login, LoginReference(instanceId: "i-0abc1234def567890", instanceName: "web-1", account: "111122223333",
                                             region: "us-east-1", user: "ec2-user", sourceIp: "203.0.113.7", time: "2024-05-01T10:00:00.000Z"))
        XCTAssertEqual(incident.instanceId, "i-0abc1234def567890")
        XCTAssertTrue(incident.reason.contains("ec2-user"), incident.reason)
        XCTAssertTrue(incident.reason.contains("203.0.113.7"), incident.reason)
        XCTAssertTrue(incident.reason.contains("alice (U0EXAMPLE1)"), incident.reason)
        XCTAssertTrue(reply.contains("incident"), reply)
        XCTAssertEqual(responseURL, "https://hooks.slack.com/actions/T0EXAMPLE/1234567890/EXAMPLEexampleEXAMPLE")
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(incident)) as? [String: String]
        XCTAssertEqual(Set(encoded?.keys ?? [:].keys), ["instanceId", "reason"])
    }

    func testConfirmReminds() throws {
        guard case .confirmed(let login, let reply, _) = try SlackInteraction.decide(body: Array(V.confirmBody.utf8)) else {
            return XCTFail("expected a confirmation")
        }
        XCTAssertEqual(login.instanceId, "i-0abc1234def567890")
        XCTAssertTrue(reply.contains("production"), reply)
    }

    func testBadPayloads() {
        XCTAssertThrowsError(try SlackInteraction.decide(body: Array(V.badInstanceBody.utf8))) { error in
            XCTAssertEqual(error as? SlackInteraction.PayloadError, .invalidInstanceId("i-0abc; rm -rf"))
        }
        XCTAssertThrowsError(try SlackInteraction.decide(body: Array("token=x".utf8))) { error in
            XCTAssertEqual(error as? SlackInteraction.PayloadError, .noPayload)
        }
        XCTAssertThrowsError(try SlackInteraction.decide(body: Array("payload=%7Bnot".utf8))) { error in
            XCTAssertEqual(error as? SlackInteraction.PayloadError, .invalidJSON)
        }
        XCTAssertEqual(try SlackInteraction.decide(body: Array(V.otherActionBody.utf8)),
                       .unrelated("interaction block_actions without a login button"))
    }

    func testInstanceIds() {
        for valid in ["i-0abc1234", "i-0abc1234def567890"] { XCTAssertTrue(LoginReference.isInstanceId(valid), valid) }
        for invalid in ["", "i-", "i-0ABC1234", "i-0abc123", "i-0abc1234def56789", "x-0abc1234", "i-0abc123g"] {
            XCTAssertFalse(LoginReference.isInstanceId(invalid), invalid)
        }
    }

    func testFormDecoding() {
        XCTAssertEqual(FormEncoding.fields("a=1+2&b=%7B%22x%22%7D&c&d=%E2%9C%93"), ["a": "1 2", "b": "{\"x\"}", "c": "", "d": "✓"])
        XCTAssertEqual(FormEncoding.fields("a=%zz&b=1"), ["b": "1"])
    }
}
