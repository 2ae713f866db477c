import Testing
import WatchpostCore
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import SecurityEvents
import Primitives

/// What applying a generated policy plans, given what the target holds.
struct PolicyApplyPlannerTests {
    static let arn = "arn:aws:iam::111122223333:policy/team/app-least"

    func plan(_ target: PolicyRequest.ApplyTarget?, _ state: PolicyTargetState = PolicyTargetState(),
              output: (bucket: String, key: String)? = nil, dryRun: Bool = false) throws -> PolicyApplyPlan {
        let report = try PolicyIntegrationsTests.report(granted: [])
        return PolicyApplyPlanner.plan(target.map { ($0, state) }, report: report, principal: try Principal(arn: report.principal),
                                       output: output, dryRun: dryRun)
    }

    var current: String { get throws { try PolicyIntegrationsTests.report(granted: []).policy.json } }

    @Test func aMissingManagedPolicyIsCreatedUnderItsPathAndName() throws {
        #expect(try plan(.managedPolicy(arn: Self.arn)).steps
            == [.init(.createPolicy, .perform(.createPolicy(arn: Self.arn, path: "/team/", name: "app-least")))])
    }

    @Test func whatAlreadyHoldsThePolicyIsLeftAlone() throws {
        let same = PolicyTargetState(document: try current)
        #expect(try plan(.managedPolicy(arn: Self.arn), same).steps
            == [.init(.createPolicyVersion, .alreadyDone("the default version already holds this policy"))])
        #expect(try plan(.inlinePolicy(name: "least"), same).steps
            == [.init(.putInlinePolicy, .alreadyDone("build-agent already has this policy as least"))])
    }

    @Test func theOldestVersionGoesFirstWhenIAMHoldsFiveAndTheNewOneWaitsForIt() throws {
        let full = PolicyTargetState(document: #"{"Statement":[]}"#, versionCount: 5, oldestDeletableVersion: "v1")
        let plan = try plan(.managedPolicy(arn: Self.arn), full)
        #expect(plan.steps == [.init(.deletePolicyVersion, .perform(.deletePolicyVersion(arn: Self.arn, versionID: "v1", count: 5))),
                               .init(.createPolicyVersion, .perform(.createPolicyVersion(arn: Self.arn)))])
        #expect(plan.blocker(for: .createPolicyVersion, given: [StepOutcome(.deletePolicyVersion, .failed, "LimitExceeded")])
            == "not attempted: delete-policy-version failed (LimitExceeded)")
        let roomy = PolicyTargetState(document: #"{"Statement":[]}"#, versionCount: 4, oldestDeletableVersion: "v1")
        #expect(try self.plan(.managedPolicy(arn: Self.arn), roomy).steps.map(\.step) == [.createPolicyVersion])
    }

    @Test func aTargetThatCouldNotBeReadIsNotWrittenAndGivesNoChanges() throws {
        let refused = PolicyTargetState(unknown: [.readPolicy: "AccessDenied"])
        #expect(try plan(.inlinePolicy(name: "least"), refused).steps == [.init(.readPolicy, .fail("AccessDenied"))])
        let report = try PolicyIntegrationsTests.report(granted: [])
        #expect(PolicyApplyPlanner.changes((.inlinePolicy(name: "least"), refused), report: report) == ([], []))
        #expect(PolicyApplyPlanner.changes((.inlinePolicy(name: "least"), PolicyTargetState()), report: report)
            == (["s3:GetObject"], []))
        let unlisted = PolicyTargetState(document: #"{"Statement":[]}"#, unknown: [.listPolicyVersions: "Throttling"])
        #expect(try plan(.managedPolicy(arn: Self.arn), unlisted).steps == [.init(.listPolicyVersions, .fail("Throttling"))])
    }

    @Test func aDryRunWritesNothingAndSaysWhatItWould() throws {
        let full = PolicyTargetState(document: #"{"Statement":[]}"#, versionCount: 5, oldestDeletableVersion: "v1")
        let plan = try plan(.managedPolicy(arn: Self.arn), full, output: ("out", "k.json"), dryRun: true)
        #expect(plan.steps == [.init(.deletePolicyVersion, .skip("dry run: would delete v1")),
                               .init(.createPolicyVersion, .skip("dry run: would set a new default version of \(Self.arn)")),
                               .init(.writeS3, .skip("dry run: would write s3://out/k.json"))])
    }

    @Test func theCopyInTheOutputBucketIsPlannedWithOrWithoutATarget() throws {
        #expect(try plan(nil, output: ("out", "k.json")).steps == [.init(.writeS3, .perform(.writeOutput(bucket: "out", key: "k.json")))])
    }

    @Test func pathAndNameOfAPolicyARN() {
        #expect(PolicyApplyPlanner.pathAndName(of: "arn:aws:iam::111122223333:policy/app-least") == ("/", "app-least"))
        #expect(PolicyApplyPlanner.pathAndName(of: "arn:aws:iam::111122223333:policy/team/ci/app-least") == ("/team/ci/", "app-least"))
    }

    @Test func comparesDocumentsAsJSONNotBytes() {
        #expect(PolicyTargetState.sameDocument(#"{"Version":"2012-10-17","Statement":[]}"#, #"{ "Statement": [], "Version": "2012-10-17" }"#))
        #expect(!PolicyTargetState.sameDocument(#"{"Statement":[{"Action":"s3:GetObject"}]}"#, #"{"Statement":[{"Action":"s3:PutObject"}]}"#))
    }

    @Test func allowedActionsOfADocument() {
        let document: JSONValue = ["Statement": [
            ["Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"]],
            ["Effect": "Deny", "Action": "s3:DeleteObject"],
            ["Effect": "Allow", "Action": "sqs:SendMessage"],
        ]]
        #expect(PolicyTargetState.allowedActions(document) == ["s3:GetObject", "s3:ListBucket", "sqs:SendMessage"])
        #expect(PolicyTargetState.allowedActions(["Statement": ["Effect": "Allow", "Action": "kms:Decrypt"]]) == ["kms:Decrypt"])
    }
}
