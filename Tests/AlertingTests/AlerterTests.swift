import WatchpostCore
import Foundation
import XCTest

@testable import AWSClient
@testable import Alerting
import TestSupport

/// Delivery to both channels against real peers: a local HTTP server standing in for Slack's
/// webhook, and moto's SNS read back through an SQS subscription with boto3.
final class AlerterTests: XCTestCase {
    let message = SlackMessage(text: "bucket <b> is public", blocks: [
        .header("Bucket exposed"), .section("*Bucket* `b` & <friends>", fields: ["*Account*\n111122223333"]),
        .context(["watchpost"]), .actions(blockID: "confirm", [.init(text: "It was me", actionID: "yes", value: "1", style: .primary)]), .divider,
    ])

    func testBlockKitShape() throws {
        let json = try JSONSerialization.jsonObject(with: Data(JSONEncoderForSlack.encode(message))) as! [String: Any]
        let blocks = json["blocks"] as! [[String: Any]]
        XCTAssertEqual(blocks.map { $0["type"] as! String }, ["header", "section", "context", "actions", "divider"])
        XCTAssertEqual((blocks[0]["text"] as! [String: String])["type"], "plain_text")
        XCTAssertEqual(((blocks[1]["fields"] as! [[String: String]])[0])["type"], "mrkdwn")
        let button = (blocks[3]["elements"] as! [[String: Any]])[0]
        XCTAssertEqual(button["action_id"] as? String, "yes")
        XCTAssertEqual(button["style"] as? String, "primary")
        XCTAssertEqual(SlackMessage.escape("<@U123> & <https://evil|click>"), "&lt;@U123&gt; &amp; &lt;https://evil|click&gt;")
    }

    func testSendsToSlackAndSNSAndReportsEachChannel() async throws {
        let slack = try ScriptedServer()
        defer { slack.stop() }
        let moto = try MotoServer()
        defer { moto.stop() }
        let topic = try Boto.call(moto, "sns", "create_topic", ["Name": "alerts"])["TopicArn"] as! String
        let queue = try Boto.call(moto, "sqs", "create_queue", ["QueueName": "copy"])["QueueUrl"] as! String
        let queueARN = (try Boto.call(moto, "sqs", "get_queue_attributes", ["QueueUrl": queue, "AttributeNames": ["QueueArn"]])["Attributes"] as! [String: String])["QueueArn"]!
        try Boto.call(moto, "sns", "subscribe", ["TopicArn": topic, "Protocol": "sqs", "Endpoint": queueARN, "Attributes": ["RawMessageDelivery": "true"]])

        let environment = moto.environment.merging(["ALERT_TOPIC_ARN": topic, "SLACK_WEBHOOK_URL": "\(slack.endpoint)/services/T0/B0/placeholder"]) { $1 }
        let alerter = Alerter(client: try AWSClient(environment: environment), environment: environment)
        let outcomes = await alerter.send(slack: message, snsSubject: "watchpost alert", snsMessage: #"{"bucket":"b"}"#)
        XCTAssertEqual(outcomes.map(\.step.name), ["sns", "slack"])
        XCTAssertEqual(outcomes.map(\.statusWord), ["sent", "sent"])

        let posted = try XCTUnwrap(slack.requests.first)
        XCTAssertEqual(posted.path, "/services/T0/B0/placeholder")
        let body = try JSONSerialization.jsonObject(with: Data(posted.body.utf8)) as! [String: Any]
        XCTAssertEqual(body["text"] as? String, "bucket <b> is public")
        let received = try Boto.call(moto, "sqs", "receive_message", ["QueueUrl": queue])
        XCTAssertEqual((received["Messages"] as? [[String: Any]])?.first?["Body"] as? String, #"{"bucket":"b"}"#)
    }

    func testUnconfiguredChannelsAreSkippedAndFailuresReportedWithoutTheURL() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let quiet = Alerter(client: try AWSClient(environment: moto.environment), environment: moto.environment)
        let skipped = await quiet.send(slack: message, snsSubject: "s", snsMessage: "{}")
        XCTAssertEqual(skipped.map(\.status), [.skipped, .skipped])

        let port = try FreePort.pick()
        let secretPath = "/services/T0/B0/do-not-log-me"
        let environment = moto.environment.merging(["SLACK_WEBHOOK_URL": "http://127.0.0.1:\(port)\(secretPath)",
                                                    "ALERT_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:missing"]) { $1 }
        let broken = Alerter(client: try AWSClient(environment: environment), environment: environment)
        let failed = await broken.send(slack: message, snsSubject: "s", snsMessage: "{}")
        XCTAssertEqual(failed.map(\.status), [.failed, .failed])
        XCTAssertFalse(failed[1].detail.contains("do-not-log-me"), failed[1].detail)
    }

    func testWebhookFromSSMIsReadOncePerProcess() async throws {
        let slack = try ScriptedServer()
        defer { slack.stop() }
        let moto = try MotoServer()
        defer { moto.stop() }
        try Boto.call(moto, "ssm", "put_parameter", ["Name": "/watchpost/webhook", "Value": "\(slack.endpoint)/hook", "Type": "SecureString"])
        let environment = moto.environment.merging(["SLACK_WEBHOOK_PARAMETER": "/watchpost/webhook"]) { $1 }
        let client = try AWSClient(environment: environment)
        let first = await Alerter(client: client, environment: environment).send(slack: message, snsSubject: "s", snsMessage: "{}")
        XCTAssertEqual(first[1].statusWord, "sent")
        try Boto.call(moto, "ssm", "delete_parameter", ["Name": "/watchpost/webhook"])
        let second = await Alerter(client: client, environment: environment).send(slack: message, snsSubject: "s", snsMessage: "{}")
        XCTAssertEqual(second[1].statusWord, "sent", "a warm start must not read the parameter again")
        XCTAssertEqual(slack.requests.count, 2)
    }
}
