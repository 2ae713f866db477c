import Foundation
import XCTest
@testable import LoginWatchCore
@testable import LoginWatch

/// Every line of the third-party sshd logs and every Windows event in `../shared/corpora`
/// through the classifier: nothing crashes, and no line in which sshd reports a login or a
/// failure is dropped. The expectation is read from the text by a simpler rule than the
/// parser's (sshd's tag, then `Accepted <method> for ` / `Failed <method> for ` /
/// `Invalid user `), so the two disagree when the parser misses a prefix or a shape.
final class LoginCorpusTests: XCTestCase {
    enum Expected { case login, failure, other }

    /// The message after an sshd tag (`sshd[pid]: `, `sshd: `, `sshd-session[pid]: `), or nil.
    static func sshdMessage(_ line: String) -> Substring? {
        for tag in ["sshd[", "sshd-session[", "sshd-auth[", "sshd: "] {
            guard let range = line.range(of: tag) else { continue }
            var rest = line[range.upperBound...]
            if tag.hasSuffix("[") {
                guard let close = rest.range(of: "]: ") else { continue }
                rest = rest[close.upperBound...]
            }
            if let repeated = rest.range(of: "times: [ "), rest.hasPrefix("message repeated ") { rest = rest[repeated.upperBound...] }
            return rest
        }
        return nil
    }

    static func expected(sshdMessage message: Substring) -> Expected {
        let words = message.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        if words.count > 2, words[2] == "for", words[0] == "Accepted" { return .login }
        if words.count > 2, words[2] == "for", words[0] == "Failed" { return .failure }
        if message.hasPrefix("Invalid user ") { return .failure }
        return .other
    }

    static func kind(_ verdict: LineVerdict) -> Expected {
        switch verdict {
        case .login: .login
        case .failure: .failure
        case .ignored: .other
        }
    }

    func testSSHDLogs() throws {
        var counts: [String: Int] = [:]
        for file in try SharedCorpus.files(in: "logins/sshd", suffix: ".log") {
            let lines = try String(contentsOf: file, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
            for line in lines {
                let verdict = LogLineClassifier.verdict(for: line)
                let got = Self.kind(verdict)
                counts["\(got)", default: 0] += 1
                guard let message = Self.sshdMessage(line) else { continue }
                let want = Self.expected(sshdMessage: message)
                if want != .other {
                    XCTAssertEqual(got, want, "\(file.lastPathComponent): \(line)")
                }
                if case .login(let login) = verdict {
                    XCTAssertTrue(line.contains(login.user), "user not from the line: \(line)")
                    if let ip = login.sourceIp { XCTAssertTrue(line.contains(ip), line) }
                }
                if case .login = verdict, want != .login { XCTFail("a login the text does not report: \(line)") }
            }
        }
        print("sshd corpus verdicts:", counts.sorted { $0.key < $1.key })
        XCTAssertGreaterThan(counts["login", default: 0], 0)
        XCTAssertGreaterThan(counts["failure", default: 0], 0)
    }

    struct WindowsEvent: Decodable { var id: String; var rendering: String; var message: String }

    /// OpenSSH/Operational events carry sshd's message in `payload`: each `Accepted …` is a
    /// login and each `Failed …`/`Invalid user …` a failure. Other events must not crash.
    func testWindowsEvents() throws {
        let lines = try SharedCorpus.text("logins/windows/events.jsonl").split(whereSeparator: \.isNewline)
        var openSSH: [Expected: Int] = [:]
        for line in lines {
            let event = try JSONDecoder().decode(WindowsEvent.self, from: Data(line.utf8))
            let verdict = LogLineClassifier.verdict(for: event.message)
            guard let record = WindowsEventRecord.parse(event.message), record.provider == "OpenSSH" else { continue }
            let payload = record.fields["payload"] ?? record.message ?? ""
            let want = Self.expected(sshdMessage: Substring(payload))
            XCTAssertEqual(Self.kind(verdict), want, "\(event.id): \(payload)")
            openSSH[want, default: 0] += 1
        }
        print("windows OpenSSH events:", openSSH)
        XCTAssertGreaterThan(openSSH[.failure, default: 0], 0, "the corpus has OpenSSH failures")
    }
}
