import AWSClient
import Foundation
import Testing
@testable import Readiness

@Suite("The functions' roles, simulated; the table")
struct RoleAndTableTests {
    static let stack = [
        CloudFormation.StackResource(logicalID: "S3PolicyCheckerRole", physicalID: "watchpost-S3PolicyCheckerRole-AB12", type: "AWS::IAM::Role"),
        CloudFormation.StackResource(logicalID: "LoginNotifierRole", physicalID: "watchpost-LoginNotifierRole-CD34", type: "AWS::IAM::Role"),
        CloudFormation.StackResource(logicalID: "AlertsTopic", physicalID: "arn:aws:sns:eu-west-1:111122223333:alerts", type: "AWS::SNS::Topic"),
        CloudFormation.StackResource(logicalID: "EvidenceBucket", physicalID: "watchpost-evidence", type: "AWS::S3::Bucket"),
        CloudFormation.StackResource(logicalID: "EventBus", physicalID: "watchpost-events", type: "AWS::Events::EventBus"),
    ]

    @Test(arguments: [
        ("*", Result<String, FunctionPermissions.MissingValue>.success("*")),
        ("arn:{partition}:s3:::{EvidenceBucket}/*", .success("arn:aws:s3:::watchpost-evidence/*")),
        ("{AlertsTopic}", .success("arn:aws:sns:eu-west-1:111122223333:alerts")),
        ("arn:{partition}:ec2:{region}:{account}:instance/*", .success("arn:aws:ec2:eu-west-1:111122223333:instance/*")),
        ("{IncidentsTopic}", .failure(.init(name: "IncidentsTopic"))),
    ] as [(String, Result<String, FunctionPermissions.MissingValue>)])
    func resourcePatterns(pattern: String, expected: Result<String, FunctionPermissions.MissingValue>) {
        let values = ["partition": "aws", "region": "eu-west-1", "account": "111122223333", "AlertsTopic": "arn:aws:sns:eu-west-1:111122223333:alerts",
                      "EvidenceBucket": "watchpost-evidence"]
        #expect(FunctionPermissions.resolve(pattern, values: values) == expected)
    }

    @Test func subjectsAreTheStacksFunctionRoles() throws {
        let subjects = RoleReadiness.subjects(stack: Self.stack, partition: "aws", region: "eu-west-1", account: "111122223333",
                                              securityHub: false)
        #expect(subjects.map(\.function) == ["s3-policy-checker", "login-notifier"])
        #expect(subjects[0].roleARN == "arn:aws:iam::111122223333:role/watchpost-S3PolicyCheckerRole-AB12")
        let simulations = try subjects[0].simulations.get()
        #expect(simulations.map(\.resource) == ["*", "arn:aws:s3:::watchpost-evidence/*", "arn:aws:sns:eu-west-1:111122223333:alerts",
                                                "arn:aws:events:eu-west-1:111122223333:event-bus/watchpost-events"])
        // This stack lacks the incidents topic login-notifier publishes to.
        #expect(throws: FunctionPermissions.MissingValue(name: "IncidentsTopic")) { try subjects[1].simulations.get() }
        #expect(RoleReadiness.verdict(subjects[1], evaluations: .success([])).detail == "the stack has no IncidentsTopic, which the function uses")
    }

    @Test(arguments: [
        (Fact<[IAM.Evaluation]>.success([.init(action: "s3:GetBucketAcl", resource: "*", decision: "allowed"),
                                          .init(action: "sns:Publish", resource: "arn:t", decision: "allowed")]),
         CheckResult.Status.pass, "watchpost-S3PolicyCheckerRole-AB12 allows the 2 actions it needs"),
        (.success([.init(action: "s3:GetBucketAcl", resource: "*", decision: "implicitDeny"),
                   .init(action: "sns:Publish", resource: "arn:t", decision: "explicitDeny")]), .fail,
         "watchpost-S3PolicyCheckerRole-AB12 is denied s3:GetBucketAcl (implicitDeny), sns:Publish (explicitDeny)"),
        (.failure(CallFailure(operation: "IAM SimulatePrincipalPolicy", code: "InternalError", httpStatus: 500, isWebPage: true)), .skip,
         "SimulatePrincipalPolicy is not available here (IAM SimulatePrincipalPolicy: InternalError (HTTP 500))"),
        (.failure(CallFailure(operation: "IAM SimulatePrincipalPolicy", code: "AccessDenied", httpStatus: 403)), .fail,
         "could not simulate watchpost-S3PolicyCheckerRole-AB12: IAM SimulatePrincipalPolicy: AccessDenied (HTTP 403)"),
    ] as [(Fact<[IAM.Evaluation]>, CheckResult.Status, String)])
    func roleVerdicts(evaluations: Fact<[IAM.Evaluation]>, status: CheckResult.Status, detail: String) {
        let subject = RoleReadiness.subjects(stack: Self.stack, partition: "aws", region: "eu-west-1", account: "111122223333",
                                             securityHub: false)[0]
        let result = RoleReadiness.verdict(subject, evaluations: evaluations)
        #expect(result.scope == "s3-policy-checker")
        #expect(result.status == status)
        #expect(result.detail == detail)
    }

    @Test func anAbsentStackIsNamedAsSuch() {
        let absent = CallFailure(operation: "CloudFormation DescribeStackResources", code: "ValidationError", httpStatus: 400)
        let denied = CallFailure(operation: "CloudFormation DescribeStackResources", code: "AccessDenied", httpStatus: 403)
        #expect(RoleReadiness.stackUnreadable("watchpost", absent, allowing: "cloudformation:DescribeStackResources")
            == CheckResult("role", scope: "watchpost", .fail, "could not read: CloudFormation DescribeStackResources: ValidationError (HTTP 400)",
                           fix: "check STACK names a deployed watchpost stack in this region"))
        #expect(RoleReadiness.stackUnreadable("watchpost", denied, allowing: "cloudformation:DescribeStackResources").fix
            == "allow cloudformation:DescribeStackResources to these credentials")
    }

    /// One resource's text in template.yaml: from its logical id to the next resource.
    static func templateResource(_ logicalID: String) throws -> String {
        let template = try String(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().appendingPathComponent("../../template.yaml").standardized, encoding: .utf8)
        let lines = template.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "  \(logicalID):"[...]))
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("  ") && !$0.hasPrefix("   ") && !$0.hasPrefix("  #") } ?? lines.endIndex
        return lines[start..<end].joined(separator: "\n")
    }

    /// Every action the doctor expects of a role is granted to that role in template.yaml: a
    /// template change that drops one shows up here, not as a false alarm in someone's account.
    @Test(arguments: FunctionPermissions.all)
    func templateGrantsWhatTheDoctorExpects(function: FunctionPermissions) throws {
        let role = try Self.templateResource(function.roleLogicalID)
        for action in function.grants.flatMap(\.actions) {
            #expect(role.contains(action), "template.yaml's \(function.roleLogicalID) does not grant \(action)")
        }
    }

    @Test func withSecurityHubOnTheFindingsImportIsSimulatedToo() throws {
        let subject = RoleReadiness.subjects(stack: Self.stack, partition: "aws", region: "eu-west-1", account: "111122223333",
                                             securityHub: true)[0]
        let last = try #require(try subject.simulations.get().last)
        #expect(last == .init(actions: ["securityhub:BatchImportFindings"],
                              resource: "arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default"))
    }

    /// The integration grants come from the policy every function role shares.
    @Test func templateGrantsTheIntegrationsInTheCommonPolicy() throws {
        let policy = try Self.templateResource(FunctionPermissions.commonPolicyLogicalID)
        for action in FunctionPermissions.integrationGrants(securityHub: true).flatMap(\.actions) {
            #expect(policy.contains(action), "template.yaml's FunctionsCommonPolicy does not grant \(action)")
        }
    }

    static let results = [
        CheckResult("cloudtrail", scope: "account", .pass, "trail main logs all management events"),
        CheckResult("guardduty", scope: "eu-west-1", .fail, "no detector", fix: "aws guardduty create-detector --enable --region eu-west-1"),
        CheckResult("s3-data-events", scope: "account", .skip, "not wanted", fix: "never shown for a skip"),
        CheckResult("trail-bucket", scope: "account", .warn, "partial", fix: "do this"),
    ]

    @Test func tableAlignsColumnsAndPutsFixesUnderTheirRow() {
        #expect(ReadinessTable.render(Self.results) == """
            STATUS  CHECK           SCOPE      DETAIL
            pass    cloudtrail      account    trail main logs all management events
            FAIL    guardduty       eu-west-1  no detector
                                               fix: aws guardduty create-detector --enable --region eu-west-1
            skip    s3-data-events  account    not wanted
            WARN    trail-bucket    account    partial
                                               fix: do this

            1 passed, 1 warning, 1 failed, 1 skipped

            """)
    }

    @Test(arguments: [
        ([], Int32(0)),
        ([results[0], results[2], results[3]], 0),
        (results, 1),
    ] as [([CheckResult], Int32)])
    func exitStatusIsOneOnlyWhenSomethingFails(results: [CheckResult], status: Int32) {
        #expect(ReadinessTable.exitStatus(results) == status)
    }
}
