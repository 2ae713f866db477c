import WatchpostCore
import Foundation
import Integrations
import SecurityEvents
import Testing
@testable import LoginWatchCore
@testable import LoginWatch

/// What a log batch or a Slack answer means for Security Hub, EventBridge and the metrics.
struct LoginIntegrationsTests {
    static let instanceARN = "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc1234def567890"
    static let production = InstanceLookup.found(tags: ["Name": "web-1", "Environment": "production"])
    static let sent = [AlertDelivery(.sns, .done, ""), AlertDelivery(.slack, .done, "")]
    static let dryRun = [AlertDelivery(.sns, .skipped, ""), AlertDelivery(.slack, .skipped, "")]

    /// Two logins (ec2-user, then alice twice) and five failures from 198.51.100.9.
    static func report(_ lookup: InstanceLookup, _ notifications: [AlertDelivery], burstThreshold: Int? = 5) -> LoginReport {
        let data = LoginAssessmentTests.batch([
            "Dec 10 09:32:20 ip-10-0-1-5 sshd[24680]: Accepted publickey for ec2-user from 203.0.113.7 port 50022 ssh2: ED25519 \(LoginAssessmentTests.fp)",
            "Dec 10 09:32:22 ip-10-0-1-5 sshd[24690]: message repeated 5 times: [ Failed password for root from 198.51.100.9 port 40001 ssh2]",
            "Dec 10 09:32:24 ip-10-0-1-5 sshd[24710]: message repeated 2 times: [ Accepted password for alice from 2001:db8::5 port 6000 ssh2]",
        ])
        return LoginAssessment.assess(data, verdicts: LoginAssessment.verdicts(data), region: "us-east-1",
                                      instanceId: LogStreamName.instanceId(in: data.logStream), instance: lookup,
                                      settings: .init(failureBurstThreshold: burstThreshold))
            .report(notifications: notifications)
    }

    struct BatchCase: CustomTestStringConvertible, Sendable {
        let name: String
        let lookup: InstanceLookup
        let notifications: [AlertDelivery]
        let findings: Int
        let events: [String]
        let decisions: [String]
        let statuses: [StepStatus]
        var testDescription: String { name }
    }

    static let batches: [BatchCase] = [
        .init(name: "production, alert sent", lookup: production, notifications: sent, findings: 2,
              events: ["Production Login", "Production Login", "Login Failures Alerted"],
              decisions: ["login", "login", "failure-burst"], statuses: [.done, .done]),
        .init(name: "production, dry run: findings stay, nothing was sent", lookup: production, notifications: dryRun,
              findings: 2, events: [], decisions: ["login", "login", "failure-burst"], statuses: [.skipped, .skipped]),
        .init(name: "production, SNS failed but Slack took it", lookup: production,
              notifications: [AlertDelivery(.sns, .failed, ""), AlertDelivery(.slack, .done, "")], findings: 2,
              events: ["Production Login", "Production Login", "Login Failures Alerted"],
              decisions: ["login", "login", "failure-burst"], statuses: [.failed, .done]),
        .init(name: "production, every channel failed", lookup: production,
              notifications: [AlertDelivery(.sns, .failed, ""), AlertDelivery(.slack, .skipped, "")], findings: 2,
              events: [], decisions: ["login", "login", "failure-burst"], statuses: [.failed, .skipped]),
        .init(name: "unknown instance: alerted, not a production finding", lookup: .notFound, notifications: sent, findings: 0,
              events: ["Production Login", "Production Login", "Login Failures Alerted"],
              decisions: ["login", "login", "failure-burst"], statuses: [.done, .done]),
        .init(name: "staging: counted only", lookup: .found(tags: ["Environment": "staging"]), notifications: [], findings: 0,
              events: [], decisions: [], statuses: []),
    ]

    @Test(arguments: batches)
    func batch(_ c: BatchCase) {
        let output = LoginNotifierOutput.report(Self.report(c.lookup, c.notifications))
        #expect(output.findings.count == c.findings)
        #expect(output.findings.allSatisfy { $0.severity == .low && $0.isActive && !$0.isConfigurationCheck })
        #expect(output.events.map(\.detailType) == c.events)
        #expect(output.decisions == c.decisions)
        #expect(output.stepStatuses == c.statuses)
    }

    @Test func aLoginsFindingIsStableAcrossRunsAndItsOwn() {
        let first = LoginNotifierOutput.report(Self.report(Self.production, Self.sent)).findings
        let again = LoginNotifierOutput.report(Self.report(Self.production, Self.dryRun)).findings
        let ids = first.map { $0.id(function: "login-notifier") }
        #expect(ids == again.map { $0.id(function: "login-notifier") })
        #expect(ids == [
            "watchpost/login-notifier/production-login/2024-05-01T10:00:00.123Z/ec2-user/\(Self.instanceARN)",
            "watchpost/login-notifier/production-login/2024-05-01T10:00:02.123Z/alice/\(Self.instanceARN)",
        ])
    }

    @Test func aLoginsFindingNamesTheInstanceAndTheLogin() throws {
        let finding = try #require(LoginNotifierOutput.report(Self.report(Self.production, Self.sent)).findings.first)
        #expect(finding.account == "111122223333")
        #expect(finding.resource == .init(type: .ec2Instance, arn: Self.instanceARN, region: "us-east-1"))
        #expect(finding.title == "Interactive login to production instance web-1 (i-0abc1234def567890)")
        #expect(finding.description.contains("ec2-user logged in over SSH to i-0abc1234def567890 in 111122223333 us-east-1 from 203.0.113.7"))
        #expect(finding.details == [
            "watchpost/user": "ec2-user", "watchpost/loginKind": "ssh", "watchpost/time": "2024-05-01T10:00:00.123Z",
            "watchpost/notified": "true", "watchpost/sourceIp": "203.0.113.7", "watchpost/method": "publickey",
            "watchpost/fingerprint": LoginAssessmentTests.fp,
        ])
        #expect(ASFFTypes.valid(finding.types))
    }

    @Test func aProductionLoginEventCarriesTheReportOfThatLogin() throws {
        let events = LoginNotifierOutput.report(Self.report(Self.production, Self.sent)).events
        let detail = try JSONSerialization.jsonObject(with: JSONEncoder().encode(AnyEncodable(events[1].detail))) as! [String: Any]
        #expect(Set(detail.keys) == ["logins", "failures", "ignored", "notifications"])
        let logins = detail["logins"] as! [[String: Any]]
        #expect(logins.map { $0["user"] as? String } == ["alice"])
        #expect(logins.first?["notified"] as? Bool == true)
    }

    @Test func theResponseKeepsItsContract() throws {
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(
            LoginNotifierOutput.report(Self.report(Self.production, Self.sent)))) as! [String: Any]
        #expect(Set(json.keys) == ["logins", "failures", "ignored", "notifications"])
    }

    // MARK: - Slack answers

    static let login = LoginReference(instanceId: "i-0abc1234def567890", instanceName: "web-1", account: "111122223333",
                                      region: "us-east-1", user: "ec2-user", sourceIp: "203.0.113.7", time: "2024-05-01T10:00:00.123Z")
    static let incident = SlackInteraction.Incident(instanceId: "i-0abc1234def567890",
                                                    reason: "Login to i-0abc1234def567890 as ec2-user was disowned in Slack by alice (U0EXAMPLE1).")
    static let http = FunctionURLResponse(statusCode: 200, headers: ["content-type": "application/json"], body: "{\"text\":\"ok\"}")

    struct AnswerCase: CustomTestStringConvertible, Sendable {
        let name: String
        let answer: SlackAnswer?
        let finding: Bool
        let events: [String]
        let decisions: [String]
        let statuses: [StepStatus]
        var testDescription: String { name }
    }

    static let answers: [AnswerCase] = [
        .init(name: "yes", answer: SlackAnswer(login: login), finding: false, events: [], decisions: ["confirmed"], statuses: []),
        .init(name: "no, incident published", answer: SlackAnswer(login: login, incident: incident, incidentStatus: .done),
              finding: true, events: ["Login Denied"], decisions: ["denied"], statuses: [.done]),
        .init(name: "no, dry run", answer: SlackAnswer(login: login, incident: incident, incidentStatus: .skipped),
              finding: true, events: [], decisions: ["denied"], statuses: [.skipped]),
        .init(name: "no, incident not published", answer: SlackAnswer(login: login, incident: incident, incidentStatus: .failed),
              finding: true, events: [], decisions: ["denied"], statuses: [.failed]),
        .init(name: "no, from a button without account or region",
              answer: SlackAnswer(login: LoginReference(instanceId: "i-0abc1234def567890", user: "ec2-user"), incident: incident,
                                  incidentStatus: .done),
              finding: false, events: ["Login Denied"], decisions: ["denied"], statuses: [.done]),
        .init(name: "refused or unrelated callback", answer: nil, finding: false, events: [], decisions: [], statuses: []),
    ]

    @Test(arguments: answers)
    func answer(_ c: AnswerCase) throws {
        let output = LoginNotifierOutput.http(Self.http, answer: c.answer)
        #expect(output.findings.count == (c.finding ? 1 : 0))
        #expect(output.events.map(\.detailType) == c.events)
        #expect(output.decisions == c.decisions)
        #expect(output.stepStatuses == c.statuses)
        // Slack sees the HTTP response and nothing else.
        #expect(try Self.json(output) == Self.json(Self.http))
    }

    static func json(_ value: some Encodable) throws -> NSDictionary {
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as! NSDictionary
    }

    @Test func aDisownedLoginIsACriticalFindingOfItsOwn() throws {
        let output = LoginNotifierOutput.http(Self.http, answer: SlackAnswer(login: Self.login, incident: Self.incident, incidentStatus: .done))
        let finding = try #require(output.findings.first)
        #expect(finding.severity == .critical && finding.isActive)
        #expect(finding.id(function: "login-notifier")
            == "watchpost/login-notifier/login-denied/2024-05-01T10:00:00.123Z/ec2-user/\(Self.instanceARN)")
        #expect(finding.resource == .init(type: .ec2Instance, arn: Self.instanceARN, region: "us-east-1"))
        #expect(finding.description == Self.incident.reason + " An incident was published for forensic-isolator.")
        #expect(finding.details == ["watchpost/user": "ec2-user", "watchpost/incident": "done", "watchpost/sourceIp": "203.0.113.7",
                                    "watchpost/time": "2024-05-01T10:00:00.123Z"])
        #expect(ASFFTypes.valid(finding.types))
    }

    @Test func aGovCloudLoginIsNamedInItsPartition() throws {
        var login = Self.login
        login.region = "us-gov-west-1"
        let finding = try #require(LoginNotifierOutput.http(Self.http, answer: SlackAnswer(login: login, incident: Self.incident,
                                                                                          incidentStatus: .done)).findings.first)
        #expect(finding.resource.arn == "arn:aws-us-gov:ec2:us-gov-west-1:111122223333:instance/i-0abc1234def567890")
    }
}

/// ASFF `Types` are `namespace/category/classifier`, from five namespaces.
enum ASFFTypes {
    static let namespaces: Set<String> = ["Software and Configuration Checks", "TTPs", "Effects", "Unusual Behaviors",
                                          "Sensitive Data Identifications"]

    static func valid(_ types: [String]) -> Bool {
        !types.isEmpty && types.allSatisfy { type in
            let parts = type.split(separator: "/", omittingEmptySubsequences: false)
            return (1...3).contains(parts.count) && namespaces.contains(String(parts[0])) && parts.allSatisfy { !$0.isEmpty }
        }
    }
}

/// An event's detail as JSON, as the deliverer encodes it.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
