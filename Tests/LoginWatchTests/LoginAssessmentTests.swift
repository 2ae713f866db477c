import XCTest
import AWSClient
import SecurityEvents
@testable import LoginWatchCore
@testable import LoginWatch
import Primitives
import WatchpostCore

final class LoginAssessmentTests: XCTestCase {
    static let fp = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"

    static func batch(_ messages: [String], owner: String = "111122223333", stream: String = "i-0abc1234def567890") -> CloudWatchLogsData {
        CloudWatchLogsData(owner: owner, logGroup: "/var/log/secure", logStream: stream, subscriptionFilters: ["logins"],
                           logEvents: messages.enumerated().map { index, message in
                               .init(id: "3799\(index)0000000000000000000000000000000000000000000000000", timestamp: 1_714_557_600_123 + Int64(index) * 1000, message: message)
                           })
    }

    let mixed = batch([
        "Dec 10 09:32:20 ip-10-0-1-5 sshd[24680]: Accepted publickey for ec2-user from 203.0.113.7 port 50022 ssh2: ED25519 \(fp)",
        "Dec 10 09:32:20 ip-10-0-1-5 sshd[24680]: pam_unix(sshd:session): session opened for user ec2-user(uid=1000) by (uid=0)",
        "Dec 10 09:32:21 ip-10-0-1-5 sshd[24690]: Failed password for invalid user admin from 198.51.100.9 port 40000 ssh2",
        "Dec 10 09:32:22 ip-10-0-1-5 sshd[24690]: message repeated 4 times: [ Failed password for root from 198.51.100.9 port 40001 ssh2]",
        "Dec 10 09:32:23 ip-10-0-1-5 sshd[24700]: Invalid user oracle from 198.51.100.10 port 40002",
        "Dec 10 09:32:24 ip-10-0-1-5 sshd[24710]: message repeated 2 times: [ Accepted password for alice from 2001:db8::5 port 6000 ssh2]",
    ])

    func assess(_ data: CloudWatchLogsData, _ instance: InstanceLookup, _ settings: LoginAssessment.Settings = .init()) -> LoginAssessment {
        LoginAssessment.assess(data, verdicts: LoginAssessment.verdicts(data), region: "us-east-1",
                               instanceId: LogStreamName.instanceId(in: data.logStream), instance: instance, settings: settings)
    }

    func testProductionLoginsAlert() {
        let result = assess(mixed, .found(tags: ["Name": "web-1", "Environment": "Production"]), .init(failureBurstThreshold: 5))
        XCTAssertEqual(result.logins.map(\.line.user), ["ec2-user", "alice"])
        XCTAssertEqual(result.logins.map(\.line.count), [1, 2])
        XCTAssertEqual(result.logins.map(\.time), ["2024-05-01T10:00:00.123Z", "2024-05-01T10:00:05.123Z"])
        XCTAssertEqual(result.logins.first?.instanceId, "i-0abc1234def567890")
        XCTAssertEqual(result.logins.first?.instanceName, "web-1")
        XCTAssertEqual(result.logins.first?.account, "111122223333")
        XCTAssertEqual(result.logins.first?.region, "us-east-1")
        XCTAssertTrue(result.logins.allSatisfy(\.production))
        XCTAssertEqual(result.alerting, [0, 1])
        XCTAssertEqual(result.failures.map(\.line.count), [1, 4, 1])
        XCTAssertEqual(result.ignored, 1)
        XCTAssertEqual(result.bursts, [LoginAssessment.Burst(sourceIp: "198.51.100.9", attempts: 5, users: ["admin", "root"])])
    }

    func testOtherEnvironmentsAreCountedNotAlerted() {
        for tags in [["Environment": "staging"], [:], ["environment": "production"]] {
            let result = assess(mixed, .found(tags: tags), .init(failureBurstThreshold: 1))
            XCTAssertEqual(result.logins.count, 2)
            XCTAssertFalse(result.logins.contains(where: \.production))
            XCTAssertEqual(result.alerting, [])
            XCTAssertEqual(result.bursts, [])
            XCTAssertFalse(result.needsNotification)
        }
    }

    func testUnknownInstances() {
        for lookup in [InstanceLookup.notFound, .unidentified, .failed("AccessDenied")] {
            let alerting = assess(mixed, lookup)
            XCTAssertEqual(alerting.alerting, [0, 1], "\(lookup)")
            XCTAssertFalse(alerting.logins.contains(where: \.production))
            XCTAssertNil(alerting.logins.first?.instanceName)
            let quiet = assess(mixed, lookup, .init(alertWhenUnknown: false))
            XCTAssertEqual(quiet.alerting, [], "\(lookup)")
        }
    }

    func testCustomProductionTag() {
        let tag = ProductionTag(setting: "tier=PROD")
        XCTAssertEqual(tag, ProductionTag(key: "tier", value: "PROD"))
        XCTAssertEqual(assess(mixed, .found(tags: ["tier": "prod"]), .init(productionTag: tag!)).alerting, [0, 1])
        XCTAssertEqual(ProductionTag(setting: "critical"), ProductionTag(key: "critical", value: nil))
        XCTAssertTrue(ProductionTag(key: "critical", value: nil).matches(["critical": ""]))
        XCTAssertNil(ProductionTag(setting: ""))
        XCTAssertNil(ProductionTag(setting: "=production"))
    }

    func testReportMarksNotifiedOnlyWhenDelivered() {
        let result = assess(mixed, .found(tags: ["Environment": "production"]))
        let sent = result.report(notifications: [AlertDelivery(.slack, .done, ""), AlertDelivery(.sns, .failed, "")])
        XCTAssertEqual(sent.logins.map(\.notified), [true, true])
        let failed = result.report(notifications: [AlertDelivery(.slack, .failed, ""), AlertDelivery(.sns, .skipped, "")])
        XCTAssertEqual(failed.logins.map(\.notified), [false, false])
    }

    func testStreamNames() {
        let cases: [(String, String?)] = [
            ("i-0abc1234def567890", "i-0abc1234def567890"), ("i-0abc1234", "i-0abc1234"),
            ("i-0abc1234def567890/secure", "i-0abc1234def567890"), ("web/i-0abc1234def567890", "i-0abc1234def567890"),
            ("ip-10-0-1-5", nil), ("i-0ABC1234DEF567890", nil), ("", nil), ("xi-0abc1234def567890", nil),
        ]
        for (stream, id) in cases { XCTAssertEqual(LogStreamName.instanceId(in: stream), id, stream) }
    }

    func testEpochTime() {
        let cases: [(Int64, String)] = [
            (0, "1970-01-01T00:00:00.000Z"), (1_714_557_600_123, "2024-05-01T10:00:00.123Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"), (4_102_444_799_999, "2099-12-31T23:59:59.999Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
        ]
        for (ms, text) in cases { XCTAssertEqual(UTCTime(epochMilliseconds: ms).iso8601, text) }
    }

    func testContractEncoding() throws {
        let result = assess(mixed, .found(tags: ["Name": "web-1", "Environment": "production"]))
        let report = result.report(notifications: [AlertDelivery(.slack, .done, "")])
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        XCTAssertEqual(Set(json.keys), ["logins", "failures", "ignored", "notifications"])
        let login = (json["logins"] as! [[String: Any]])[0]
        XCTAssertEqual(Set(login.keys), ["kind", "user", "domain", "sourceIp", "port", "method", "keyType", "fingerprint",
                                         "certificate", "logonType", "count", "host", "unparsed", "instanceId", "instanceName", "account",
                                         "region", "time", "production", "notified"])
        XCTAssertTrue(login["domain"] is NSNull)
        XCTAssertTrue(login["certificate"] is NSNull)
        XCTAssertTrue(login["unparsed"] is NSNull)
        XCTAssertEqual(login["kind"] as? String, "ssh")
        XCTAssertEqual(login["port"] as? Int, 50022)
        let failure = (json["failures"] as! [[String: Any]])[2]
        XCTAssertEqual(Set(failure.keys), ["user", "sourceIp", "port", "invalidUser", "count"])
        XCTAssertEqual(failure["invalidUser"] as? Bool, true)
        XCTAssertEqual((json["notifications"] as! [[String: Any]])[0] as? [String: String], ["channel": "slack", "status": "sent"])
    }
}
