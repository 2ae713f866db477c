import AWSModels
import WatchpostCore
import Foundation
import Testing
import SecurityEvents
@testable import BucketExposureCore
@testable import BucketExposure
import Primitives

/// The sample events in events/s3-policy-checker/, as the function receives them.
func sampleEvent(_ name: String) throws -> JSONValue {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let data = try Data(contentsOf: root.appendingPathComponent("events/s3-policy-checker/\(name)"))
    return try JSONDecoder().decode(JSONValue.self, from: data)
}

func json(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

@Suite("Which event arrived")
struct TriggerTests {
    @Test(arguments: [
        ("put-bucket-policy-public.json", "watchpost-demo-public", "PutBucketPolicy", true as Bool?),
        ("put-bucket-acl-public-read.json", "watchpost-demo-acl", "PutBucketAcl", true),
        ("delete-bucket-policy.json", "watchpost-demo-public", "DeleteBucketPolicy", nil),
        ("put-bucket-public-access-block.json", "watchpost-demo-public", "PutBucketPublicAccessBlock", nil),
        ("delete-bucket-public-access-block.json", "watchpost-demo-public", "DeleteBucketPublicAccessBlock", nil),
        ("put-bucket-ownership-controls.json", "watchpost-demo-acl", "PutBucketOwnershipControls", nil),
        ("put-bucket-policy-member-account.json", "partner-exports", "PutBucketPolicy", false),
    ])
    func bucketChanges(_ file: String, _ bucket: String, _ call: String, _ requestWasPublic: Bool?) throws {
        let event = try classify(event: sampleEvent(file))
        guard case .bucketChange(let name, let change) = event.trigger else {
            Issue.record("not a bucket change: \(event.trigger)")
            return
        }
        #expect(name == bucket)
        #expect(change.eventName == call)
        #expect(event.trigger.name == call)
        #expect(change.requestWasPublic == requestWasPublic)
        #expect(event.region == "us-east-1")
        #expect(change.actor?.hasPrefix("arn:aws:sts::") == true)
        #expect(change.sourceIPAddress == "203.0.113.42")
        #expect(change.userAgent?.contains("aws-cli") == true)
    }

    @Test(arguments: ["put-bucket-policy-public.json", "put-bucket-acl-public-read.json", "delete-bucket-policy.json",
                      "put-bucket-public-access-block.json", "delete-bucket-public-access-block.json",
                      "put-bucket-ownership-controls.json", "put-bucket-policy-member-account.json",
                      "delete-account-public-access-block.json"])
    func sampleEventsHaveTheRealEnvelope(_ file: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("events/s3-policy-checker/\(file)"))
        let event = try JSONDecoder().decode(EventBridgeEvent<CloudTrailRecord>.self, from: data)
        #expect(event.detailType == EventBridgeEvent<CloudTrailRecord>.cloudTrailAPICall)
        #expect(event.source == "aws.s3")
        #expect(event.detail.eventSource == "s3.amazonaws.com")
        #expect(event.detail.eventType == "AwsApiCall")
        #expect(event.detail.recipientAccountId == event.account)
        #expect(event.detail.userIdentity?.accountId == event.account)
    }

    @Test func theDemoEventNamesWhoAndWhen() throws {
        let event = try classify(event: sampleEvent("put-bucket-policy-public.json"))
        #expect(event.account == "123456789012")
        guard case .bucketChange(_, let change) = event.trigger else { throw CancellationError() }
        #expect(change.actor == "arn:aws:sts::123456789012:assumed-role/DeveloperAccess/jdoe")
        #expect(change.eventTime == "2026-11-25T21:14:03Z")
        #expect(change.errorCode == nil)
    }

    @Test func memberAccountEventKeepsItsAccount() throws {
        #expect(try classify(event: sampleEvent("put-bucket-policy-member-account.json")).account == "444455556666")
    }

    @Test func accountLevelBlockPublicAccess() throws {
        let event = try classify(event: sampleEvent("delete-account-public-access-block.json"))
        guard case .accountBlockChange(let change) = event.trigger else {
            Issue.record("not an account change: \(event.trigger)")
            return
        }
        #expect(change.eventName == "DeleteAccountPublicAccessBlock")
    }

    @Test func schedule() throws {
        let event = try classify(event: sampleEvent("scheduled-sweep.json"))
        #expect(event.trigger == .schedule)
        #expect(event.trigger.name == "schedule")
    }

    @Test(arguments: [
        (#"[1,2]"#, "InvalidEvent", "not a JSON object"),
        (#""hello""#, "InvalidEvent", "not a JSON object"),
        (#"{"Records":[{"eventSource":"aws:s3"}]}"#, "UnsupportedEvent", "keys: Records"),
        (#"{}"#, "UnsupportedEvent", "keys: none"),
        (#"{"detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"123456789012","region":"us-east-1","detail":{}}"#,
         "UnsupportedEvent", "EC2 Instance State-change Notification from aws.ec2"),
        (#"{"detail-type":"AWS API Call via CloudTrail","source":"aws.s3","account":"123456789012","region":"us-east-1","detail":{"eventTime":"2026-11-25T21:14:03Z","eventSource":"s3.amazonaws.com","eventName":"PutObject","requestParameters":{"bucketName":"b"}}}"#,
         "UnsupportedEvent", "PutObject does not change who may access a bucket"),
        (#"{"detail-type":"AWS API Call via CloudTrail","source":"aws.iam","account":"123456789012","region":"us-east-1","detail":{}}"#,
         "UnsupportedEvent", "from aws.iam"),
        (#"{"detail-type":"AWS API Call via CloudTrail","source":"aws.s3","account":"123456789012","region":"us-east-1","detail":{"eventTime":"2026-11-25T21:14:03Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy","requestParameters":{}}}"#,
         "InvalidEvent", "without requestParameters.bucketName"),
        (#"{"detail-type":"AWS API Call via CloudTrail","source":"aws.s3","account":"123456789012","region":"us-east-1","detail":{"eventName":"PutBucketPolicy"}}"#,
         "InvalidEvent", "missing eventTime"),
        (#"{"detail-type":"AWS API Call via CloudTrail","source":"aws.s3","account":"123456789012","region":"us-east-1","detail":"x"}"#,
         "InvalidEvent", "without a detail object"),
        (#"{"detail-type":"Scheduled Event","source":"aws.events","account":"me","region":"us-east-1"}"#,
         "InvalidEvent", "without a 12-digit account"),
        (#"{"detail-type":"Scheduled Event","source":"aws.events","account":"123456789012"}"#,
         "InvalidEvent", "without a region"),
    ])
    func rejects(_ text: String, _ errorType: String, _ mentions: String) throws {
        let event = try json(text)
        do {
            _ = try classify(event: event)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.errorType == errorType)
            #expect(error.errorMessage.contains(mentions), "\(error.errorMessage)")
        }
    }

    @Test(arguments: [
        (#"{"x-amz-acl":["private"]}"#, false as Bool?),
        (#"{"x-amz-acl":["public-read-write"]}"#, true),
        (#"{"x-amz-acl":["authenticated-read"]}"#, true),
        (#"{"AccessControlPolicy":{"AccessControlList":{"Grant":[{"Grantee":{"xsi:type":"CanonicalUser","ID":"abc"},"Permission":"FULL_CONTROL"},{"Grantee":{"xsi:type":"Group","URI":"http://acs.amazonaws.com/groups/global/AllUsers"},"Permission":"READ"}]}}}"#, true),
        (#"{"AccessControlPolicy":{"AccessControlList":{"Grant":{"Grantee":{"xsi:type":"CanonicalUser","ID":"abc"},"Permission":"FULL_CONTROL"}}}}"#, false),
        (#"{"bucketName":"b"}"#, nil),
    ])
    func aclRequestHint(_ parameters: String, _ expected: Bool?) throws {
        let record = CloudTrailRecord(eventTime: "2026-11-25T21:14:03Z", eventSource: "s3.amazonaws.com",
                                      eventName: "PutBucketAcl", requestParameters: try json(parameters))
        #expect(requestWasPublic(record) == expected)
    }

    @Test func policyTextHintFromOlderRecords() throws {
        let record = CloudTrailRecord(eventTime: "2026-11-25T21:14:03Z", eventSource: "s3.amazonaws.com",
                                      eventName: "PutBucketPolicy",
                                      requestParameters: .object(["bucketPolicy": .string(publicPolicy)]))
        #expect(requestWasPublic(record) == true)
    }
}

@Suite("Configuration and exemptions")
struct ConfigurationTests {
    @Test func defaults() throws {
        let configuration = try CheckerConfiguration(environment: [:])
        #expect(configuration.mode == .alert)
        #expect(!configuration.dryRun)
        #expect(configuration.allowPublicBuckets.isEmpty)
        #expect(configuration.evidenceBucket == nil)
        #expect(configuration.sweepConcurrency == 8)
        #expect(!configuration.alertConfigured)
    }

    @Test(arguments: ["ALERT_TOPIC_ARN", "SLACK_WEBHOOK_URL", "SLACK_WEBHOOK_PARAMETER"])
    func anyAlertChannel(_ name: String) throws {
        #expect(try CheckerConfiguration(environment: [name: "configured"]).alertConfigured)
        #expect(try !CheckerConfiguration(environment: [name: " "]).alertConfigured)
    }

    @Test func everySetting() throws {
        let configuration = try CheckerConfiguration(environment: [
            "REMEDIATION": " Remove-Public-Statements ", "DRY_RUN": "true", "ALLOW_PUBLIC_BUCKETS": "www-site, assets\ndocs",
            "EVIDENCE_BUCKET": "security-evidence", "SWEEP_CONCURRENCY": "4",
        ])
        #expect(configuration.mode == .removePublicStatements)
        #expect(configuration.dryRun)
        #expect(configuration.allowPublicBuckets == ["www-site", "assets", "docs"])
        #expect(configuration.evidenceBucket == "security-evidence")
        #expect(configuration.sweepConcurrency == 4)
    }

    @Test(arguments: [["REMEDIATION": "delete-bucket"], ["SWEEP_CONCURRENCY": "0"], ["SWEEP_CONCURRENCY": "many"]])
    func rejects(_ environment: [String: String]) {
        #expect(throws: ConfigurationError.self) { try CheckerConfiguration(environment: environment) }
    }

    @Test(arguments: ["false", "", "no", "0"])
    func notDryRun(_ value: String) throws {
        #expect(try !CheckerConfiguration(environment: ["DRY_RUN": value]).dryRun)
    }

    @Test func exemptions() throws {
        let configuration = try CheckerConfiguration(environment: ["ALLOW_PUBLIC_BUCKETS": "www-site"])
        #expect(configuration.exemption(bucket: "assets", tags: ["watchpost:allow-public": "static website for docs"])
            == "tagged watchpost:allow-public: static website for docs")
        #expect(configuration.exemption(bucket: "assets", tags: ["watchpost:allow-public": ""]) == "tagged watchpost:allow-public")
        #expect(configuration.exemption(bucket: "www-site", tags: [:]) == "listed in ALLOW_PUBLIC_BUCKETS")
        #expect(configuration.exemption(bucket: "data", tags: ["team": "web"]) == nil)
        // Tag keys are case-sensitive in S3.
        #expect(configuration.exemption(bucket: "data", tags: ["Watchpost:Allow-Public": "x"]) == nil)
    }
}
