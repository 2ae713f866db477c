import XCTest
@testable import LoginWatchCore
@testable import LoginWatch
import Primitives

/// The login-notifier categories third-party logs showed: the macOS unified log's prefix,
/// key descriptions that do not read (fail open), and Windows' own OpenSSH server.
final class RealFormatLoginTests: XCTestCase {
    private func verdict(_ message: String) -> LineVerdict { LogLineClassifier.verdict(for: message) }

    // MARK: macOS

    func testMacOSUnifiedLogPrefix() {
        let accepted = "2020-03-24 08:38:44.727732-0700  localhost sshd[2519]: Accepted password for user from 172.18.1.100 port 43042 ssh2"
        XCTAssertEqual(verdict(accepted), .login(LoginLine(kind: .ssh, user: "user", sourceIp: "172.18.1.100", port: 43042,
                                                           method: "password", host: "localhost")))
        let failed = "2020-03-25 08:01:34.584936-0700  localhost sshd[1551]: Failed keyboard-interactive/pam for invalid user user from 172.18.1.1 port 32982 ssh2"
        XCTAssertEqual(verdict(failed), .failure(FailureLine(user: "user", sourceIp: "172.18.1.1", port: 32982,
                                                             invalidUser: true, host: "localhost")))
        // One space, no fraction, no offset: the same reading.
        let plain = "2020-03-24 08:38:44 mac-1 sshd[2519]: Accepted password for admin from 10.0.0.1 port 22 ssh2"
        guard case .login(let login) = verdict(plain) else { return XCTFail("not a login: \(plain)") }
        XCTAssertEqual(login.host, "mac-1")
        XCTAssertEqual(login.user, "admin")
    }

    func testMacOSPrefixFromAnotherProgramIsNotALogin() {
        let other = "2020-03-24 08:38:44.727732-0700  localhost login[2519]: Accepted password for user from 172.18.1.100 port 43042 ssh2"
        XCTAssertEqual(verdict(other), .ignored)
    }

    // MARK: fail open

    func testRedactedFingerprintStillReportsTheLogin() {
        let line = "Nov 28 09:16:03 srv sshd[32307]: Accepted publickey for git from 192.0.2.1 port 57904 ssh2: DSA 36:48:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx"
        XCTAssertEqual(verdict(line), .login(LoginLine(
            kind: .ssh, user: "git", sourceIp: "192.0.2.1", port: 57904, method: "publickey", keyType: "DSA", host: "srv",
            unparsed: UnparsedDetail(part: "key", text: "DSA 36:48:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx"))))
    }

    func testUnknownKeyTextKeepsNoKeyType() {
        let line = "Dec 10 09:32:20 web-1 sshd[1]: Accepted publickey for deploy from 203.0.113.7 port 50022 ssh2: ssh-rsa AAAAB3NzaC1yc2E"
        guard case .login(let login) = verdict(line) else { return XCTFail("not a login") }
        XCTAssertEqual(login.user, "deploy")
        XCTAssertNil(login.keyType)
        XCTAssertEqual(login.unparsed, UnparsedDetail(part: "key", text: "ssh-rsa AAAAB3NzaC1yc2E"))
    }

    func testReadableKeyLeavesNothingUnparsed() {
        let fp = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
        guard case .login(let login) = verdict("Dec 10 09:32:20 web-1 sshd[1]: Accepted publickey for a from 10.0.0.1 port 1 ssh2: RSA \(fp)")
        else { return XCTFail("not a login") }
        XCTAssertNil(login.unparsed)
        XCTAssertEqual(login.fingerprint, fp)
    }

    /// A crafted name carrying a fake tail with a bad key must not win over the real tail.
    func testReadableSplitPreferredOverUnreadableOne() {
        let fp = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
        let line = "Dec 10 09:32:20 web-1 sshd[1]: Failed publickey for x from 6.6.6.6 port 1 ssh2: junk from 198.51.100.9 port 4 ssh2: RSA \(fp)"
        guard case .failure(let failure) = verdict(line) else { return XCTFail("not a failure") }
        XCTAssertEqual(failure.sourceIp, "198.51.100.9")
        XCTAssertEqual(failure.user, "x from 6.6.6.6 port 1 ssh2: junk")
    }

    func testAcceptedLineOfUnknownShapeIsStillALogin() {
        let line = "Dec 10 09:32:20 web-1 sshd[1]: Accepted password for root from 10.0.0.5 port 22 ssh3"
        XCTAssertEqual(verdict(line), .login(LoginLine(kind: .ssh, user: "root", sourceIp: "10.0.0.5", port: 22,
                                                       method: "password", host: "web-1", unparsed: UnparsedDetail(part: "line", text: "password for root from 10.0.0.5 port 22 ssh3"))))
        // Not sshd's `Accepted <method> for` shape: not a login.
        XCTAssertEqual(verdict("Dec 10 09:32:20 web-1 sshd[1]: Accepted connection"), .ignored)
    }

    /// fail2ban's lines from older sshd: no port, `ssh1`, `: ruser …` after the port.
    func testFailureLinesOfOlderShapes() {
        let cases: [(String, FailureLine)] = [
            ("Feb 25 14:34:10 belka sshd[31602]: Failed password for invalid user ROOT from 194.117.26.70 port 12345",
             FailureLine(user: "ROOT", sourceIp: "194.117.26.70", port: 12345, invalidUser: true, host: "belka")),
            ("Feb 25 14:34:11 belka sshd[31603]: Failed password for invalid user ROOT from aaaa:bbbb:cccc:1234::1:1",
             FailureLine(user: "ROOT", sourceIp: "aaaa:bbbb:cccc:1234::1:1", port: nil, invalidUser: true, host: "belka")),
            ("Sep 29 16:28:02 spaceman sshd[16699]: Failed password for dan from 127.0.0.1 port 45416 ssh1",
             FailureLine(user: "dan", sourceIp: "127.0.0.1", port: 45416, invalidUser: false, host: "spaceman")),
            ("Sep 29 17:15:02 spaceman sshd[12946]: Failed password for user from 127.0.0.1 port 20000 ssh1: ruser from 1.2.3.4",
             FailureLine(user: "user from 127.0.0.1 port 20000 ssh1: ruser", sourceIp: "1.2.3.4", port: nil, invalidUser: false, host: "spaceman")),
            ("Sep 29 17:15:02 spaceman sshd[12946]: message repeated 2 times: [ Failed none for x from ??? ]",
             FailureLine(user: "x from ??? ", sourceIp: nil, port: nil, invalidUser: false, count: 2, host: "spaceman")),
        ]
        for (line, failure) in cases { XCTAssertEqual(verdict(line), .failure(failure), line) }
    }

    func testUnparsedIsInTheResponseAndTheAlert() throws {
        let line = LoginLine(kind: .ssh, user: "git", method: "publickey", keyType: "DSA",
                             unparsed: UnparsedDetail(part: "key", text: "DSA 36:48:xx"))
        let entry = LoginEntry(line: line, account: "111122223333", region: "us-east-1", time: "t", production: true, notified: false)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(entry)) as! [String: Any]
        XCTAssertEqual(json["unparsed"] as? [String: String], ["part": "key", "text": "DSA 36:48:xx"])
        XCTAssertTrue(LoginAlertMessage.method(line).contains("DSA 36:48:xx"))
    }

    // MARK: Windows OpenSSH

    static func openSSHXML(_ payload: String, process: String = "sshd") -> String {
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='OpenSSH' Guid='{c4b57d35-0636-4bc3-a262-370f249f9802}'></Provider><EventID>4</EventID><Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x4000000000000000</Keywords><TimeCreated SystemTime='2021-05-20T12:49:51.6281720Z'></TimeCreated><EventRecordID>15</EventRecordID><Correlation></Correlation><Execution ProcessID='5848' ThreadID='4412'></Execution><Channel>OpenSSH/Operational</Channel><Computer>fs01.offsec.lan</Computer><Security UserID='S-1-5-18'></Security></System><EventData><Data Name='process'>\(process)</Data><Data Name='payload'>\(payload)</Data></EventData></Event>"
    }

    func testWindowsOpenSSHXML() {
        XCTAssertEqual(verdict(Self.openSSHXML("Accepted password for offsec\\admmig from 10.23.23.9 port 56612 ssh2")),
                       .login(LoginLine(kind: .ssh, user: "offsec\\admmig", sourceIp: "10.23.23.9", port: 56612,
                                        method: "password", host: "fs01.offsec.lan")))
        XCTAssertEqual(verdict(Self.openSSHXML("Failed password for invalid user hacker from 10.23.23.9 port 60096 ssh2")),
                       .failure(FailureLine(user: "hacker", sourceIp: "10.23.23.9", port: 60096, invalidUser: true,
                                            host: "fs01.offsec.lan")))
        XCTAssertEqual(verdict(Self.openSSHXML("Invalid user hacker from 10.23.23.9 port 60096")),
                       .failure(FailureLine(user: "hacker", sourceIp: "10.23.23.9", port: 60096, invalidUser: true,
                                            host: "fs01.offsec.lan")))
        XCTAssertEqual(verdict(Self.openSSHXML("Server listening on :: port 22.")), .ignored)
        // Another OpenSSH program (the agent) writing the same words is not sshd.
        XCTAssertEqual(verdict(Self.openSSHXML("Accepted password for a from 10.0.0.1 port 1 ssh2", process: "ssh-agent")), .ignored)
    }

    func testWindowsOpenSSHText() {
        let text = "[OpenSSH/Operational] [INFORMATION] [4] [OpenSSH] [WIN-SRV2022] [sshd: Accepted publickey for administrator from 203.0.113.9 port 50111 ssh2: ED25519 SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU]"
        XCTAssertEqual(verdict(text), .login(LoginLine(
            kind: .ssh, user: "administrator", sourceIp: "203.0.113.9", port: 50111, method: "publickey", keyType: "ED25519",
            fingerprint: "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", host: "WIN-SRV2022")))
        let failed = "[OpenSSH/Operational] [INFORMATION] [4] [OpenSSH] [WIN-SRV2022] [sshd.exe: Failed password for admin from 198.51.100.4 port 2222 ssh2]"
        XCTAssertEqual(verdict(failed), .failure(FailureLine(user: "admin", sourceIp: "198.51.100.4", port: 2222,
                                                             invalidUser: false, host: "WIN-SRV2022")))
    }
}
