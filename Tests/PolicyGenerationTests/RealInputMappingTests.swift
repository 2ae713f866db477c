import Foundation
import Testing
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import SecurityEvents

/// The policy-generator categories real trails showed: tagging at creation, role ARNs in
/// nested or differently named members, event names that are not action names, PartiQL, and
/// no PassRole where AWS documents none. Request shapes as CloudTrail writes them.
struct RealInputMappingTests {
    let mapper = ActionMapper()
    static let role = "arn:aws:iam::111122223333:role/flow-logs"

    func actions(_ record: CloudTrailRecord) -> Set<String> { Set(mapper.map(record).actions.map(\.action)) }

    @Test func ec2TagSpecificationsNeedCreateTags() {
        let tagged = TestRecords.record("ec2.amazonaws.com", "CreateVolume", parameters: [
            "size": 8, "zone": "eu-west-1a",
            "tagSpecificationSet": ["items": [["resourceType": "volume", "tags": [["key": "team", "value": "red"]]]]],
        ])
        #expect(actions(tagged) == ["ec2:CreateVolume", "ec2:CreateTags"])
        let untagged = TestRecords.record("ec2.amazonaws.com", "CreateVolume", parameters: ["size": 8, "zone": "eu-west-1a"])
        #expect(actions(untagged) == ["ec2:CreateVolume"])
        let emptyTags = TestRecords.record("ec2.amazonaws.com", "CreateVpc", parameters: ["cidrBlock": "10.0.0.0/16", "tagSpecificationSet": ["items": []]])
        #expect(actions(emptyTags) == ["ec2:CreateVpc"])
    }

    @Test func rdsAndLambdaTagsNeedTheirTaggingAction() {
        let rds = TestRecords.record("rds.amazonaws.com", "CreateDBInstance", parameters: [
            "dBInstanceIdentifier": "db-1", "dBInstanceClass": "db.t3.micro", "engine": "postgres",
            "tags": [["key": "env", "value": "prod"]],
        ])
        #expect(actions(rds) == ["rds:CreateDBInstance", "rds:AddTagsToResource"])
        let lambda = TestRecords.record("lambda.amazonaws.com", "CreateFunction20150331", parameters: [
            "functionName": "f", "role": "arn:aws:iam::111122223333:role/f", "tags": ["team": "red"],
        ])
        #expect(actions(lambda).isSuperset(of: ["lambda:CreateFunction", "iam:PassRole"]))
        // Whatever the reference lists for CreateFunction's tags is in the catalogue and emitted.
        for dependent in ActionCatalogue.shared.dependentActions("lambda", "CreateFunction") where dependent != "iam:PassRole" {
            #expect(actions(lambda).contains(dependent))
        }
    }

    /// The Stratus Red Team record's shape: EC2 wraps the request and capitalizes members.
    @Test func flowLogsRoleNestedUnderTheRequestIsPassed() {
        let record = TestRecords.record("ec2.amazonaws.com", "CreateFlowLogs", parameters: [
            "CreateFlowLogsRequest": [
                "ResourceId": ["tag": 1, "content": "vpc-0255d384b4b458b46"], "ResourceType": "VPC",
                "TagSpecification": ["ResourceType": "vpc-flow-log", "tag": 1, "Tag": ["Value": true, "tag": 1, "Key": "team"]],
                "DeliverLogsPermissionArn": Self.role, "LogDestinationType": "cloud-watch-logs",
            ],
        ])
        let mapping = mapper.map(record)
        #expect(mapping.actions.first { $0.action == "iam:PassRole" }?.resources == [Self.role])
        #expect(Set(mapping.actions.map(\.action)) == ["ec2:CreateFlowLogs", "ec2:CreateTags", "iam:PassRole"])
    }

    @Test func aRoleTheActionIsScopedToIsNotPassed() {
        let record = TestRecords.record("ec2.amazonaws.com", "AssociateEnclaveCertificateIamRole", parameters: [
            "certificateArn": "arn:aws:acm:eu-west-1:111122223333:certificate/1", "roleArn": "arn:aws:iam::111122223333:role/enclave",
        ])
        #expect(actions(record) == ["ec2:AssociateEnclaveCertificateIamRole"])
        // A role in a member whose name says nothing about roles is not a passed role.
        let other = TestRecords.record("sns.amazonaws.com", "Publish", parameters: ["message": "arn:aws:iam::111122223333:role/x"])
        #expect(actions(other) == ["sns:Publish"])
    }

    @Test func eventNamesThatAreNotActionNames() {
        let cases: [(String, String, String)] = [
            ("budgets.amazonaws.com", "CreateBudget", "budgets:ModifyBudget"),
            ("budgets.amazonaws.com", "DeleteSubscriber", "budgets:ModifyBudget"),
            ("budgets.amazonaws.com", "DescribeBudgets", "budgets:ViewBudget"),
            ("budgets.amazonaws.com", "DescribeBudgetPerformanceHistory", "budgets:ViewBudget"),
            ("lambda.amazonaws.com", "GetLayerVersionByArn20181031", "lambda:GetLayerVersion"),
            // Streaming and conversational variants authorized as an existing action.
            ("bedrock.amazonaws.com", "Converse", "bedrock:InvokeModel"),
            ("bedrock.amazonaws.com", "ConverseStream", "bedrock:InvokeModelWithResponseStream"),
            ("bedrock.amazonaws.com", "RetrieveAndGenerateStream", "bedrock:RetrieveAndGenerate"),
            ("lambda.amazonaws.com", "InvokeWithResponseStream", "lambda:InvokeFunction"),
        ]
        for (source, name, action) in cases {
            let mapping = mapper.map(TestRecords.record(source, name))
            #expect(Set(mapping.actions.map(\.action)) == [action], "\(name)")
            #expect(!mapping.unmapped, "\(name)")
        }
    }

    @Test func partiQLStatementsGetTheirVerbsAction() {
        func record(_ name: String, _ parameters: [String: Any]) -> CloudTrailRecord {
            TestRecords.record("dynamodb.amazonaws.com", name, parameters: parameters)
        }
        #expect(actions(record("ExecuteStatement", ["statement": "SELECT * FROM \"Music\" WHERE Artist = ?"])) == ["dynamodb:PartiQLSelect"])
        #expect(actions(record("ExecuteStatement", ["statement": "  update Music SET x = 1"])) == ["dynamodb:PartiQLUpdate"])
        #expect(actions(record("BatchExecuteStatement", ["statements": [["statement": "INSERT INTO t VALUE {'a': 1}"],
                                                                        ["statement": "DELETE FROM t WHERE a = 1"]]]))
            == ["dynamodb:PartiQLInsert", "dynamodb:PartiQLDelete"])
        #expect(actions(record("ExecuteTransaction", ["transactStatements": [["statement": "UPDATE t SET a = 2"],
                                                                             ["statement": "SELECT a FROM t"]]]))
            == ["dynamodb:PartiQLUpdate", "dynamodb:PartiQLSelect"])
        // No readable verb: nothing granted, and the record is reported unmapped.
        for unreadable in [record("ExecuteStatement", ["statement": "example-statement"]),
                           record("ExecuteTransaction", ["transactStatements": [NSNull()]])] {
            let mapping = mapper.map(unreadable)
            #expect(mapping.actions.isEmpty)
            #expect(mapping.unmapped)
        }
    }
}
