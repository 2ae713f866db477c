import WatchpostCore
import Testing
@testable import LoginWatchCore
@testable import LoginWatch
import Primitives

/// Finding 5 (issue 17): a line of many ` from ` splits, each followed by a key description
/// that starts a certificate, made every split rescan the rest of the line. What it reads is
/// fixed here; what it costs per KB is `make bench`'s.
struct CraftedSSHLineTests {
    static let unit = "x from 1.1.1.1 port 1 ssh2: RSA ID  (serial "

    @Test(arguments: [1, 3, 1_500])
    func manySplitsReadAsTheRightmostWithTheKeyTextKept(_ count: Int) throws {
        let line = "publickey for " + String(repeating: Self.unit, count: count)
        let auth = try #require(OpenSSHLine.authentication(Substring(line), preferRightmost: true))
        #expect(auth.user == String(repeating: Self.unit, count: count - 1) + "x")
        #expect(auth.address == "1.1.1.1" && auth.port == 1)
        #expect(auth.key == SSHKeyDescription(keyType: "RSA"))
        #expect(auth.unparsedExtra == "RSA ID  (serial ")
        let leftmost = try #require(OpenSSHLine.authentication(Substring(line), preferRightmost: false))
        #expect(leftmost.user == "x")
    }

    @Test func aValidCertificateAtTheEndIsFoundFromEverySplit() throws {
        let ca = "CA ED25519 SHA256:" + String(repeating: "A", count: 43)
        let line = "publickey for " + String(repeating: Self.unit, count: 200) + "7) " + ca
        let left = try #require(OpenSSHLine.authentication(Substring(line), preferRightmost: false))
        #expect(left.user == "x")
        #expect(left.key?.certificate?.serial == 7)
        #expect(left.key?.certificate?.id.hasPrefix(" (serial x from 1.1.1.1") == true)
        let right = try #require(OpenSSHLine.authentication(Substring(line), preferRightmost: true))
        #expect(right.user == String(repeating: Self.unit, count: 199) + "x")
        #expect(right.key?.certificate?.id == "")
        #expect(right.unparsedExtra == nil)
    }
}
