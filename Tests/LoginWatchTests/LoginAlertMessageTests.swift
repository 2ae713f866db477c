import XCTest
import Alerting
import SecurityEvents
@testable import LoginWatchCore
@testable import LoginWatch

final class LoginAlertMessageTests: XCTestCase {
    let fp = LoginAssessmentTests.fp

    func message(_ lines: [String], tags: InstanceLookup = .found(tags: ["Name": "web-1", "Environment": "production"]),
                 threshold: Int? = nil, ask: Bool = true) throws -> (LoginAlertMessage, [String: Any]) {
        let data = LoginAssessmentTests.batch(lines)
        let assessment = LoginAssessment.assess(data, verdicts: LoginAssessment.verdicts(data), region: "us-east-1",
                                                instanceId: "i-0abc1234def567890", instance: tags,
                                                settings: .init(failureBurstThreshold: threshold))
        let built = LoginAlertMessage(assessment: assessment, logGroup: data.logGroup, logStream: data.logStream, askConfirmation: ask)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(built.slack)) as! [String: Any]
        return (built, json)
    }

    func blocks(_ json: [String: Any]) -> [[String: Any]] { json["blocks"] as! [[String: Any]] }

    func testOneLoginWithButtons() throws {
        let (built, json) = try message(["Dec 10 09:32:20 ip-10-0-1-5 sshd[1]: Accepted publickey for ec2-user from 203.0.113.7 port 50022 ssh2: ED25519 \(fp)"])
        let blocks = blocks(json)
        XCTAssertEqual(blocks.map { $0["type"] as! String }, ["header", "section", "actions", "divider", "context"])
        XCTAssertEqual((blocks[0]["text"] as! [String: Any])["text"] as? String, "Interactive login to production")
        let section = (blocks[1]["text"] as! [String: Any])["text"] as! String
        XCTAssertEqual(section, "*`ec2-user`* logged in over SSH to *web-1 (i-0abc1234def567890)*")
        let fields = (blocks[1]["fields"] as! [[String: Any]]).map { $0["text"] as! String }
        XCTAssertEqual(fields, ["*From*\n`203.0.113.7` port 50022", "*How*\n`publickey`, `ED25519` `\(fp)`",
                                "*When*\n2024-05-01T10:00:00.123Z", "*Where*\naccount 111122223333, us-east-1", "*Host*\n`ip-10-0-1-5`"])
        let buttons = blocks[2]["elements"] as! [[String: Any]]
        XCTAssertEqual(buttons.map { $0["action_id"] as! String }, ["login_was_me", "login_not_me"])
        XCTAssertEqual(buttons.map { $0["style"] as! String }, ["primary", "danger"])
        let reference = LoginReference(buttonValue: buttons[1]["value"] as! String)
        XCTAssertEqual(reference, LoginReference(instanceId: "i-0abc1234def567890", instanceName: "web-1", account: "111122223333",
                                                 region: "us-east-1", user: "ec2-user", sourceIp: "203.0.113.7", time: "2024-05-01T10:00:00.123Z"))
        XCTAssertEqual(built.snsSubject, "watchpost: Interactive login to production (i-0abc1234def567890)")
        let sns = try JSONSerialization.jsonObject(with: Data(built.snsMessage.utf8)) as! [String: Any]
        XCTAssertEqual((sns["logins"] as! [[String: Any]]).first?["notified"] as? Bool, true)
        XCTAssertEqual((sns["logins"] as! [[String: Any]]).first?["fingerprint"] as? String, fp)
        XCTAssertEqual(sns["source"] as? String, "watchpost.login-notifier")
    }

    func testNoButtonsWithoutSigningSecret() throws {
        let (_, json) = try message(["Accepted password for alice from 198.51.100.20 port 41822 ssh2"], ask: false)
        XCTAssertFalse(blocks(json).contains { $0["type"] as? String == "actions" })
    }

    func testRepeatsAreGroupedAndCounted() throws {
        let line = "Accepted password for alice from 198.51.100.20 port 41822 ssh2"
        let (_, json) = try message([line, "message repeated 2 times: [ \(line)]", "Accepted password for bob from 198.51.100.21 port 41823 ssh2"])
        let blocks = blocks(json)
        XCTAssertEqual((blocks[0]["text"] as! [String: Any])["text"] as? String, "4 interactive logins to production")
        let sections = blocks.filter { $0["type"] as? String == "section" }.map { ($0["text"] as! [String: Any])["text"] as! String }
        XCTAssertEqual(sections, ["*`alice`* logged in over SSH to *web-1 (i-0abc1234def567890)* — 3 times",
                                  "*`bob`* logged in over SSH to *web-1 (i-0abc1234def567890)*"])
    }

    func testUntrustedTextIsEscaped() throws {
        // A Windows user name (any characters) and an instance Name tag with Slack markup.
        let crafted = WindowsSamples.logon4624(user: "&lt;!channel&gt; `x`", logonType: 10)
        let (_, json) = try message([crafted], tags: .found(tags: ["Name": "<https://evil.example|web-1>", "Environment": "production"]))
        // What Slack renders: the fallback text and every block but the buttons' opaque values.
        var rendered = json
        rendered["blocks"] = blocks(json).filter { $0["type"] as? String != "actions" }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: rendered, options: .withoutEscapingSlashes), as: UTF8.self)
        XCTAssertFalse(text.contains("<!channel>"), text)
        XCTAssertTrue((json["text"] as! String).hasSuffix("&lt;!channel&gt; `x` on &lt;https://evil.example|web-1&gt; (i-0abc1234def567890)"), text)
        XCTAssertFalse(text.contains("<https://evil"), text)
        XCTAssertTrue(text.contains("&lt;!channel&gt; 'x'"), text)
    }

    func testBurstsAndOverflow() throws {
        var lines = (0..<12).map { "Accepted password for user\($0) from 198.51.100.\($0) port 22 ssh2" }
        lines += ["Failed password for root from 203.0.113.99 port 1 ssh2", "message repeated 9 times: [ Failed password for invalid user oracle from 203.0.113.99 port 2 ssh2]"]
        let (_, json) = try message(lines, threshold: 10)
        let blocks = blocks(json)
        XCTAssertLessThanOrEqual(blocks.count, 50)
        XCTAssertEqual(blocks.filter { $0["type"] as? String == "actions" }.count, 10)
        let text = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        XCTAssertTrue(text.contains("and 2 more distinct logins"), text)

        let many = (0..<250).map { "Accepted password for user\($0) from 198.51.100.1 port 22 ssh2" }
        let (built, _) = try message(many)
        let sns = try JSONSerialization.jsonObject(with: Data(built.snsMessage.utf8)) as! [String: Any]
        XCTAssertEqual((sns["logins"] as! [Any]).count, 200)
        XCTAssertEqual(sns["omittedLogins"] as? Int, 50)
        XCTAssertLessThan(built.snsMessage.utf8.count, 256 * 1024)
        XCTAssertTrue(text.contains("*10 failed logins* from `203.0.113.99` as `root`, `oracle`"), text)
    }

    func testBurstOnlyOnProduction() throws {
        let (built, json) = try message(["message repeated 30 times: [ Failed password for root from 203.0.113.99 port 1 ssh2]"], threshold: 10)
        let blocks = blocks(json)
        XCTAssertEqual(blocks.map { $0["type"] as! String }, ["header", "section", "context"])
        XCTAssertEqual((blocks[0]["text"] as! [String: Any])["text"] as? String, "Failed logins to production")
        XCTAssertEqual((blocks[1]["text"] as! [String: Any])["text"] as? String,
                       "*30 failed logins* from `203.0.113.99` as `root` on web-1 (i-0abc1234def567890).")
        XCTAssertEqual(built.snsSubject, "watchpost: Failed logins to production (i-0abc1234def567890)")
    }

    func testWindowsAndCertificateDescriptions() {
        let rdp = LoginLine(kind: .rdp, user: "Administrator", logonType: 10)
        XCTAssertEqual(LoginAlertMessage.method(rdp), "RDP, logon type 10")
        let cert = LoginLine(kind: .ssh, user: "deploy", method: "publickey", keyType: "ED25519-CERT", fingerprint: fp,
                             certificate: SSHCertificate(id: "alice@example.com", serial: 42, caType: "ED25519", caFingerprint: fp))
        XCTAssertEqual(LoginAlertMessage.method(cert),
                       "`publickey`, `ED25519-CERT` `\(fp)`\ncertificate `alice@example.com` (serial 42), CA `ED25519` `\(fp)`")
        XCTAssertEqual(LoginAlertMessage.subject("watchpost: é\u{7}x" + String(repeating: "y", count: 200)).count, 100)
    }
}
