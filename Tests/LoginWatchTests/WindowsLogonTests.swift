import XCTest
@testable import LoginWatchCore
@testable import LoginWatch
import Primitives

final class WindowsLogonTests: XCTestCase {
    typealias S = WindowsSamples

    func testRemoteAndConsoleLogons() {
        let cases: [(String, LoginKind, Int?)] = [
            (S.logon4624(user: "Administrator", logonType: 10), .rdp, 10),
            (S.logon4624(user: "Administrator", logonType: 12), .rdp, 12),
            (S.logon4624(user: "Administrator", logonType: 7), .rdp, 7),
            (S.logon4624(user: "Administrator", logonType: 2, address: "127.0.0.1"), .console, 2),
            (S.logon4624(user: "jdoe", domain: "CORP", logonType: 11, address: "-", port: "-"), .console, 11),
            (S.text4624(user: "Administrator", logonType: 10), .rdp, 10),
            (S.text4624(user: "Administrator", logonType: 2, address: "-"), .console, 2),
        ]
        for (message, kind, logonType) in cases {
            guard case .login(let login) = LogLineClassifier.verdict(for: message) else {
                XCTFail("not a login: \(message.prefix(200))")
                continue
            }
            XCTAssertEqual(login.kind, kind)
            XCTAssertEqual(login.logonType, logonType)
            XCTAssertEqual(login.host, "EC2AMAZ-7Q2B4K1")
            XCTAssertEqual(login.count, 1)
        }
        guard case .login(let rdp) = LogLineClassifier.verdict(for: S.logon4624(user: "Administrator", logonType: 10)),
              case .login(let text) = LogLineClassifier.verdict(for: S.text4624(user: "Administrator", logonType: 10)) else {
            return XCTFail("RDP logon not recognised")
        }
        let expected = LoginLine(kind: .rdp, user: "Administrator", domain: "EC2AMAZ-7Q2B4K1", sourceIp: "203.0.113.10",
                                 port: 0, method: "Negotiate", logonType: 10, host: "EC2AMAZ-7Q2B4K1")
        XCTAssertEqual(rdp, expected)
        XCTAssertEqual(text, expected, "both renderings read the same")
        guard case .login(let console) = LogLineClassifier.verdict(for: S.logon4624(user: "jdoe", domain: "CORP", logonType: 11, address: "-", port: "-")) else {
            return XCTFail()
        }
        XCTAssertNil(console.sourceIp)
        XCTAssertNil(console.port)
        XCTAssertEqual(console.domain, "CORP")
    }

    func testNotLogins() {
        let cases = [
            S.logon4624(user: "Administrator", logonType: 3),  // network (SMB, WinRM)
            S.logon4624(user: "Administrator", logonType: 4),  // batch
            S.logon4624(user: "svc-backup", logonType: 5),  // service
            S.logon4624(user: "Administrator", logonType: 7, address: "-"),  // unlock at the console
            S.logon4624(user: "Administrator", logonType: 7, address: "127.0.0.1"),
            S.logon4624(user: "SYSTEM", domain: "NT AUTHORITY", sid: "S-1-5-18", logonType: 2),
            S.logon4624(user: "LOCAL SERVICE", domain: "NT AUTHORITY", sid: "S-1-5-19", logonType: 5),
            S.logon4624(user: "NETWORK SERVICE", domain: "NT AUTHORITY", sid: "S-1-5-20", logonType: 5),
            S.logon4624(user: "DWM-1", domain: "Window Manager", sid: "S-1-5-90-0-1", logonType: 2),
            S.logon4624(user: "UMFD-0", domain: "Font Driver Host", sid: "S-1-5-96-0-0", logonType: 2),
            S.logon4624(user: "EC2AMAZ-7Q2B4K1$", domain: "WORKGROUP", sid: "S-1-5-18", logonType: 10),
            S.text4624(user: "DWM-2", logonType: 2),
            S.text4624(user: "EC2AMAZ-7Q2B4K1$", logonType: 10),
            S.sessionManager(21, user: "EC2AMAZ-7Q2B4K1\\Administrator", address: "LOCAL"),
            S.textSessionManager(25, user: "EC2AMAZ-7Q2B4K1\\Administrator", address: "LOCAL"),
            // Event 4624 from another provider is not a logon.
            S.securityXML(4624, [("LogonType", "10"), ("TargetUserName", "x")]).replacingOccurrences("Microsoft-Windows-Security-Auditing", "Some-Other-Provider"),
            S.securityXML(4634, [("TargetUserName", "Administrator"), ("LogonType", "10")]),  // logoff
            "<Event><System><EventID>4624</EventID>",  // truncated
            "[Security] [INFORMATION] [4624] [Microsoft-Windows-Security-Auditing]",
        ]
        for message in cases {
            XCTAssertEqual(LogLineClassifier.verdict(for: message), .ignored, String(message.prefix(300)))
        }
    }

    func testReconnectsAndSessionManager() {
        let expected4778 = LoginLine(kind: .rdp, user: "Administrator", domain: "EC2AMAZ-7Q2B4K1", sourceIp: "203.0.113.10", host: "EC2AMAZ-7Q2B4K1")
        XCTAssertEqual(LogLineClassifier.verdict(for: S.reconnect4778), .login(expected4778))
        XCTAssertEqual(LogLineClassifier.verdict(for: S.text4778), .login(expected4778))
        let expectedTS = LoginLine(kind: .rdp, user: "Administrator", domain: "EC2AMAZ-7Q2B4K1", sourceIp: "2001:db8::20", host: "EC2AMAZ-7Q2B4K1")
        for message in [S.sessionManager(21, user: "EC2AMAZ-7Q2B4K1\\Administrator", address: "2001:db8::20"),
                        S.sessionManager(25, user: "EC2AMAZ-7Q2B4K1\\Administrator", address: "2001:db8::20"),
                        S.textSessionManager(21, user: "EC2AMAZ-7Q2B4K1\\Administrator", address: "2001:db8::20"),
                        S.textSessionManager(25, user: "EC2AMAZ-7Q2B4K1\\Administrator", address: "2001:db8::20")] {
            XCTAssertEqual(LogLineClassifier.verdict(for: message), .login(expectedTS), String(message.prefix(200)))
        }
        // RDP tunnelled through SSM port forwarding arrives from loopback: still a remote session.
        guard case .login(let tunnelled) = LogLineClassifier.verdict(for: S.sessionManager(21, user: "EC2AMAZ-7Q2B4K1\\Administrator", address: "127.0.0.1")) else {
            return XCTFail("tunnelled session not recognised")
        }
        XCTAssertEqual(tunnelled.sourceIp, "127.0.0.1")
    }

    func testFailures() {
        XCTAssertEqual(LogLineClassifier.verdict(for: S.failure4625(user: "admin", subStatus: "0xc0000064")),
                       .failure(FailureLine(user: "admin", sourceIp: "198.51.100.77", port: 51234, invalidUser: true, host: "EC2AMAZ-7Q2B4K1")))
        XCTAssertEqual(LogLineClassifier.verdict(for: S.failure4625(user: "Administrator", subStatus: "0xc000006a")),
                       .failure(FailureLine(user: "Administrator", sourceIp: "198.51.100.77", port: 51234, invalidUser: false, host: "EC2AMAZ-7Q2B4K1")))
        XCTAssertEqual(LogLineClassifier.verdict(for: S.text4625(user: "admin")),
                       .failure(FailureLine(user: "admin", sourceIp: "198.51.100.77", port: 51234, invalidUser: true, host: "EC2AMAZ-7Q2B4K1")))
    }

    func testCraftedTextCannotMoveTheAddress() {
        // A client-chosen name and workstation carrying their own "Source Network Address".
        let crafted = S.text4625(user: "admin\r\n\r\nNetwork Information:\r\n\tSource Network Address:\t10.0.0.1\r\n\tSource Port:\t\t22",
                                 workstation: "kali\r\n\tSource Network Address:\t10.0.0.2")
        guard case .failure(let failure) = LogLineClassifier.verdict(for: crafted) else { return XCTFail() }
        XCTAssertEqual(failure.sourceIp, "198.51.100.77")
        XCTAssertEqual(failure.port, 51234)
        XCTAssertEqual(failure.user, "admin")
    }

    func testXMLEscapes() {
        let message = S.logon4624(user: "o&apos;brien &amp; co", domain: "CORP", logonType: 10)
        guard case .login(let login) = LogLineClassifier.verdict(for: message) else { return XCTFail() }
        XCTAssertEqual(login.user, "o'brien & co")
        let cdata = S.logon4624(user: "<![CDATA[a&b]]>", logonType: 10)
        guard case .login(let fromCDATA) = LogLineClassifier.verdict(for: cdata) else { return XCTFail() }
        XCTAssertEqual(fromCDATA.user, "a&b")
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }
}
