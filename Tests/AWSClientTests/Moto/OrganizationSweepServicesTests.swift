import Foundation
import XCTest

@testable import AWSClient
import TestSupport

/// Organizations (JSON 1.1, global endpoint) and SQS batches against moto, read back with boto3.
final class OrganizationSweepServicesTests: XCTestCase {
    nonisolated(unsafe) static var moto: MotoServer!
    var moto: MotoServer { Self.moto }

    override class func setUp() { moto = try! MotoServer() }
    override class func tearDown() { moto.stop() }

    func testEveryAccountOfTheOrganizationAcrossPages() async throws {
        try Boto.call(moto, "organizations", "create_organization", ["FeatureSet": "ALL"])
        var created: Set<String> = []
        for index in 0..<25 {
            let status = try Boto.call(moto, "organizations", "create_account",
                                       ["AccountName": "member-\(index)", "Email": "member-\(index)@example.com"])
            created.insert((status["CreateAccountStatus"] as! [String: Any])["AccountId"] as! String)
        }
        let independent = try Boto.call(moto, "organizations", "list_accounts")["Accounts"] as! [[String: Any]]
        let accounts = try await moto.client().organizations.listAccounts()
        XCTAssertEqual(Set(accounts.map(\.id)), Set(independent.map { $0["Id"] as! String }))
        XCTAssertTrue(created.isSubset(of: Set(accounts.map(\.id))), "the management account and every member")
        XCTAssertEqual(accounts.count, 26)
        XCTAssertTrue(accounts.allSatisfy { $0.state == "ACTIVE" }, "\(accounts.map(\.state))")
    }

    func testMessagesInBatchesOfTenNoneLost() async throws {
        let queueURL = try Boto.call(moto, "sqs", "create_queue", ["QueueName": "sweep"])["QueueUrl"] as! String
        let bodies = (0..<23).map { #"{"sweep":"s","account":"\#(String(format: "%012d", $0))"}"# }
        let failed = try await moto.client().sqs.sendMessages(queueURL: queueURL, bodies: bodies)
        XCTAssertEqual(failed, [])
        var received: [String] = []
        while true {
            let page = try Boto.call(moto, "sqs", "receive_message", ["QueueUrl": queueURL, "MaxNumberOfMessages": 10])
            guard let messages = page["Messages"] as? [[String: Any]], !messages.isEmpty else { break }
            for message in messages {
                received.append(message["Body"] as! String)
                try Boto.call(moto, "sqs", "delete_message", ["QueueUrl": queueURL, "ReceiptHandle": message["ReceiptHandle"] as! String])
            }
        }
        XCTAssertEqual(received.sorted(), bodies.sorted())
    }

    func testAnOversizedMessageIsReportedNotDropped() async throws {
        // moto refuses the whole call for one message over the queue's size limit; the caller
        // sees AWS's error, and nothing of that batch is taken as sent.
        let queueURL = try Boto.call(moto, "sqs", "create_queue", ["QueueName": "small", "Attributes": ["MaximumMessageSize": "1024"]])["QueueUrl"] as! String
        do {
            _ = try await moto.client().sqs.sendMessages(queueURL: queueURL, bodies: ["ok", String(repeating: "x", count: 2048)])
            XCTFail("an oversized message must not pass silently")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "InvalidParameterValue")
        }
    }

    func testEntriesSQSRefusesAreReturned() async throws {
        // SQS's documented answer when it takes some entries of a batch and not others (moto
        // never gives one): a BatchResultErrorEntry per refused entry, beside the successes.
        let server = try ScriptedServer(responses: [(200, """
            <SendMessageBatchResponse><SendMessageBatchResult>\
            <SendMessageBatchResultEntry><Id>0</Id><MessageId>m-0</MessageId></SendMessageBatchResultEntry>\
            <BatchResultErrorEntry><Id>1</Id><Code>InvalidMessageContents</Code><SenderFault>true</SenderFault></BatchResultErrorEntry>\
            </SendMessageBatchResult></SendMessageBatchResponse>
            """)])
        defer { server.stop() }
        let client = try AWSClient(environment: [
            "AWS_ENDPOINT_URL": server.endpoint, "AWS_ACCESS_KEY_ID": MotoServer.exampleKeyID,
            "AWS_SECRET_ACCESS_KEY": MotoServer.exampleSecret, "AWS_REGION": "us-east-1", "HOME": "/nonexistent",
        ])
        let failed = try await client.sqs.sendMessages(queueURL: "\(server.endpoint)/123456789012/sweep", bodies: ["a", "b"])
        XCTAssertEqual(failed, [SQS.FailedMessage(id: "1", code: "InvalidMessageContents")])
        let form = try XCTUnwrap(server.requests.first?.body)
        XCTAssertTrue(form.contains("Action=SendMessageBatch") && form.contains("SendMessageBatchRequestEntry.2.MessageBody=b"), form)
    }
}
