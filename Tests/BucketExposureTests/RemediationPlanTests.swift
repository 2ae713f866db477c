import AWSModels
import Testing
import WatchpostCore
@testable import BucketExposureCore
@testable import BucketExposure

private let change = ChangeContext(
    eventName: "PutBucketPolicy", eventTime: "2026-11-25T21:14:03Z",
    actor: "arn:aws:sts::111122223333:assumed-role/DeveloperAccess/jdoe", sourceIPAddress: "203.0.113.42",
    userAgent: "aws-cli/2.17.20", errorCode: nil, requestWasPublic: true)
/// A public PutBucketPolicy that S3 refused.
private let refusedChange = ChangeContext(
    eventName: "PutBucketPolicy", eventTime: "2026-11-25T21:14:03Z", actor: nil, sourceIPAddress: nil,
    userAgent: nil, errorCode: "AccessDenied", requestWasPublic: true)
/// A change whose request says nothing about public access (e.g. PutBucketOwnershipControls).
private let neutralChange = ChangeContext(
    eventName: "PutBucketOwnershipControls", eventTime: "2026-11-25T21:14:03Z", actor: nil, sourceIPAddress: nil,
    userAgent: nil, errorCode: nil, requestWasPublic: nil)

private func input(
    policy text: String? = publicPolicy, acl: BucketACL = ownerOnlyACL, bucketBlock: BlockPublicAccess? = nil,
    accountBlock: BlockPublicAccess? = nil, mode: RemediationMode, exemption: String? = nil, dryRun: Bool = false,
    evidence: String? = nil, alertConfigured: Bool = true, change: ChangeContext? = change
) throws -> RemediationInput {
    let parsed = try text.map { try BucketPolicy(json: $0) }
    let exposure = evaluate(policy: parsed, acl: acl, bucketBlock: bucketBlock, accountBlock: accountBlock,
                            ownership: nil, owner: owner)
    return RemediationInput(exposure: exposure, mode: mode, exemption: exemption, dryRun: dryRun, policy: parsed,
                     policyText: text, evidenceBucket: evidence, alertConfigured: alertConfigured,
                     changeEvent: change)
}

/// The plan in short: "operation" for a step to perform, "action:status" for one whose
/// outcome is known as planned.
private func outline(_ plan: RemediationPlan) -> [String] {
    plan.steps.map { planned in
        switch planned.action {
        case .perform(let operation):
            switch operation {
            case .preservePolicy: "preserve-policy"
            // Performing it calls nothing: the step is reported done.
            case .keepPolicyInAlert: "preserve-policy:done"
            case .putPolicy: "put-policy"
            case .deletePolicy: "delete-policy"
            case .makeACLPrivate: "make-acl-private"
            case .blockPublicAccess: "block-public-access"
            case .sendAlert: "alert"
            }
        case .alreadyDone: "\(planned.step.name):already-done"
        case .skip: "\(planned.step.name):skipped"
        case .fail: "\(planned.step.name):failed"
        }
    }
}

struct PlanCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: @Sendable () throws -> RemediationInput
    let outline: [String]
    var testDescription: String { name }
}

let planCases: [PlanCase] = [
    .init(name: "alert mode: alert only", input: { try input(mode: .alert) }, outline: ["alert"]),
    .init(name: "block-public-access on an effectively public bucket",
          input: { try input(mode: .blockPublicAccess) }, outline: ["block-public-access", "alert"]),
    .init(name: "block-public-access already in force (re-delivered event)",
          input: { try input(bucketBlock: .all, mode: .blockPublicAccess) },
          outline: ["block-public-access:already-done", "alert"]),
    .init(name: "remove-public-statements with an evidence bucket",
          input: { try input(policy: policy(allow(#"{"AWS":"\#(owner)"}"#), allow(#""*""#)), mode: .removePublicStatements,
                             evidence: "security-evidence") },
          outline: ["preserve-policy", "put-policy", "alert"]),
    .init(name: "remove-public-statements without an evidence bucket keeps the original in the alert",
          input: { try input(policy: policy(allow(#"{"AWS":"\#(owner)"}"#), allow(#""*""#)), mode: .removePublicStatements) },
          outline: ["preserve-policy:done", "put-policy", "alert"]),
    .init(name: "remove-public-statements leaves the policy when the original could be kept nowhere",
          input: { try input(acl: acl(allUsersRead), mode: .removePublicStatements, alertConfigured: false) },
          outline: ["preserve-policy:skipped", "remove-public-statements:skipped", "make-acl-private", "alert"]),
    .init(name: "remove-public-statements deletes a policy with nothing else in it",
          input: { try input(mode: .removePublicStatements, evidence: "security-evidence") },
          outline: ["preserve-policy", "delete-policy", "alert"]),
    .init(name: "remove-public-statements makes a public ACL private",
          input: { try input(policy: nil, acl: acl(allUsersRead), mode: .removePublicStatements) },
          outline: ["make-acl-private", "alert"]),
    .init(name: "remove-public-statements: policy and ACL both public",
          input: { try input(acl: acl(allUsersRead), mode: .removePublicStatements, evidence: "security-evidence") },
          outline: ["preserve-policy", "delete-policy", "make-acl-private", "alert"]),
    .init(name: "remove-public-statements leaves an ignored public ACL alone, fixes the policy",
          input: { try input(acl: acl(allUsersRead), bucketBlock: ignoreAcls, mode: .removePublicStatements,
                             evidence: "security-evidence") },
          outline: ["preserve-policy", "delete-policy", "alert"]),
    .init(name: "remove-public-statements does not touch a policy RestrictPublicBuckets holds in check",
          input: { try input(accountBlock: restrictBuckets, mode: .removePublicStatements) },
          outline: ["remove-public-statements:already-done", "alert"]),
    .init(name: "a sweep does not alert on a bucket blocked by Block Public Access",
          input: { try input(accountBlock: .all, mode: .alert, change: nil) }, outline: ["alert:skipped"]),
    .init(name: "a sweep alerts on an effectively public bucket", input: { try input(mode: .alert, change: nil) },
          outline: ["alert"]),
    .init(name: "exempt, alert mode", input: { try input(mode: .alert, exemption: "tagged watchpost:allow-public: website") },
          outline: ["alert:skipped"]),
    .init(name: "exempt, remediation mode: never changed",
          input: { try input(mode: .removePublicStatements, exemption: "listed in ALLOW_PUBLIC_BUCKETS") },
          outline: ["remove-public-statements:skipped", "alert:skipped"]),
    .init(name: "exempt and not public: nothing to say", input: { try input(policy: nil, mode: .blockPublicAccess, exemption: "x") },
          outline: []),
    .init(name: "not public, no public request: nothing to do", input: { try input(policy: crossAccountPolicy, mode: .blockPublicAccess, change: neutralChange) },
          outline: []),
    .init(name: "re-delivered event after the fix: already done, no alert",
          input: { try input(policy: nil, mode: .removePublicStatements) },
          outline: ["remove-public-statements:already-done", "alert:skipped"]),
    .init(name: "a public request held in check by Block Public Access still alerts",
          input: { try input(bucketBlock: restrictBuckets, mode: .alert) }, outline: ["alert"]),
    .init(name: "a change that asked for nothing public does not alert on a blocked bucket (e.g. our own PutPublicAccessBlock)",
          input: { try input(bucketBlock: .all, mode: .blockPublicAccess, change: neutralChange) },
          outline: ["block-public-access:already-done", "alert:skipped"]),
    .init(name: "a public request refused by Block Public Access (the call failed)",
          input: { try input(policy: nil, mode: .blockPublicAccess, change: refusedChange) },
          outline: ["block-public-access:skipped", "alert:skipped"]),
    .init(name: "re-delivered event in alert mode", input: { try input(policy: nil, mode: .alert) }, outline: ["alert:skipped"]),
    .init(name: "dry run: block-public-access is planned, not done",
          input: { try input(mode: .blockPublicAccess, dryRun: true) }, outline: ["block-public-access:skipped", "alert"]),
    .init(name: "dry run: nothing is rewritten or preserved",
          input: { try input(acl: acl(allUsersRead), mode: .removePublicStatements, dryRun: true, evidence: "security-evidence") },
          outline: ["preserve-policy:skipped", "remove-public-statements:skipped", "make-acl-private:skipped", "alert"]),
]

@Suite("The remediation plan")
struct RemediationPlanTests {
    @Test(arguments: planCases)
    func outlines(_ test: PlanCase) throws {
        #expect(outline(RemediationPlanner.plan(try test.input())) == test.outline)
    }

    @Test func rewriteRemovesExactlyThePublicStatements() throws {
        let text = policy(allow(#"{"AWS":"\#(owner)"}"#, sid: "Owner"), allow(#""*""#, sid: "Public"),
                          allow(#"{"AWS":"\#(other)"}"#, sid: "Partner"))
        let result = RemediationPlanner.plan(try input(policy: text, mode: .removePublicStatements, evidence: "security-evidence"))
        guard case .perform(.preservePolicy(let bucket, let original)) = result.steps[0].action,
              case .perform(let change) = result.steps[1].action, case .putPolicy(let rewritten, _) = change else {
            Issue.record("unexpected plan \(result.steps)")
            return
        }
        #expect(bucket == "security-evidence")
        #expect(original == text)  // exactly as S3 returned it
        #expect(try BucketPolicy(json: rewritten).statements.map(\.sid) == ["Owner", "Partner"])
        #expect(change.summary.contains("Public"))
        #expect(originalPolicyForAlert(result) == nil)
    }

    @Test func originalGoesToTheAlertWithoutAnEvidenceBucket() throws {
        let result = RemediationPlanner.plan(try input(mode: .removePublicStatements))
        #expect(originalPolicyForAlert(result) == publicPolicy)
        guard case .perform(let kept) = result.steps[0].action else { throw CancellationError() }
        #expect(kept.summary.hasSuffix(publicPolicy))
    }

    @Test func makingTheACLPrivateSaysWhatElseItDrops() throws {
        let result = RemediationPlanner.plan(try input(
            policy: nil, acl: acl(allUsersRead, .init(grantee: .canonicalUser(id: otherCanonical), permission: "READ")),
            mode: .removePublicStatements))
        guard case .perform(let change) = result.steps[0].action, case .makeACLPrivate = change else { throw CancellationError() }
        #expect(change.summary == "set the ACL to private, removing AllUsers READ (and the grants to canonical-user:\(otherCanonical) READ)")
    }

    @Test func dryRunSaysWhatItWouldDo() throws {
        let result = RemediationPlanner.plan(try input(mode: .blockPublicAccess, dryRun: true))
        #expect(result.steps[0] == RemediationPlan.Step(
            .blockPublicAccess, .skip("dry run: would turn on the bucket's four Block Public Access settings")))
    }

    @Test func alreadyDoneSaysWhichSetting() throws {
        let result = RemediationPlanner.plan(try input(accountBlock: restrictBuckets, mode: .blockPublicAccess))
        guard case .alreadyDone(let detail) = result.steps[0].action else { throw CancellationError() }
        #expect(detail.contains("RestrictPublicBuckets (account)"))
    }

    @Test func exemptionReasonIsReported() throws {
        let result = RemediationPlanner.plan(try input(mode: .blockPublicAccess, exemption: "tagged watchpost:allow-public: website"))
        #expect(result.steps.allSatisfy {
            if case .skip(let detail) = $0.action { return detail.contains("website") }
            return false
        })
    }
}

/// The original policy the plan's alert carries (there when no evidence bucket keeps it).
private func originalPolicyForAlert(_ plan: RemediationPlan) -> String? {
    guard case .perform(.sendAlert(_, let original)) = plan.action(for: .alert) else { return nil }
    return original
}
