import AWSClient
import Testing
@testable import Readiness

@Suite("What each function's roles must allow, derived from the calls it declares")
struct DerivedPermissionsTests {
    static func derived(_ function: String, _ settings: [String: String]) throws -> DerivedPermissions {
        try #require(DerivedPermissions.all.first { derived in
            derived.function == function && settings.allSatisfy { derived.settings[$0.key] == $0.value }
        })
    }

    static let shared = ["alertTopic": "true", "slackWebhookParameter": "false", "securityHub": "false", "eventBus": "true"]

    @Test func everyFunctionHasOneDerivationPerMode() {
        let all = DerivedPermissions.all
        #expect(Set(all.map(\.function)) == ["s3-policy-checker", "login-notifier", "forensic-isolator", "policy-generator"])
        let keys = all.map { "\($0.function) \($0.settings.sorted { $0.key < $1.key })" }
        #expect(Set(keys).count == keys.count)
    }

    @Test func aSwitchAddsWhatItsModeCallsAndNothingElse() throws {
        let alert = try Self.derived("s3-policy-checker", Self.shared.merging(["remediation": "alert", "dryRun": "false", "evidenceBucket": "true"]) { $1 })
        let block = try Self.derived("s3-policy-checker", Self.shared.merging(["remediation": "block-public-access", "dryRun": "false", "evidenceBucket": "true"]) { $1 })
        let blockDry = try Self.derived("s3-policy-checker", Self.shared.merging(["remediation": "block-public-access", "dryRun": "true", "evidenceBucket": "true"]) { $1 })
        #expect(block.roleActions.subtracting(alert.roleActions) == ["s3:PutBucketPublicAccessBlock"])
        #expect(block.memberRoleActions.subtracting(alert.memberRoleActions) == ["s3:PutBucketPublicAccessBlock"])
        #expect(blockDry.roleActions == alert.roleActions, "a dry run changes nothing, and still alerts")
    }

    @Test func aMemberRoleHoldsOnlyWhatIsCalledInTheAccountActedIn() {
        for derived in DerivedPermissions.all {
            #expect(derived.memberRoleActions.isSubset(of: derived.roleActions))
            // Alerts, evidence, events and the member roles themselves are the function's own account's.
            #expect(derived.memberRoleActions.isDisjoint(with: ["sts:AssumeRole", "sns:Publish", "s3:PutObject", "events:PutEvents",
                                                                "logs:PutLogEvents"]), "\(derived.function) \(derived.settings)")
        }
    }

    @Test func callsThatNeedNoPermissionAddNone() {
        #expect(AWSOperation.STS.getCallerIdentity.iamActions.isEmpty)
        #expect(DerivedPermissions.all.allSatisfy { !$0.roleActions.contains("sts:GetCallerIdentity") })
    }

    /// The simulator is asked only what it can answer from action and resource: not the calls IAM
    /// holds to the request's tags, nor the member roles in other accounts.
    @Test func theDoctorLeavesOutWhatTheSimulatorCannotDecide() throws {
        let function = try #require(DeployedFunction.all.first { $0.name == "forensic-isolator" })
        let values = ["partition": "aws", "region": "eu-west-1", "account": "111122223333", "EvidenceBucket": "evidence",
                      "AlertsTopic": "arn:aws:sns:eu-west-1:111122223333:alerts", "EventBus": "watchpost-events"]
        let asked = Set(try RoleReadiness.simulations(of: function, securityHub: false, values: values).get().flatMap(\.actions))
        let derived = DerivedPermissions(function, function.templateDefault, .templateDefault(securityHub: false))
        #expect(derived.calls.contains { $0.operation == .EC2.createTags && $0.only != nil })
        #expect(asked.isDisjoint(with: ["ec2:CreateTags", "ec2:CreateSnapshots", "ec2:CreateSecurityGroup", "sts:AssumeRole"]))
        #expect(asked.isSuperset(of: ["ec2:DescribeInstances", "ec2:ModifyInstanceAttribute", "s3:PutObject", "sns:Publish"]))
    }
}
