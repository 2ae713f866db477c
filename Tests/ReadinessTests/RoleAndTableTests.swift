import AWSClient
import Alerting
import Foundation
import Integrations
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
        CloudFormation.StackResource(logicalID: "SweepQueue", physicalID: "https://sqs.eu-west-1.amazonaws.com/111122223333/watchpost-SweepQueue-EF56",
                                     type: "AWS::SQS::Queue"),
        CloudFormation.StackResource(logicalID: "LoginStream", physicalID: "watchpost-logins", type: "AWS::Kinesis::Stream"),
    ]

    @Test(arguments: [
        ("*", Result<String, ResourcePattern.MissingValue>.success("*")),
        ("arn:{partition}:s3:::{EvidenceBucket}/*", .success("arn:aws:s3:::watchpost-evidence/*")),
        ("{AlertsTopic}", .success("arn:aws:sns:eu-west-1:111122223333:alerts")),
        ("arn:{partition}:ec2:{region}:{account}:instance/*", .success("arn:aws:ec2:eu-west-1:111122223333:instance/*")),
        ("{IncidentsTopic}", .failure(.init(name: "IncidentsTopic"))),
    ] as [(String, Result<String, ResourcePattern.MissingValue>)])
    func resourcePatterns(pattern: String, expected: Result<String, ResourcePattern.MissingValue>) {
        let values = ["partition": "aws", "region": "eu-west-1", "account": "111122223333", "AlertsTopic": "arn:aws:sns:eu-west-1:111122223333:alerts",
                      "EvidenceBucket": "watchpost-evidence"]
        #expect(ResourcePattern.resolve(pattern, values: values) == expected)
    }

    @Test func subjectsAreTheStacksFunctionRoles() throws {
        let subjects = RoleReadiness.subjects(stack: Self.stack, partition: "aws", region: "eu-west-1", account: "111122223333",
                                              securityHub: false)
        #expect(subjects.map(\.function) == ["s3-policy-checker", "login-notifier"])
        #expect(subjects[0].roleARN == "arn:aws:iam::111122223333:role/watchpost-S3PolicyCheckerRole-AB12")
        let simulations = try subjects[0].simulations.get()
        #expect(simulations.map(\.resource) == ["*", "arn:aws:s3:::*", "arn:aws:sqs:eu-west-1:111122223333:watchpost-SweepQueue-EF56",
                                                "arn:aws:s3:::watchpost-evidence/sweeps/*", "arn:aws:sns:eu-west-1:111122223333:alerts",
                                                "arn:aws:events:eu-west-1:111122223333:event-bus/watchpost-events"])
        // This stack lacks the incidents topic login-notifier publishes to.
        #expect(throws: ResourcePattern.MissingValue(name: "IncidentsTopic")) { try subjects[1].simulations.get() }
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

    /// The values the declared calls' resource placeholders take in the resolved template.
    static func placeholders(_ template: TemplatePolicies) -> [String: String] {
        template.physical.merging(["partition": "aws", "region": TemplatePolicies.region, "account": TemplatePolicies.account]) { $1 }
    }

    /// Every grant the doctor expects of a role is in template.yaml's policy for that role, read
    /// as a policy: an Allow statement of the role's own inline policies, not under `!If` and
    /// with no IAM condition, whose actions and resources (resolved, IAM wildcards) cover each
    /// action on the grant's resource. A template change that drops one, or narrows its resource
    /// away, shows up here, not as a false alarm in someone's account; added statements do not matter.
    @Test(arguments: DeployedFunction.all)
    func templateGrantsWhatTheDoctorExpects(function: DeployedFunction) throws {
        let template = try TemplatePolicies.load()
        #expect(template.statements[function.roleLogicalID]?.isEmpty == false, "no policy for \(function.roleLogicalID)")
        for simulation in try RoleReadiness.simulations(of: function, securityHub: false, values: Self.placeholders(template)).get() {
            for action in simulation.actions {
                #expect(template.grants(function.roleLogicalID, action, on: simulation.resource),
                        "template.yaml's \(function.roleLogicalID) does not grant \(action) on \(simulation.resource)")
            }
        }
    }

    /// A call declared without `only` is one IAM decides by action and resource alone, in every
    /// mode: some statement of the role, if need be under the switch's `!If`, grants it with no IAM
    /// condition. (A resource named by a template parameter, such as the trail bucket, resolves to
    /// nothing here; test_permissions_derived holds those calls' actions to the template.)
    @Test(arguments: DeployedFunction.all)
    func callsDeclaredWithoutConditionsAreGrantedWithout(function: DeployedFunction) throws {
        let template = try TemplatePolicies.load()
        let everyChannel = Alerter.Channels(topic: true, slackWebhookParameter: true)
        for mode in function.modes {
            for call in mode.calls(everyChannel) where call.account != .members && call.only == nil {
                guard case .success(let resource) = ResourcePattern.resolve(call.resource, values: Self.placeholders(template)) else { continue }
                for action in call.operation.iamActions {
                    #expect(template.grants(function.roleLogicalID, action, on: resource, allowingConditional: true),
                            "\(function.name) \(mode.settings): \(action) on \(resource) is granted only under an IAM condition, or not at all")
                }
            }
        }
    }

    /// The reading above can fail: IAM wildcards, resolved resources, conditions and `!If`.
    @Test func theTemplateReadingTellsGrantsApart() throws {
        #expect(TemplatePolicies.matches("s3:Get*", "s3:GetObject") && !TemplatePolicies.matches("s3:Get*", "s3:PutObject"))
        #expect(TemplatePolicies.matches("arn:aws:ec2:*:111122223333:*", "arn:aws:ec2:us-east-1:111122223333:instance/*"))
        #expect(!TemplatePolicies.matches("arn:aws:s3:::EvidenceBucket/policies/*", "arn:aws:s3:::EvidenceBucket/*"))
        let template = try TemplatePolicies.load()
        #expect(template.grants("S3PolicyCheckerRole", "s3:GetBucketPolicy", on: "arn:aws:s3:::data"))
        #expect(!template.grants("S3PolicyCheckerRole", "s3:PutObject", on: "*"), "evidence writes are scoped to the bucket")
        #expect(!template.grants("S3PolicyCheckerRole", "iam:PutRolePolicy", on: "*"))
        #expect(!template.grants("FunctionsCommonPolicy", "securityhub:BatchImportFindings",
                                 on: "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default"),
                "only under !If HasSecurityHub")
    }

    @Test func withSecurityHubOnTheFindingsImportIsSimulatedToo() throws {
        let subject = RoleReadiness.subjects(stack: Self.stack, partition: "aws", region: "eu-west-1", account: "111122223333",
                                             securityHub: true)[0]
        let last = try #require(try subject.simulations.get().last)
        #expect(last == .init(actions: ["securityhub:BatchImportFindings"],
                              resource: "arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default"))
    }

    /// The integration grants come from the policy every function role shares (Security Hub's
    /// under its `!If`, as the stack grants it only with SecurityHub on), read as a policy as above.
    @Test func templateGrantsTheIntegrationsInTheCommonPolicy() throws {
        let template = try TemplatePolicies.load()
        for call in Delivery.calls(securityHub: true, eventBus: true) {
            let resource = try ResourcePattern.resolve(call.resource, values: Self.placeholders(template)).get()
            for action in call.operation.iamActions {
                #expect(template.grants("FunctionsCommonPolicy", action, on: resource, allowingConditional: true),
                        "template.yaml's FunctionsCommonPolicy does not grant \(action) on \(resource)")
            }
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
