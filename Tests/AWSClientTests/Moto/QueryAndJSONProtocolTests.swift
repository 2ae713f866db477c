import Foundation
import XCTest

@testable import AWSClient
import TestSupport

/// Query (STS, SNS, IAM, Auto Scaling, ELBv2), EC2's variant and JSON 1.1 (SSM) against moto.
final class QueryAndJSONProtocolTests: XCTestCase {
    nonisolated(unsafe) static var moto: MotoServer!
    var moto: MotoServer { Self.moto }

    override class func setUp() { moto = try! MotoServer() }
    override class func tearDown() { moto.stop() }

    func testSTSCallerIdentity() async throws {
        let identity = try await moto.client().sts.getCallerIdentity()
        XCTAssertEqual(identity.account, "123456789012")
        XCTAssertTrue(identity.arn.hasPrefix("arn:aws:"))
    }

    func testSNSPublishReachesASubscriber() async throws {
        let topic = try Boto.call(moto, "sns", "create_topic", ["Name": "alerts"])["TopicArn"] as! String
        let queueURL = try Boto.call(moto, "sqs", "create_queue", ["QueueName": "alerts-copy"])["QueueUrl"] as! String
        let queueARN = (try Boto.call(moto, "sqs", "get_queue_attributes", ["QueueUrl": queueURL, "AttributeNames": ["QueueArn"]])["Attributes"] as! [String: String])["QueueArn"]!
        try Boto.call(moto, "sns", "subscribe", ["TopicArn": topic, "Protocol": "sqs", "Endpoint": queueARN, "Attributes": ["RawMessageDelivery": "true"]])

        let message = #"{"bucket":"b","verdict":"public","note":"ünïcode & <xml>"}"#
        let id = try await moto.client().sns.publish(topicARN: topic, message: message, subject: "watchpost: bucket b is public\nsecond line")
        XCTAssertFalse(id.isEmpty)
        let received = try Boto.call(moto, "sqs", "receive_message", ["QueueUrl": queueURL, "WaitTimeSeconds": 1])
        XCTAssertEqual((received["Messages"] as? [[String: Any]])?.first?["Body"] as? String, message)
    }

    func testIAMQueryProtocol() async throws {
        let client = try moto.client()
        _ = try await client.query(.createUser, ["UserName": "deployer"])
        let users = try await client.query(.listUsers)
        let names = users.child("ListUsersResult")?.child("Users")?.children("member").compactMap { $0.value("UserName") }
        XCTAssertEqual(names, ["deployer"])
        let independent = try Boto.call(moto, "iam", "get_user", ["UserName": "deployer"])
        XCTAssertNotNil(independent["User"])
        do {
            _ = try await client.query(.getUser, ["UserName": "nobody"])
            XCTFail("expected NoSuchEntity")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "NoSuchEntity")
            XCTAssertEqual(error.service, "IAM")
        }
    }

    func testAutoScalingAndELBv2QueryProtocol() async throws {
        let client = try moto.client()
        let groups = try await client.query(.AutoScaling.describeAutoScalingGroups)
        XCTAssertNotNil(groups.child("DescribeAutoScalingGroupsResult")?.child("AutoScalingGroups"))
        let vpc = (try Boto.call(moto, "ec2", "create_vpc", ["CidrBlock": "10.9.0.0/16"])["Vpc"] as! [String: Any])["VpcId"] as! String
        _ = try await client.query(.createTargetGroup, ["Name": "web", "Protocol": "HTTP", "Port": "80", "VpcId": vpc])
        let groupsSeen = try Boto.call(moto, "elbv2", "describe_target_groups", [:])["TargetGroups"] as! [[String: Any]]
        XCTAssertEqual(groupsSeen.compactMap { $0["TargetGroupName"] as? String }, ["web"])
    }

    func testEC2DescribeInstancesWithFiltersAndPagination() async throws {
        let image = ((try Boto.call(moto, "ec2", "describe_images", [:])["Images"] as! [[String: Any]]).first!["ImageId"] as! String)
        try Boto.call(moto, "ec2", "run_instances", ["ImageId": image, "MinCount": 3, "MaxCount": 3,
                                                     "TagSpecifications": [["ResourceType": "instance", "Tags": [["Key": "Environment", "Value": "production"]]]]])
        try Boto.call(moto, "ec2", "run_instances", ["ImageId": image, "MinCount": 2, "MaxCount": 2])
        let ec2 = try moto.client().ec2
        let production = try await ec2.describeInstances(filters: ["tag:Environment": ["production"]])
        XCTAssertEqual(production.count, 3)
        XCTAssertEqual(production.map { $0.tags["Environment"] }, ["production", "production", "production"])
        let one = production[0].instanceId
        let byID = try await ec2.describeInstances(ids: [one])
        XCTAssertEqual(byID.map(\.instanceId), [one])

        // Pagination: ask for pages of 5 (the minimum) over more instances than that.
        try Boto.call(moto, "ec2", "run_instances", ["ImageId": image, "MinCount": 4, "MaxCount": 4])
        var seen: [String] = []
        var token: String?
        repeat {
            var parameters = ["MaxResults": "5"]
            if let token { parameters["NextToken"] = token }
            let page = try await moto.client().query(.EC2.describeInstances, parameters)
            seen += page.child("reservationSet")?.children("item").flatMap { $0.child("instancesSet")?.children("item") ?? [] }
                .compactMap { $0.value("instanceId") } ?? []
            token = page.value("nextToken")
        } while token != nil
        let all = try await ec2.describeInstances()
        XCTAssertEqual(Set(seen), Set(all.map(\.instanceId)))
        XCTAssertEqual(all.count, 9)

        do {
            _ = try await ec2.describeInstances(ids: ["i-0123456789abcdef0"])
            XCTFail("expected InvalidInstanceID.NotFound")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "InvalidInstanceID.NotFound")
        }
    }

    func testSSMSecureStringThroughJSONProtocol() async throws {
        // Placeholder-shaped value, clearly not a real webhook.
        let value = "https://hooks.example.invalid/services/T000/B000/XXXXXXXX"
        try Boto.call(moto, "ssm", "put_parameter", ["Name": "/watchpost/slack", "Value": value, "Type": "SecureString"])
        let read = try await moto.client().ssm.getParameter("/watchpost/slack")
        XCTAssertEqual(read, value)
        do {
            _ = try await moto.client().ssm.getParameter("/watchpost/missing")
            XCTFail("expected ParameterNotFound")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "ParameterNotFound")
            XCTAssertEqual(error.service, "SSM")
        }
    }
}
