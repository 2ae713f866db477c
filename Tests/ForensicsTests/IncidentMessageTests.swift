import Testing

@testable import Forensics

struct IncidentMessageTests {
    static func response(decision: Decision = .isolate, failed: Bool = false, dryRun: Bool = false) -> ForensicsResponse {
        ForensicsResponse(
            decision: decision, reason: "Command and Control server domain name queried",
            instanceId: "i-0123456789abcdef0", account: "111122223333", region: "us-east-1",
            incidentId: "wp-i-0123456789abcdef0-20261125T225312Z",
            finding: FindingSummary(source: .guardDuty, id: "7ac6f1f0", type: "Backdoor:EC2/C&CActivity.B!DNS", severity: 8),
            steps: [StepReport(.describe, .done, "vpc-1, 2 interfaces"),
                    StepReport(.isolateNetwork, failed ? .failed : .done, "allow-all then isolation on eni-1"),
                    StepReport(.revokeSessions, .skipped, "REVOKE_ROLE_SESSIONS is off")],
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
