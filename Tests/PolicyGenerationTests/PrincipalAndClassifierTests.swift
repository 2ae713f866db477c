import Testing
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import SecurityEvents

struct PrincipalTests {
    @Test(arguments: [
        "arn:aws:iam::111122223333:root",
        "arn:aws:sts::111122223333:assumed-role/build-agent/ci",
        "arn:aws:iam::11112222333:role/short-account",
        "arn:aws:iam::111122223333:group/admins",
        "arn:aws:iam::111122223333:role/",
        "arn:aws:s3:::bucket",
        "role/build-agent",
        "",
    ])
    func rejectsNonRoleOrUserARNs(_ arn: String) {
        #expect(throws: PolicyRequestError.self) { try Principal(arn: arn) }
    }

    @Test func acceptsRolesAndUsersWithPaths() throws {
        let role = try Principal(arn: "arn:aws:iam::111122223333:role/service/build-agent")
        #expect(role.kind == .role && role.name == "build-agent" && role.account == "111122223333")
        let user = try Principal(arn: "arn:aws-us-gov:iam::111122223333:user/alice")
        #expect(user.kind == .user && user.partition == "aws-us-gov")
    }

    struct MatchCase: Sendable, CustomTestStringConvertible {
        let principal: String
        let record: CloudTrailRecord
        let matches: Bool
        let testDescription: String
    }

    static let matchCases: [MatchCase] = [
        MatchCase(principal: TestRecords.roleARN, record: TestRecords.record("s3.amazonaws.com", "ListBuckets"),
                  matches: true, testDescription: "role by session issuer"),
        MatchCase(principal: TestRecords.roleARN,
                  record: TestRecords.record("s3.amazonaws.com", "ListBuckets", identity: TestRecords.roleIdentity(session: "other-session")),
                  matches: true, testDescription: "any session name"),
        MatchCase(principal: "arn:aws:iam::111122223333:role/build-agent",
                  record: TestRecords.record("s3.amazonaws.com", "ListBuckets",
                                             identity: TestRecords.roleIdentity("arn:aws:iam::111122223333:role/ci/build-agent")),
                  matches: true, testDescription: "role path does not change identity"),
        MatchCase(principal: "arn:aws:iam::111122223333:role/build",
                  record: TestRecords.record("s3.amazonaws.com", "ListBuckets"),
                  matches: false, testDescription: "never by name prefix"),
        MatchCase(principal: "arn:aws:iam::444455556666:role/build-agent",
                  record: TestRecords.record("s3.amazonaws.com", "ListBuckets"),
                  matches: false, testDescription: "same name, other account"),
        MatchCase(principal: "arn:aws:iam::111122223333:role/ci-1234",
                  record: TestRecords.record("s3.amazonaws.com", "ListBuckets"),
                  matches: false, testDescription: "never by session name"),
        MatchCase(principal: "arn:aws:iam::111122223333:role/victim",
                  record: TestRecords.record("sts.amazonaws.com", "AssumeRole", parameters: ["roleArn": "arn:aws:iam::111122223333:role/victim"],
                                             resources: ["arn:aws:iam::111122223333:role/victim"]),
                  matches: false, testDescription: "never by resources[]"),
        MatchCase(principal: TestRecords.userARN,
                  record: TestRecords.record("iam.amazonaws.com", "ListUsers", identity: TestRecords.userIdentity()),
                  matches: true, testDescription: "user by its ARN"),
        MatchCase(principal: "arn:aws:iam::111122223333:user/al",
                  record: TestRecords.record("iam.amazonaws.com", "ListUsers", identity: TestRecords.userIdentity()),
                  matches: false, testDescription: "user never by prefix"),
        MatchCase(principal: TestRecords.roleARN,
                  record: TestRecords.record("kms.amazonaws.com", "GenerateDataKey",
                                             identity: TestRecords.roleIdentity().merging(["invokedBy": "s3.amazonaws.com"]) { $1 }),
                  matches: true, testDescription: "calls made on its behalf (invokedBy) count"),
        MatchCase(principal: TestRecords.roleARN,
                  record: TestRecords.record("sts.amazonaws.com", "AssumeRole",
                                             identity: ["type": "AWSService", "invokedBy": "lambda.amazonaws.com"]),
                  matches: false, testDescription: "a service's own calls"),
    ]

    @Test(arguments: matchCases)
    func matching(_ testCase: MatchCase) throws {
        #expect(try Principal(arn: testCase.principal).made(testCase.record) == testCase.matches)
    }
}

struct RecordClassifierTests {
    static let cases: [(CloudTrailRecord, RecordClass)] = [
        (TestRecords.record("sts.amazonaws.com", "GetCallerIdentity"), .excluded(reason: "no-permission-needed")),
        (TestRecords.record("sts.amazonaws.com", "GetSessionToken"), .excluded(reason: "no-permission-needed")),
        (TestRecords.record("signin.amazonaws.com", "ConsoleLogin", eventType: "AwsConsoleSignIn"), .excluded(reason: "console-sign-in")),
        (TestRecords.record("signin.amazonaws.com", "SwitchRole"), .excluded(reason: "console-sign-in")),
        (TestRecords.record("kms.amazonaws.com", "RotateKey", eventType: "AwsServiceEvent"), .excluded(reason: "aws-service-event")),
        (TestRecords.record("s3.amazonaws.com", "GetObject", errorCode: "AccessDenied"), .denied(errorCode: "AccessDenied")),
        (TestRecords.record("dynamodb.amazonaws.com", "GetItem", errorCode: "AccessDeniedException"), .denied(errorCode: "AccessDeniedException")),
        (TestRecords.record("ec2.amazonaws.com", "RunInstances", errorCode: "Client.UnauthorizedOperation"), .denied(errorCode: "Client.UnauthorizedOperation")),
        (TestRecords.record("sns.amazonaws.com", "Publish", errorCode: "AuthorizationError"), .denied(errorCode: "AuthorizationError")),
        (TestRecords.record("logs.amazonaws.com", "PutLogEvents", errorCode: "SomeNewCode",
                            errorMessage: "User: arn:aws:sts::111122223333:assumed-role/x/y is not authorized to perform: logs:PutLogEvents"),
         .denied(errorCode: "SomeNewCode")),
        (TestRecords.record("iam.amazonaws.com", "GetRole", errorCode: "NoSuchEntity"), .granted),
        (TestRecords.record("ec2.amazonaws.com", "TerminateInstances", errorCode: "Client.DryRunOperation"), .granted),
        (TestRecords.record("s3.amazonaws.com", "GetObject", errorCode: "NoSuchKey"), .granted),
        (TestRecords.record("s3.amazonaws.com", "GetObject"), .granted),
    ]

    @Test func classifies() {
        for (record, expected) in Self.cases {
            #expect(RecordClassifier.classify(record) == expected, "\(record.eventName) \(record.errorCode ?? "-")")
        }
    }
}

struct ActivityTests {
    static let window = try! TimeWindow(start: "2026-11-20T00:00:00Z", end: "2026-11-21T00:00:00Z")

    @Test func aggregatesOnlyThePrincipalsRecordsInWindowAndRegions() throws {
        var activity = Activity(principal: try Principal(arn: TestRecords.roleARN), window: Self.window, regions: ["eu-west-1"])
        let other = TestRecords.roleIdentity("arn:aws:iam::111122223333:role/someone-else")
        let records = [
            TestRecords.record("s3.amazonaws.com", "GetObject", parameters: ["bucketName": "b", "key": "k"]),
            TestRecords.record("s3.amazonaws.com", "GetObject", parameters: ["bucketName": "b", "key": "k2"]),
            TestRecords.record("s3.amazonaws.com", "PutObject", parameters: ["bucketName": "b", "key": "k"], identity: other),
            TestRecords.record("s3.amazonaws.com", "DeleteObject", parameters: ["bucketName": "b", "key": "k"], time: "2026-11-21T00:00:00Z"),
            TestRecords.record("s3.amazonaws.com", "DeleteBucket", parameters: ["bucketName": "b"], time: "2026-11-19T23:59:59Z"),
            TestRecords.record("ec2.amazonaws.com", "DescribeInstances", region: "us-west-2"),
            // Global: recorded in us-east-1, kept despite the region filter.
            TestRecords.record("iam.amazonaws.com", "GetRole", region: "us-east-1"),
            TestRecords.record("sts.amazonaws.com", "GetCallerIdentity"),
            TestRecords.record("sqs.amazonaws.com", "SendMessage", errorCode: "AccessDenied"),
            TestRecords.record("sqs.amazonaws.com", "SendMessage", errorCode: "AccessDenied"),
            TestRecords.record("madeup.amazonaws.com", "DoThing"),
            TestRecords.record("s3.amazonaws.com", "ListBuckets"),
        ]
        for record in records { activity.add(record) }
        #expect(activity.recordsRead == 12)
        #expect(activity.recordsMatched == 8)
        #expect(activity.actions == ["iam:GetRole", "s3:GetObject", "s3:ListAllMyBuckets"])
        #expect(activity.resources["s3:GetObject"] == ["arn:aws:s3:::b/k", "arn:aws:s3:::b/k2"])
        #expect(activity.resources["s3:ListAllMyBuckets"] == ["*"])
        #expect(activity.excluded == ["no-permission-needed": 1])
        #expect(activity.denied == [Activity.Denied(action: "sqs:SendMessage", errorCode: "AccessDenied"): 2])
        #expect(activity.unmapped == [Activity.Unmapped(eventSource: "madeup.amazonaws.com", eventName: "DoThing"): 1])
    }

    @Test func anUnscopedCallWidensTheActionToStar() throws {
        var activity = Activity(principal: try Principal(arn: TestRecords.roleARN), window: Self.window, regions: nil)
        activity.add(TestRecords.record("kms.amazonaws.com", "Decrypt", resources: ["arn:aws:kms:eu-west-1:111122223333:key/k1"]))
        #expect(activity.resources["kms:Decrypt"] == ["arn:aws:kms:eu-west-1:111122223333:key/k1"])
        activity.add(TestRecords.record("kms.amazonaws.com", "Decrypt"))
        activity.add(TestRecords.record("kms.amazonaws.com", "Decrypt", resources: ["arn:aws:kms:eu-west-1:111122223333:key/k2"]))
        #expect(activity.resources["kms:Decrypt"] == ["*"])
    }

    @Test func reportsInferredActionsAsSuch() throws {
        var activity = Activity(principal: try Principal(arn: TestRecords.roleARN), window: Self.window, regions: nil)
        activity.add(TestRecords.record("lambda.amazonaws.com", "CreateFunction20150331",
                                        parameters: ["functionName": "f", "role": "arn:aws:iam::111122223333:role/exec"]))
        #expect(activity.actions == ["iam:PassRole", "lambda:CreateFunction"])
        #expect(activity.inferred == ["iam:PassRole"])
    }
}
