import AWSModels
import Testing
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import SecurityEvents

/// The mapping corpus: CloudTrail records across many services, every exception of issue 8.
struct ActionMapperTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let record: CloudTrailRecord
        /// action → resources (empty: `*`); a leading `~` marks an inferred action.
        let expected: [String: [String]]
        let unmapped: Bool
        var testDescription: String { "\(record.eventSource) \(record.eventName)" }

        init(_ record: CloudTrailRecord, _ expected: [String: [String]], unmapped: Bool = false) {
            self.record = record
            self.expected = expected
            self.unmapped = unmapped
        }
    }

    static let bucket = "arn:aws:s3:::example-bucket"
    static let object = "arn:aws:s3:::example-bucket/reports/2026/q3.csv"
    static var s3Object: [String: Any] { ["bucketName": "example-bucket", "key": "reports/2026/q3.csv"] }
    static var s3Bucket: [String: Any] { ["bucketName": "example-bucket"] }
    static func s3(_ name: String, _ parameters: [String: Any] = s3Object) -> CloudTrailRecord {
        TestRecords.record("s3.amazonaws.com", name, parameters: parameters)
    }
    static func with(_ base: [String: Any], _ extra: [String: Any]) -> [String: Any] {
        base.merging(extra) { _, new in new }
    }
    static let function = "arn:aws:lambda:eu-west-1:111122223333:function:thumbnailer"
    static let taskRole = "arn:aws:iam::111122223333:role/app-task"
    static let execRole = "arn:aws:iam::111122223333:role/ecs-execution"
    static let key1 = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    static let key2 = "arn:aws:kms:eu-west-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321"

    static let cases: [Case] = [
        // IAM prefix ≠ eventSource host (derived from botocore + the reference).
        Case(TestRecords.record("monitoring.amazonaws.com", "PutMetricData", parameters: ["namespace": "App"]),
             ["cloudwatch:PutMetricData": []]),
        Case(TestRecords.record("tagging.amazonaws.com", "GetResources"), ["tag:GetResources": []]),
        Case(TestRecords.record("cloudcontrolapi.amazonaws.com", "GetResource", parameters: ["typeName": "AWS::S3::Bucket", "identifier": "b"]),
             ["cloudformation:GetResource": []]),
        Case(TestRecords.record("ses.amazonaws.com", "SendEmail"), ["ses:SendEmail": []]),
        Case(TestRecords.record("elasticloadbalancing.amazonaws.com", "DescribeLoadBalancers"),
             ["elasticloadbalancing:DescribeLoadBalancers": []]),
        Case(TestRecords.record("ecr.amazonaws.com", "GetAuthorizationToken"), ["ecr:GetAuthorizationToken": []]),
        // API Gateway's management actions are HTTP methods.
        Case(TestRecords.record("apigateway.amazonaws.com", "CreateRestApi"), ["apigateway:POST": []]),
        Case(TestRecords.record("apigateway.amazonaws.com", "GetRestApis"), ["apigateway:GET": []]),
        // Version suffixes: exactly the dated ones.
        Case(TestRecords.record("lambda.amazonaws.com", "GetFunction20150331v2", parameters: ["functionName": "thumbnailer"]),
             ["lambda:GetFunction": [function]]),
        Case(TestRecords.record("lambda.amazonaws.com", "ListFunctions20150331"), ["lambda:ListFunctions": []]),
        Case(TestRecords.record("lambda.amazonaws.com", "GetFunction2", parameters: ["functionName": "thumbnailer"]), [:], unmapped: true),
        Case(TestRecords.record("lambda.amazonaws.com", "PublishLayerVersion20181031", parameters: ["layerName": "deps"]),
             ["lambda:PublishLayerVersion": []]),
        Case(TestRecords.record("cloudfront.amazonaws.com", "GetDistribution2020_05_31", parameters: ["id": "EDFDVBD6EXAMPLE"], region: "us-east-1"),
             ["cloudfront:GetDistribution": []]),
        Case(TestRecords.record("cloudfront.amazonaws.com", "CreateInvalidation2019_03_26", region: "us-east-1"),
             ["cloudfront:CreateInvalidation": []]),
        // S3: listing, heads, versions.
        Case(s3("ListObjectsV2", s3Bucket), ["s3:ListBucket": [bucket]]),
        Case(s3("ListObjects", s3Bucket), ["s3:ListBucket": [bucket]]),
        Case(s3("HeadBucket", s3Bucket), ["s3:ListBucket": [bucket]]),
        Case(s3("ListObjectVersions", s3Bucket), ["s3:ListBucketVersions": [bucket]]),
        Case(s3("ListMultipartUploads", s3Bucket), ["s3:ListBucketMultipartUploads": [bucket]]),
        Case(s3("ListBuckets", [:]), ["s3:ListAllMyBuckets": []]),
        Case(s3("HeadObject"), ["s3:GetObject": [object]]),
        Case(s3("GetObject"), ["s3:GetObject": [object]]),
        Case(s3("GetObject", with(s3Object, ["versionId": "example-version-1"])), ["s3:GetObjectVersion": [object]]),
        Case(s3("HeadObject", with(s3Object, ["versionId": "example-version-1"])), ["s3:GetObjectVersion": [object]]),
        Case(s3("DeleteObject", with(s3Object, ["versionId": "v1"])), ["s3:DeleteObjectVersion": [object]]),
        Case(s3("DeleteObject"), ["s3:DeleteObject": [object]]),
        Case(s3("PutObjectAcl", with(s3Object, ["versionId": "v1"])), ["s3:PutObjectVersionAcl": [object]]),
        Case(s3("GetObjectTagging", with(s3Object, ["versionId": "v1"])), ["s3:GetObjectVersionTagging": [object]]),
        Case(s3("GetObjectAttributes"), ["s3:GetObject": [object], "s3:GetObjectAttributes": [object]]),
        // Multipart upload and copy.
        Case(s3("CreateMultipartUpload"), ["s3:PutObject": [object]]),
        Case(s3("UploadPart", with(s3Object, ["partNumber": "1", "uploadId": "u"])), ["s3:PutObject": [object]]),
        Case(s3("CompleteMultipartUpload", with(s3Object, ["uploadId": "u"])), ["s3:PutObject": [object]]),
        Case(s3("AbortMultipartUpload", with(s3Object, ["uploadId": "u"])), ["s3:AbortMultipartUpload": [object]]),
        Case(s3("ListParts", with(s3Object, ["uploadId": "u"])), ["s3:ListMultipartUploadParts": [object]]),
        Case(s3("PutObject", with(s3Object, ["x-amz-acl": "bucket-owner-full-control", "x-amz-tagging": "team=data"])),
             ["s3:PutObject": [object], "s3:PutObjectAcl": [object], "s3:PutObjectTagging": [object]]),
        Case(s3("CopyObject", with(s3Object, ["x-amz-copy-source": "source-bucket/raw/2026%2Fq3.csv"])),
             ["s3:PutObject": [object], "s3:GetObject": ["arn:aws:s3:::source-bucket/raw/2026/q3.csv"]]),
        Case(s3("UploadPartCopy", with(s3Object, ["x-amz-copy-source": "/source-bucket/raw.csv?versionId=abc", "partNumber": "2"])),
             ["s3:PutObject": [object], "s3:GetObjectVersion": ["arn:aws:s3:::source-bucket/raw.csv"]]),
        // Bucket configuration names, and deletes that need the Put… action.
        Case(s3("GetBucketEncryption", s3Bucket), ["s3:GetEncryptionConfiguration": [bucket]]),
        Case(s3("PutBucketEncryption", s3Bucket), ["s3:PutEncryptionConfiguration": [bucket]]),
        Case(s3("DeleteBucketEncryption", s3Bucket), ["s3:PutEncryptionConfiguration": [bucket]]),
        Case(s3("GetBucketLifecycle", s3Bucket), ["s3:GetLifecycleConfiguration": [bucket]]),
        Case(s3("PutBucketLifecycleConfiguration", s3Bucket), ["s3:PutLifecycleConfiguration": [bucket]]),
        Case(s3("DeleteBucketLifecycle", s3Bucket), ["s3:PutLifecycleConfiguration": [bucket]]),
        Case(s3("GetBucketCors", s3Bucket), ["s3:GetBucketCORS": [bucket]]),
        Case(s3("DeleteBucketCors", s3Bucket), ["s3:PutBucketCORS": [bucket]]),
        Case(s3("GetBucketReplication", s3Bucket), ["s3:GetReplicationConfiguration": [bucket]]),
        Case(s3("DeleteBucketReplication", s3Bucket), ["s3:PutReplicationConfiguration": [bucket]]),
        Case(s3("DeleteBucketTagging", s3Bucket), ["s3:PutBucketTagging": [bucket]]),
        Case(s3("DeleteBucketPolicy", s3Bucket), ["s3:DeleteBucketPolicy": [bucket]]),
        Case(s3("GetBucketPolicy", s3Bucket), ["s3:GetBucketPolicy": [bucket]]),
        Case(s3("PutBucketNotificationConfiguration", s3Bucket), ["s3:PutBucketNotification": [bucket]]),
        Case(s3("GetObjectLockConfiguration", s3Bucket), ["s3:GetBucketObjectLockConfiguration": [bucket]]),
        Case(s3("DeleteBucketOwnershipControls", s3Bucket), ["s3:PutBucketOwnershipControls": [bucket]]),
        // Public access block: the bucket's or the account's.
        Case(s3("PutBucketPublicAccessBlock", s3Bucket), ["s3:PutBucketPublicAccessBlock": [bucket]]),
        Case(s3("DeleteBucketPublicAccessBlock", s3Bucket), ["s3:PutBucketPublicAccessBlock": [bucket]]),
        Case(s3("GetPublicAccessBlock", s3Bucket), ["s3:GetBucketPublicAccessBlock": [bucket]]),
        Case(s3("PutAccountPublicAccessBlock", [:]), ["s3:PutAccountPublicAccessBlock": []]),
        Case(s3("GetPublicAccessBlock", ["accountId": "111122223333"]), ["s3:GetAccountPublicAccessBlock": []]),
        Case(s3("DeleteAccountPublicAccessBlock", [:]), ["s3:PutAccountPublicAccessBlock": []]),
        // Lambda data event.
        Case(TestRecords.record("lambda.amazonaws.com", "Invoke", parameters: ["functionName": function], resources: [function]),
             ["lambda:InvokeFunction": [function]]),
        // Several actions for one call.
        Case(TestRecords.record("kms.amazonaws.com", "ReEncrypt", parameters: ["sourceKeyId": key1, "destinationKeyId": key2], resources: [key1, key2]),
             ["kms:ReEncryptFrom": [key2, key1], "kms:ReEncryptTo": [key2, key1]]),
        Case(TestRecords.record("kms.amazonaws.com", "Decrypt", resources: [key1]), ["kms:Decrypt": [key1]]),
        Case(TestRecords.record("dynamodb.amazonaws.com", "ExecuteStatement", parameters: ["statement": "SELECT * FROM \"orders\" WHERE id=?"]),
             ["dynamodb:PartiQLSelect": []]),
        Case(TestRecords.record("dynamodb.amazonaws.com", "BatchExecuteStatement", parameters: ["statements": [["statement": "UPDATE t SET a=?"], ["statement": "delete from t"]]]),
             ["dynamodb:PartiQLDelete": [], "dynamodb:PartiQLUpdate": []]),
        Case(TestRecords.record("sqs.amazonaws.com", "SendMessageBatch", parameters: ["queueUrl": "https://sqs.eu-west-1.amazonaws.com/111122223333/q"]),
             ["sqs:SendMessage": []]),
        Case(TestRecords.record("sqs.amazonaws.com", "DeleteMessageBatch"), ["sqs:DeleteMessage": []]),
        Case(TestRecords.record("sns.amazonaws.com", "PublishBatch", parameters: ["topicArn": "arn:aws:sns:eu-west-1:111122223333:alerts"]),
             ["sns:Publish": ["arn:aws:sns:eu-west-1:111122223333:alerts"]]),
        Case(TestRecords.record("dynamodb.amazonaws.com", "TransactWriteItems", parameters: ["transactItems": [
            ["put": ["tableName": "orders"]], ["conditionCheck": ["tableName": "stock"]]]]),
             ["dynamodb:ConditionCheckItem": [], "dynamodb:PutItem": []]),
        Case(TestRecords.record("dynamodb.amazonaws.com", "TransactGetItems"), ["dynamodb:GetItem": []]),
        // Inferred: PassRole and TagSession.
        Case(TestRecords.record("lambda.amazonaws.com", "CreateFunction20150331", parameters: ["functionName": "thumbnailer", "role": "arn:aws:iam::111122223333:role/thumbnailer-exec", "runtime": "provided.al2023"]),
             ["lambda:CreateFunction": [function], "~iam:PassRole": ["arn:aws:iam::111122223333:role/thumbnailer-exec"]]),
        Case(TestRecords.record("ecs.amazonaws.com", "RegisterTaskDefinition", parameters: ["family": "app", "taskRoleArn": taskRole, "executionRoleArn": execRole]),
             ["ecs:RegisterTaskDefinition": [], "~iam:PassRole": [taskRole, execRole]]),
        Case(TestRecords.record("states.amazonaws.com", "CreateStateMachine", parameters: ["name": "flow", "roleArn": taskRole]),
             ["states:CreateStateMachine": [], "~iam:PassRole": [taskRole]]),
        Case(TestRecords.record("ec2.amazonaws.com", "RunInstances", parameters: ["instanceType": "t3.micro", "iamInstanceProfile": ["name": "web"]]),
             ["ec2:RunInstances": [], "~iam:PassRole": []]),
        Case(TestRecords.record("sts.amazonaws.com", "AssumeRole", parameters: ["roleArn": taskRole, "roleSessionName": "s", "tags": [["key": "team", "value": "data"]]]),
             ["sts:AssumeRole": [taskRole], "~sts:TagSession": [taskRole]]),
        Case(TestRecords.record("sts.amazonaws.com", "AssumeRole", parameters: ["roleArn": taskRole, "roleSessionName": "s"]),
             ["sts:AssumeRole": [taskRole]]),
        // IAM calls name roles they act on: no PassRole.
        Case(TestRecords.record("iam.amazonaws.com", "GetRole", parameters: ["roleName": "app-task"], region: "us-east-1"),
             ["iam:GetRole": []]),
        Case(TestRecords.record("sns.amazonaws.com", "Publish", parameters: ["topicArn": "arn:aws:sns:eu-west-1:111122223333:alerts"]),
             ["sns:Publish": ["arn:aws:sns:eu-west-1:111122223333:alerts"]]),
        // Not in the catalogue: unmapped, never emitted.
        Case(TestRecords.record("madeup.amazonaws.com", "DoThing"), [:], unmapped: true),
        Case(s3("FrobnicateBucket", s3Bucket), [:], unmapped: true),
    ]

    @Test(arguments: cases)
    func mapsRecord(_ testCase: Case) {
        let mapping = ActionMapper().map(testCase.record)
        var actual: [String: [String]] = [:]
        for action in mapping.actions {
            actual[(action.inferred ? "~" : "") + action.action] = action.resources
        }
        #expect(actual == testCase.expected)
        #expect(mapping.unmapped == testCase.unmapped)
    }

    @Test func everyEmittedActionIsInTheCatalogue() {
        let catalogue = ActionCatalogue.shared
        for testCase in Self.cases {
            for action in ActionMapper().map(testCase.record).actions {
                let parts = action.action.split(separator: ":")
                #expect(catalogue.canonical(String(parts[0]), String(parts[1])) == action.action)
            }
        }
    }
}

struct ActionCatalogueTests {
    @Test func theGeneratedTableParsesWhole() {
        let catalogue = ActionCatalogue.shared
        let total = catalogue.raw.keys.reduce(0) { $0 + catalogue.actions($1, startingWith: "").count }
        #expect(catalogue.raw.count > 400 && total > 20_000)
        #expect(catalogue.action("s3", "getobject")?.name == "GetObject")
        #expect(catalogue.action("s3", "GetObject")?.level == .read)
        #expect(catalogue.action("iam", "PassRole")?.scopablePatterns?.map(\.text) == ["arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"])
        #expect(catalogue.action("ec2", "RunInstances")?.scopablePatterns == nil)
        #expect(catalogue.prefix(forEventSource: "monitoring.amazonaws.com") == "cloudwatch")
        #expect(catalogue.prefix(forEventSource: "s3.amazonaws.com") == "s3")
        #expect(catalogue.prefix(forEventSource: "nonexistent.amazonaws.com") == nil)
        #expect(catalogue.renames("kms", "ReEncrypt") == ["ReEncryptFrom", "ReEncryptTo"])
    }
}
