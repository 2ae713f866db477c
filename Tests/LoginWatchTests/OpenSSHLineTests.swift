import XCTest
@testable import LoginWatchCore
@testable import LoginWatch
import Primitives

/// Real-format sshd lines (several distributions and OpenSSH versions) and crafted ones.
final class OpenSSHLineTests: XCTestCase {
    private let fp = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
    private let caFp = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"

    func login(_ message: String, _ file: StaticString = #filePath, _ line: UInt = #line) -> LoginLine? {
        guard case .login(let login) = LogLineClassifier.verdict(for: message) else {
            XCTFail("not a login: \(message)", file: file, line: line)
            return nil
        }
        return login
    }

    func failure(_ message: String, _ file: StaticString = #filePath, _ line: UInt = #line) -> FailureLine? {
        guard case .failure(let failure) = LogLineClassifier.verdict(for: message) else {
            XCTFail("not a failure: \(message)", file: file, line: line)
            return nil
        }
        return failure
    }

    func testAcceptedUnderEveryPrefix() {
        let message = "Accepted publickey for ec2-user from 203.0.113.7 port 50022 ssh2: ED25519 \(fp)"
        let cases: [(line: String, host: String?)] = [
            ("Dec 10 09:32:20 ip-10-0-1-5 sshd[24680]: \(message)", "ip-10-0-1-5"),  // BSD syslog, RHEL /var/log/secure
            ("Dec  1 09:32:20 ip-10-0-1-5 sshd[24680]: \(message)", "ip-10-0-1-5"),  // space-padded day
            ("2024-05-01T10:00:00.123456+00:00 web-1 sshd[812]: \(message)", "web-1"),  // Debian 12 rsyslog
            ("2024-05-01T10:00:00.123456-04:00 web-1 sshd-session[812]: \(message)", "web-1"),  // OpenSSH 9.8+
            ("2025-02-11T08:15:02.551234+00:00 noble sshd-session[2011]: \(message)", "noble"),  // Ubuntu 24.10+
            ("2024-05-01T10:00:00+0000 web-1 sshd[812]: \(message)", "web-1"),  // journalctl -o short-iso
            ("May 01 10:00:00.123456 web-1 sshd[812]: \(message)", "web-1"),  // journalctl -o short-precise
            ("Wed 2024-05-01 10:00:00 UTC web-1 sshd[812]: \(message)", "web-1"),  // journalctl -o short-full
            ("1714557600.123456 web-1 sshd[812]: \(message)", "web-1"),  // journalctl -o short-unix
            ("<38>1 2024-05-01T10:00:00.123Z web-1 sshd 812 - - \(message)", "web-1"),  // RFC 5424
            ("<38>1 2024-05-01T10:00:00.123Z web-1 sshd 812 - [meta seq=\"1\\]\"] \(message)", "web-1"),
            ("<86>Dec 10 09:32:20 web-1 sshd[1]: \(message)", "web-1"),  // forwarded with PRI
            ("Dec 10 09:32:20 web-1 sshd: \(message)", "web-1"),  // tag without pid
            ("May  1 10:00:00 alpine authpriv.info sshd[2345]: \(message)", "alpine"),  // busybox syslogd
            (message, nil),  // journalctl -o cat, or a bare message
            ("__CURSOR=s=8a1c;i=4f2;b=2b1e;m=1f3a;t=6176a2;x=9d0e\n__REALTIME_TIMESTAMP=1714557600123456\n_HOSTNAME=al2023\nSYSLOG_IDENTIFIER=sshd-session\n_PID=4321\nMESSAGE=\(message)\n_COMM=sshd-session", "al2023"),  // journalctl -o export
            ("MESSAGE=\(message)", nil),  // one line of an export record
            (#"{"__REALTIME_TIMESTAMP":"1714557600123456","_HOSTNAME":"al2023","SYSLOG_IDENTIFIER":"sshd-session","_PID":"4321","MESSAGE":"\#(message)"}"#, "al2023"),
        ]
        for (line, host) in cases {
            guard let login = login(line) else { continue }
            XCTAssertEqual(login.kind, .ssh, line)
            XCTAssertEqual(login.user, "ec2-user", line)
            XCTAssertEqual(login.sourceIp, "203.0.113.7", line)
            XCTAssertEqual(login.port, 50022, line)
            XCTAssertEqual(login.method, "publickey", line)
            XCTAssertEqual(login.keyType, "ED25519", line)
            XCTAssertEqual(login.fingerprint, fp, line)
            XCTAssertNil(login.certificate, line)
            XCTAssertEqual(login.count, 1, line)
            XCTAssertEqual(login.host, host, line)
        }
    }

    func testEveryMethod() {
        let cases: [(String, String, String?)] = [
            ("Accepted password for alice from 198.51.100.20 port 41822 ssh2", "password", nil),
            ("Accepted keyboard-interactive/pam for alice from 198.51.100.20 port 41822 ssh2", "keyboard-interactive/pam", nil),
            ("Accepted gssapi-with-mic for alice from 198.51.100.20 port 41822 ssh2", "gssapi-with-mic", nil),
            ("Accepted publickey for alice from 198.51.100.20 port 41822 ssh2: RSA \(fp)", "publickey", "RSA"),
            ("Accepted publickey for alice from 198.51.100.20 port 41822 ssh2: ECDSA-SK \(fp)", "publickey", "ECDSA-SK"),
            ("Accepted hostbased for alice from 198.51.100.20 port 41822 ssh2: ED25519 \(fp), client user \"alice\", client host \"bastion.example.com\"", "hostbased", "ED25519"),
            // OpenSSH before 6.8: MD5 hex fingerprints without a prefix.
            ("Accepted publickey for alice from 198.51.100.20 port 41822 ssh2: RSA 3b:1f:5b:2c:8e:4a:91:0d:aa:bc:de:f0:12:34:56:78", "publickey", "RSA"),
            // Very old sshd: no key description at all.
            ("Accepted publickey for alice from 198.51.100.20 port 41822 ssh2", "publickey", nil),
        ]
        for (line, method, keyType) in cases {
            let login = login("Dec 10 09:32:20 h sshd[1]: " + line)
            XCTAssertEqual(login?.method, method, line)
            XCTAssertEqual(login?.keyType, keyType, line)
            XCTAssertEqual(login?.user, "alice", line)
            XCTAssertEqual(login?.sourceIp, "198.51.100.20", line)
        }
    }

    func testIPv6Addresses() {
        for address in ["2001:db8::1", "2001:db8:85a3:0:0:8a2e:370:7334", "::1", "fe80::a00:27ff:fe4e:66a1%eth0", "::ffff:203.0.113.9"] {
            let login = login("Accepted password for bob from \(address) port 22 ssh2")
            XCTAssertEqual(login?.sourceIp, address)
            XCTAssertEqual(login?.port, 22)
        }
    }

    func testCertificates() {
        // OpenSSH 8.x+: the certificate's own fingerprint, then ID, serial and CA.
        let modern = login("Accepted publickey for deploy from 10.1.2.3 port 52144 ssh2: ED25519-CERT \(fp) ID alice@example.com (serial 42) CA ED25519 \(caFp)")
        XCTAssertEqual(modern?.keyType, "ED25519-CERT")
        XCTAssertEqual(modern?.fingerprint, fp)
        XCTAssertEqual(modern?.certificate, SSHCertificate(id: "alice@example.com", serial: 42, caType: "ED25519", caFingerprint: caFp))
        // OpenSSH 7.x: no fingerprint of the certificate itself.
        let old = login("Accepted publickey for deploy from 10.1.2.3 port 52144 ssh2: RSA-CERT ID vault-token-abc (serial 18446744073709551615) CA RSA \(caFp)")
        XCTAssertEqual(old?.keyType, "RSA-CERT")
        XCTAssertNil(old?.fingerprint)
        XCTAssertEqual(old?.certificate?.serial, UInt64.max)
        XCTAssertEqual(old?.certificate?.id, "vault-token-abc")
        // A key id with spaces and parentheses, as a CA may write it.
        let spaced = login("Accepted publickey for deploy from 10.1.2.3 port 52144 ssh2: ECDSA-CERT \(fp) ID Alice Smith (laptop) (serial 7) CA RSA \(caFp)")
        XCTAssertEqual(spaced?.certificate?.id, "Alice Smith (laptop)")
        XCTAssertEqual(spaced?.certificate?.serial, 7)
    }

    func testMessageRepeated() {
        let login = login("Dec 10 09:32:20 h sshd[1]: message repeated 3 times: [ Accepted password for alice from 198.51.100.20 port 41822 ssh2]")
        XCTAssertEqual(login?.count, 3)
        XCTAssertEqual(login?.user, "alice")
        let failure = failure("2024-05-01T10:00:00.1+00:00 h sshd[1]: message repeated 12 times: [ Failed password for root from 203.0.113.50 port 60000 ssh2]")
        XCTAssertEqual(failure?.count, 12)
        XCTAssertEqual(failure?.user, "root")
        XCTAssertEqual(failure?.invalidUser, false)
    }

    func testFailures() {
        let cases: [(String, FailureLine)] = [
            ("Failed password for root from 203.0.113.50 port 60000 ssh2",
             FailureLine(user: "root", sourceIp: "203.0.113.50", port: 60000, invalidUser: false)),
            ("Failed password for invalid user admin from 203.0.113.50 port 60001 ssh2",
             FailureLine(user: "admin", sourceIp: "203.0.113.50", port: 60001, invalidUser: true)),
            ("Failed publickey for alice from 2001:db8::7 port 4022 ssh2: RSA \(fp)",
             FailureLine(user: "alice", sourceIp: "2001:db8::7", port: 4022, invalidUser: false)),
            ("Failed keyboard-interactive/pam for invalid user oracle from 203.0.113.51 port 1022 ssh2",
             FailureLine(user: "oracle", sourceIp: "203.0.113.51", port: 1022, invalidUser: true)),
            ("Failed none for invalid user  from 203.0.113.52 port 5555 ssh2",
             FailureLine(user: "", sourceIp: "203.0.113.52", port: 5555, invalidUser: true)),
            ("Invalid user test from 203.0.113.53 port 41000",
             FailureLine(user: "test", sourceIp: "203.0.113.53", port: 41000, invalidUser: true)),
            ("Invalid user test from 203.0.113.53",  // before OpenSSH 7.5: no port
             FailureLine(user: "test", sourceIp: "203.0.113.53", port: nil, invalidUser: true)),
            ("Invalid user  from 203.0.113.54 port 41001",
             FailureLine(user: "", sourceIp: "203.0.113.54", port: 41001, invalidUser: true)),
        ]
        for (line, expected) in cases {
            var withHost = expected
            withHost.host = "web-1"
            XCTAssertEqual(failure("Dec 10 09:32:20 web-1 sshd[1]: " + line), withHost, line)
        }
    }

    func testCraftedNamesCannotForge() {
        // The name is "root from 10.0.0.1 port 22 ssh2": the real address comes last.
        let forgedAddress = failure("Failed password for invalid user root from 10.0.0.1 port 22 ssh2 from 203.0.113.66 port 4444 ssh2")
        XCTAssertEqual(forgedAddress?.user, "root from 10.0.0.1 port 22 ssh2")
        XCTAssertEqual(forgedAddress?.sourceIp, "203.0.113.66")
        XCTAssertEqual(forgedAddress?.port, 4444)
        // Overlapping " from ": the name is "a from".
        let overlapping = failure("Invalid user a from from 203.0.113.67 port 4445")
        XCTAssertEqual(overlapping?.user, "a from")
        XCTAssertEqual(overlapping?.sourceIp, "203.0.113.67")
        let invalid = failure("Invalid user x from 10.9.9.9 port 22 from 203.0.113.68 port 4446")
        XCTAssertEqual(invalid?.sourceIp, "203.0.113.68")
        XCTAssertEqual(invalid?.user, "x from 10.9.9.9 port 22")
        // A name that spells a whole accepted line is still only a failure.
        let spelled = "Dec 10 09:32:20 h sshd[1]: Invalid user Accepted password for root from 10.0.0.1 port 22 ssh2 from 203.0.113.69 port 4447"
        XCTAssertEqual(failure(spelled)?.sourceIp, "203.0.113.69")
        XCTAssertEqual(LogLineClassifier.verdict(for: "Dec 10 09:32:20 h sshd[1]: Connection closed by invalid user Accepted password for root from 10.0.0.1 port 22 ssh2 203.0.113.70 port 4448 [preauth]"), .ignored)
        // Another program writing sshd's words is not sshd.
        XCTAssertEqual(LogLineClassifier.verdict(for: "Dec 10 09:32:20 h myapp[9]: Accepted password for root from 10.0.0.1 port 22 ssh2"), .ignored)
        XCTAssertEqual(LogLineClassifier.verdict(for: "Dec 10 09:32:20 h sudo: alice : Accepted password for root from 10.0.0.1 port 22 ssh2"), .ignored)
        // A "repeated" wrapper cannot be opened from inside a name.
        XCTAssertEqual(failure("Invalid user message repeated 9 times: [ x from 203.0.113.71 port 1")?.count, 1)
        // A tail that is not an address is not a split point.
        XCTAssertNil(OpenSSHLine.authentication("password for eve from attacker port 22 ssh2", preferRightmost: true))
        XCTAssertNil(OpenSSHLine.authentication("password for eve from 10.0.0.1 port 99999 ssh2", preferRightmost: true))
    }

    func testNotLogins() {
        let lines = [
            "Dec 10 09:32:20 h sshd[1]: pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)",
            "Dec 10 09:32:20 h sshd[1]: Connection closed by authenticating user root 203.0.113.5 port 22 [preauth]",
            "Dec 10 09:32:20 h sshd[1]: Postponed publickey for alice from 198.51.100.20 port 41822 ssh2 [preauth]",
            "Dec 10 09:32:20 h sshd[1]: Partial publickey for alice from 198.51.100.20 port 41822 ssh2: ED25519 \(fp)",
            "Dec 10 09:32:20 h sshd[1]: Received disconnect from 203.0.113.5 port 22:11: Bye Bye [preauth]",
            "Dec 10 09:32:20 h sshd[1]: Server listening on :: port 22.",
            "Dec 10 09:32:20 h systemd[1]: Started OpenBSD Secure Shell server.",
            "May  1 10:00:00 alpine authpriv.info sudo[1]: Accepted password for root from 10.0.0.1 port 22 ssh2",
            "__CURSOR=s=1\nSYSLOG_IDENTIFIER=sudo\nMESSAGE=Accepted password for root from 10.0.0.1 port 22 ssh2",
            "",
            "{not json",
        ]
        for line in lines {
            XCTAssertEqual(LogLineClassifier.verdict(for: line), .ignored, line)
        }
        // An odd detail does not drop a login: it is reported with the text it could not read.
        let odd: [(String, UnparsedDetail)] = [
            ("Accepted password for alice from 198.51.100.20 port 41822",  // no ssh2
             UnparsedDetail(part: "line", text: "password for alice from 198.51.100.20 port 41822")),
            ("Accepted publickey for alice from 198.51.100.20 port 41822 ssh2: not a key", UnparsedDetail(part: "key", text: "not a key")),
        ]
        for (line, unparsed) in odd {
            XCTAssertEqual(login(line)?.user, "alice", line)
            XCTAssertEqual(login(line)?.sourceIp, "198.51.100.20", line)
            XCTAssertEqual(login(line)?.unparsed, unparsed, line)
        }
    }

    func testAddressLiterals() {
        for valid in ["0.0.0.0", "255.255.255.255", "::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "fe80::1%en0"] {
            XCTAssertTrue(IPAddressLiteral.isValid(valid), valid)
        }
        for invalid in ["", "1.2.3", "256.1.1.1", "1.2.3.4.5", "01234.1.1.1", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "fe80::1%", "host.example.com", "UNKNOWN"] {
            XCTAssertFalse(IPAddressLiteral.isValid(invalid), invalid)
        }
    }
}
