import XCTest
@testable import LoginWatchCore
@testable import LoginWatch
import Primitives

/// Truncated and mutated lines never crash the classifier, and a mutation never turns a
/// failure into a login.
final class ParserRobustnessTests: XCTestCase {
    let fp = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"

    var samples: [String] {
        [
            "Dec 10 09:32:20 ip-10-0-1-5 sshd[24680]: Accepted publickey for ec2-user from 203.0.113.7 port 50022 ssh2: ED25519-CERT \(fp) ID alice (serial 42) CA ED25519 \(fp)",
            "2024-05-01T10:00:00.123456+00:00 web-1 sshd-session[812]: message repeated 3 times: [ Failed password for invalid user admin from 2001:db8::1 port 22 ssh2]",
            "<38>1 2024-05-01T10:00:00.123Z web-1 sshd 812 - [a b=\"c\"] Invalid user x from 198.51.100.1 port 1",
            #"{"_HOSTNAME":"h","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"Accepted password for a from ::1 port 2 ssh2"}"#,
            WindowsSamples.logon4624(user: "Administrator", logonType: 10),
            WindowsSamples.text4625(user: "admin"),
            WindowsSamples.textSessionManager(21, user: "H\\Administrator", address: "203.0.113.10"),
        ]
    }

    func testEveryTruncation() {
        for sample in samples {
            let characters = Array(sample)
            // Every cut of a syslog line; every 7th of a Windows event (thousands of characters).
            for length in stride(from: 0, through: characters.count, by: characters.count > 400 ? 7 : 1) {
                _ = LogLineClassifier.verdict(for: String(characters[..<length]))
            }
        }
    }

    func testSeededMutations() {
        var generator = SplitMix64(seed: 0x5EED_1061)
        let alphabet = Array(" :[]<>/&;.'\"-0123456789abcdefxyz\n\t\\{}=%")
        for sample in samples {
            let wasLogin = { if case .login = LogLineClassifier.verdict(for: sample) { true } else { false } }()
            for _ in 0..<300 {
                var characters = Array(sample)
                for _ in 0..<Int.random(in: 1...4, using: &generator) where !characters.isEmpty {
                    let index = Int.random(in: 0..<characters.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: characters[index] = alphabet.randomElement(using: &generator)!
                    case 1: characters.remove(at: index)
                    default: characters.insert(alphabet.randomElement(using: &generator)!, at: index)
                    }
                }
                let mutated = String(characters)
                if case .login = LogLineClassifier.verdict(for: mutated), !wasLogin, !mutated.contains("Accepted") {
                    XCTFail("a mutation made a login: \(mutated)")
                }
            }
        }
    }
}

/// A small deterministic generator, so a failure reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
