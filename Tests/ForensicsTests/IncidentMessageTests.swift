import WatchpostCore
import Alerting
import Testing

@testable import ForensicsCore
@testable import Forensics

struct IncidentMessageTests {
    static func response(decision: Decision = .isolate, failed: Bool = false, dryRun: Bool = false) -> ForensicsResponse {
        ForensicsResponse(
            decision: decision, reason: "Command and Control server domain name queried",
            instanceId: "i-0123456789abcdef0", account: "111122223333", region: "us-east-1",
            incidentId: "wp-i-0123456789abcdef0-20261125T225312Z",
            finding: FindingSummary(source: .guardDuty, id: "7ac6f1f0", type: "Backdoor:EC2/C&CActivity.B!DNS", severity: 8),
            steps: [StepOutcome<QuarantineStep>(.describe, .done, "vpc-1, 2 interfaces"),
                    StepOutcome<QuarantineStep>(.isolateNetwork, failed ? .failed : .done, "allow-all then isolation on eni-1"),
                    StepOutcome<QuarantineStep>(.revokeSessions, .skipped, "REVOKE_ROLE_SESSIONS is off")],
            dryRun: dryRun)
    }

    @Test func subjects() {
        #expect(IncidentMessage.subject(for: Self.response()) == "watchpost: quarantined i-0123456789abcdef0 wp-i-0123456789abcdef0-20261125T225312Z")
        #expect(IncidentMessage.subject(for: Self.response(failed: true)).contains("(with failures)"))
        #expect(IncidentMessage.subject(for: Self.response(decision: .release)).hasPrefix("watchpost: released i-0123456789abcdef0"))
        var long = Self.response(decision: .skip)
        long.reason = String(repeating: "probe ", count: 40)
        #expect(IncidentMessage.subject(for: long).count == 100)
    }

    @Test func bodyListsEveryStepAndHowToRelease() {
        let body = IncidentMessage.body(for: Self.response(), functionName: "forensic-isolator")
        #expect(body.hasPrefix("watchpost quarantined i-0123456789abcdef0 in account 111122223333, us-east-1."))
        #expect(body.contains("Incident: wp-i-0123456789abcdef0-20261125T225312Z"))
        #expect(body.contains("Finding: guardduty Backdoor:EC2/C&CActivity.B!DNS (severity 8), id 7ac6f1f0"))
        #expect(body.contains("  isolate-network       done          allow-all then isolation on eni-1"))
        #expect(body.contains("  revoke-sessions       skipped       REVOKE_ROLE_SESSIONS is off"))
        #expect(body.contains(#"{"action": "release", "incidentId": "wp-i-0123456789abcdef0-20261125T225312Z"}"#))
        #expect(!body.contains("DRY RUN"))
        let release = IncidentMessage.body(for: Self.response(decision: .release), functionName: "forensic-isolator")
        #expect(!release.contains("False positive?"))
        #expect(IncidentMessage.body(for: Self.response(dryRun: true), functionName: "f").contains("DRY RUN: nothing was changed."))
    }
}

/// The same incident in Slack: escaped, with the steps and the release hint.
struct IncidentAlertTests {
    @Test func slackMessageCarriesTheIncident() throws {
        var response = IncidentMessageTests.response()
        response.reason = "queried <http://evil.example|click> & more"
        let message = IncidentAlert.slack(for: response, functionName: "forensic-isolator")
        #expect(message.text == IncidentMessage.subject(for: response))
        guard case .header(let header) = message.blocks.first else {
            Issue.record("expected a header first")
            return
        }
        #expect(header == "Quarantined i-0123456789abcdef0")
        guard case .section(let reason, let fields) = message.blocks[1] else {
            Issue.record("expected the reason and fields")
            return
        }
        #expect(reason == "queried &lt;http://evil.example|click&gt; &amp; more", "outside text cannot inject links")
        #expect(fields.first == "*Incident*\n`wp-i-0123456789abcdef0-20261125T225312Z`")
        guard case .section(let steps, _) = message.blocks[3] else {
            Issue.record("expected the steps")
            return
        }
        #expect(steps.contains(":white_check_mark: `isolate-network` done: allow-all then isolation on eni-1"))
        #expect(steps.contains(":white_circle: `revoke-sessions` skipped"))
        guard case .context(let hint) = message.blocks.last else {
            Issue.record("expected the release hint last")
            return
        }
        #expect(hint.first?.contains("\"action\": \"release\"") == true)
    }

    @Test func releaseAndSkipHaveNoReleaseHint() {
        for decision in [Decision.release, .skip] {
            let message = IncidentAlert.slack(for: IncidentMessageTests.response(decision: decision), functionName: "f")
            #expect(!message.blocks.contains { if case .context = $0 { true } else { false } })
        }
    }
}
