import WatchpostCore
import AWSClient
import Foundation
import TestSupport
import XCTest

@testable import Integrations

/// Findings and events delivered to real endpoints: moto in server mode (read back with boto3),
/// and a scripted server where moto cannot fail on cue (refused entries, a refused call).
final class DeliveryTests: XCTestCase {
    nonisolated(unsafe) static var moto: MotoServer!
    var moto: MotoServer { Self.moto }

    override class func setUp() { moto = try! MotoServer() }
    override class func tearDown() { moto.stop() }

    static let account = "123456789012"  // moto's
    static let settings = try! FunctionSettings(product: "s3-policy-checker", environment: ["SECURITY_HUB": "true"])

    static func finding(_ n: Int, active: Bool = true) -> Finding {
        var finding = Finding(kind: "bucket-exposure", account: account,
                              resource: .init(type: .s3Bucket, arn: "arn:aws:s3:::bucket-\(n)", region: "us-east-1"),
                              types: ["Effects/Data Exposure"], severity: .critical, title: "bucket-\(n) is public",
                              description: "d", recommendation: "r")
        finding.isActive = active
        return finding
    }

    func allFindings() throws -> [[String: Any]] {
        var found: [[String: Any]] = []
        var arguments: [String: Any] = ["MaxResults": 100]
        while true {
            let page = try Boto.call(moto, "securityhub", "get_findings", arguments)
            found += page["Findings"] as? [[String: Any]] ?? []
            guard let token = page["NextToken"] as? String, !token.isEmpty else { return found }
            arguments["NextToken"] = token
        }
    }

    /// moto 5.2.1 imports any number of findings per call; AWS takes "Maximum of 100 findings per
    /// request" (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html).
    /// So moto shows that all 150 land, and the calls themselves are counted: three (one
    /// GetCallerIdentity to learn the acting account, then 100 + 50 findings), not two.
    func testAHundredAndFiftyFindingsLandInTwoCallsAndAReImportUpdatesInPlace() async throws {
        let deliverer = Deliverer(settings: Self.settings, client: try moto.client())
        let tally = AWSCallTally()
        let first = await AWSCallTally.$current.withValue(tally) {
            await deliverer.importFindings((0..<150).map { Self.finding($0) }, timestamp: "2026-11-26T01:00:00.000Z")
        }
        XCTAssertEqual(first, Delivery.Findings(imported: 150, failed: []))
        XCTAssertEqual(tally.calls, 3, "GetCallerIdentity, then BatchImportFindings twice")
        let second = await deliverer.importFindings([Self.finding(7, active: false)], timestamp: "2026-11-26T02:00:00.000Z")
        XCTAssertEqual(second.imported, 1)

        let findings = try allFindings().filter { ($0["GeneratorId"] as? String) == "watchpost/s3-policy-checker" }
        XCTAssertEqual(findings.count, 150, "a re-import must update, not add")
        let seventh = try XCTUnwrap(findings.first { ($0["Id"] as? String)?.hasSuffix(":::bucket-7") == true })
        XCTAssertEqual(seventh["RecordState"] as? String, "ARCHIVED")
        XCTAssertEqual(seventh["UpdatedAt"] as? String, "2026-11-26T02:00:00.000Z")
        XCTAssertEqual(seventh["AwsAccountId"] as? String, Self.account)
    }

    /// An analyst's triage survives a re-import. Two moto 5.2.1 gaps shape this test:
    /// - it has no BatchUpdateFindings, the analyst's call (AWS: `PATCH /findings/batchupdate`,
    ///   https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindings.html), so
    ///   the triage is written here with boto3's BatchImportFindings;
    /// - its BatchImportFindings merges every field it is sent into the stored finding, where AWS
    ///   ignores Note, UserDefinedFields, VerificationState and Workflow once a finding exists
    ///   (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html).
    /// So moto is stricter than AWS here: a re-import that carried any of those fields would
    /// overwrite the triage, and this test would fail.
    func testAReImportLeavesTheAnalystsTriage() async throws {
        let deliverer = Deliverer(settings: Self.settings, client: try moto.client())
        let id = "watchpost/s3-policy-checker/bucket-exposure/arn:aws:s3:::bucket-500"
        let first = await deliverer.importFindings([Self.finding(500)], timestamp: "2026-11-26T01:00:00.000Z")
        XCTAssertEqual(first.imported, 1)
        var stored = try XCTUnwrap(allFindings().first { ($0["Id"] as? String) == id })
        // moto stores what it is sent: no Workflow, where AWS starts a new finding at NEW.
        XCTAssertNil(stored["Workflow"], "a provider sends no Workflow for an ordinary finding")

        stored["Workflow"] = ["Status": "NOTIFIED"]
        stored["Note"] = ["Text": "bucket owner asked to confirm", "UpdatedBy": "analyst", "UpdatedAt": "2026-11-26T01:30:00.000Z"]
        stored["VerificationState"] = "TRUE_POSITIVE"
        stored["UserDefinedFields"] = ["ticket": "SEC-4242"]
        try Boto.call(moto, "securityhub", "batch_import_findings", ["Findings": [stored]])

        let again = await deliverer.importFindings([Self.finding(500)], timestamp: "2026-11-26T02:00:00.000Z")
        XCTAssertEqual(again.imported, 1)
        let after = try XCTUnwrap(allFindings().first { ($0["Id"] as? String) == id })
        XCTAssertEqual(after["UpdatedAt"] as? String, "2026-11-26T02:00:00.000Z", "the re-import did land")
        XCTAssertEqual(after["Workflow"] as? [String: String], ["Status": "NOTIFIED"])
        XCTAssertEqual((after["Note"] as? [String: String])?["Text"], "bucket owner asked to confirm")
        XCTAssertEqual(after["VerificationState"] as? String, "TRUE_POSITIVE")
        XCTAssertEqual(after["UserDefinedFields"] as? [String: String], ["ticket": "SEC-4242"])
    }

    func testEventsReachTheBus() async throws {
        try Boto.call(moto, "events", "create_event_bus", ["Name": "watchpost-out"])
        let queue = try Boto.call(moto, "sqs", "create_queue", ["QueueName": "watchpost-out"])["QueueUrl"] as! String
        let queueARN = (try Boto.call(moto, "sqs", "get_queue_attributes", ["QueueUrl": queue, "AttributeNames": ["QueueArn"]])["Attributes"] as! [String: String])["QueueArn"]!
        try Boto.call(moto, "events", "put_rule", ["Name": "all", "EventBusName": "watchpost-out",
                                                   "EventPattern": #"{"source":["watchpost"]}"#])
        try Boto.call(moto, "events", "put_targets", ["Rule": "all", "EventBusName": "watchpost-out",
                                                      "Targets": [["Id": "q", "Arn": queueARN]]])
        struct Detail: Encodable, Sendable { let n: Int }
        let deliverer = Deliverer(settings: Self.settings, client: try moto.client())
        let events = (0..<12).map { OutboundEvent(detailType: "Bucket Exposure Found", detail: Detail(n: $0)) }
        let result = await deliverer.put(events, on: "watchpost-out")
        XCTAssertEqual(result, Delivery.Events(sent: 12, failed: []))

        var received: [[String: Any]] = []
        for _ in 0..<5 where received.count < 12 {
            let page = try Boto.call(moto, "sqs", "receive_message", ["QueueUrl": queue, "MaxNumberOfMessages": 10, "WaitTimeSeconds": 1])
            for message in page["Messages"] as? [[String: Any]] ?? [] {
                received.append(try JSONSerialization.jsonObject(with: Data((message["Body"] as! String).utf8)) as! [String: Any])
            }
        }
        XCTAssertEqual(received.count, 12)
        XCTAssertEqual(Set(received.compactMap { $0["source"] as? String }), ["watchpost"])
        XCTAssertEqual(Set(received.compactMap { $0["detail-type"] as? String }), ["Bucket Exposure Found"])
        XCTAssertEqual(Set(received.compactMap { ($0["detail"] as? [String: Int])?["n"] }), Set(0..<12))
    }

    // MARK: - refusals, on cue

    static let identity = (200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/t</Arn><UserId>AIDA</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>")

    func scriptedClient(_ server: ScriptedServer) throws -> AWSClient {
        try AWSClient(environment: [
            "AWS_ENDPOINT_URL": server.endpoint, "AWS_ACCESS_KEY_ID": MotoServer.exampleKeyID,
            "AWS_SECRET_ACCESS_KEY": MotoServer.exampleSecret, "AWS_REGION": "us-east-1", "HOME": "/nonexistent",
        ]).retrying(RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50)))
    }

    func entries(_ request: ScriptedServer.Request) throws -> [String] {
        let body = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as! [String: Any]
        return (body["Entries"] as! [[String: Any]]).map { $0["Detail"] as! String }
    }

    func testRefusedEntriesAreSentAgainAndOnlyThose() async throws {
        let server = try ScriptedServer(responses: [
            (200, #"{"FailedEntryCount":2,"Entries":[{"EventId":"a"},{"ErrorCode":"InternalFailure","ErrorMessage":"try again"},{"ErrorCode":"MalformedDetail","ErrorMessage":"bad"}]}"#),
            (200, #"{"FailedEntryCount":0,"Entries":[{"EventId":"b"}]}"#),
        ])
        defer { server.stop() }
        let make = { (n: Int) in EventBridge.Entry(source: "watchpost", detailType: "T\(n)", detail: #"{"n":\#(n)}"#, eventBusName: "bus") }
        let tally = AWSCallTally()
        let result = try await AWSCallTally.$current.withValue(tally) {
            try await scriptedClient(server).eventBridge.putEvents([make(1), make(2), make(3)])
        }
        XCTAssertEqual(result.sent, 2)
        XCTAssertEqual(result.failed, [EventBridge.FailedEntry(detailType: "T3", code: "MalformedDetail", message: "bad")])
        XCTAssertEqual(server.requests.count, 2)
        XCTAssertEqual(try entries(server.requests[1]), [#"{"n":2}"#], "only the retryable refusal goes again")
        XCTAssertEqual(tally.calls, 2)
        XCTAssertEqual(tally.retries, 1)
    }

    func testAnEntryRefusedOnEveryAttemptIsReported() async throws {
        let server = try ScriptedServer(responses: [
            (200, #"{"FailedEntryCount":1,"Entries":[{"ErrorCode":"ThrottlingException","ErrorMessage":"slow down"}]}"#),
        ])
        defer { server.stop() }
        let entry = EventBridge.Entry(source: "watchpost", detailType: "Instance Isolated", detail: "{}", eventBusName: "bus")
        let result = try await scriptedClient(server).eventBridge.putEvents([entry])
        XCTAssertEqual(result.sent, 0)
        XCTAssertEqual(result.failed, [EventBridge.FailedEntry(detailType: "Instance Isolated", code: "ThrottlingException", message: "slow down")])
        XCTAssertEqual(server.requests.count, 3, "AWS_MAX_ATTEMPTS bounds the retries")
    }

    func testARefusedImportListsEveryFinding() async throws {
        let server = try ScriptedServer(responses: [
            Self.identity, (403, #"{"__type":"AccessDeniedException","message":"not authorized to perform securityhub:BatchImportFindings"}"#),
        ])
        defer { server.stop() }
        let deliverer = Deliverer(settings: Self.settings, client: try scriptedClient(server))
        let result = await deliverer.importFindings([Self.finding(1), Self.finding(2)], timestamp: "t")
        XCTAssertEqual(result.imported, 0)
        XCTAssertEqual(result.failed.map(\.id), ["watchpost/s3-policy-checker/bucket-exposure/arn:aws:s3:::bucket-1",
                                                 "watchpost/s3-policy-checker/bucket-exposure/arn:aws:s3:::bucket-2"])
        XCTAssertEqual(Set(result.failed.map(\.code)), ["AccessDeniedException"])
    }

    /// The batches on the wire, at a server that answers as Security Hub does: each
    /// BatchImportFindings request is recorded, so its size is read from what was sent.
    func testNoCallCarriesMoreThanAHundredFindings() async throws {
        let accepted = { (n: Int) in (200, #"{"FailedCount":0,"SuccessCount":\#(n),"FailedFindings":[]}"#) }
        let server = try ScriptedServer(responses: [Self.identity, accepted(100), accepted(100), accepted(50)])
        defer { server.stop() }
        let deliverer = Deliverer(settings: Self.settings, client: try scriptedClient(server))
        let result = await deliverer.importFindings((0..<250).map { Self.finding($0) }, timestamp: "t")
        XCTAssertEqual(result, Delivery.Findings(imported: 250, failed: []))
        let imports = server.requests.filter { $0.path == "/findings/import" }
        let sizes = try imports.map { request in
            let body = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as! [String: Any]
            return (body["Findings"] as! [[String: Any]]).count
        }
        XCTAssertEqual(sizes, [100, 100, 50])
        let ids = try imports.flatMap { request in
            let body = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as! [String: Any]
            return (body["Findings"] as! [[String: Any]]).map { $0["Id"] as! String }
        }
        XCTAssertEqual(ids, (0..<250).map { "watchpost/s3-policy-checker/bucket-exposure/arn:aws:s3:::bucket-\($0)" },
                       "every finding sent once, in order")
    }

    func testFindingsSecurityHubRefusesOneByOneAreListed() async throws {
        let server = try ScriptedServer(responses: [
            Self.identity,
            (200, #"{"FailedCount":1,"SuccessCount":1,"FailedFindings":[{"Id":"watchpost/s3-policy-checker/bucket-exposure/arn:aws:s3:::bucket-2","ErrorCode":"InvalidInput","ErrorMessage":"Finding size exceeded 240 KB"}]}"#),
        ])
        defer { server.stop() }
        let deliverer = Deliverer(settings: Self.settings, client: try scriptedClient(server))
        let result = await deliverer.importFindings([Self.finding(1), Self.finding(2)], timestamp: "t")
        XCTAssertEqual(result.imported, 1)
        XCTAssertEqual(result.failed, [SecurityHub.FailedFinding(id: "watchpost/s3-policy-checker/bucket-exposure/arn:aws:s3:::bucket-2",
                                                                 code: "InvalidInput", message: "Finding size exceeded 240 KB")])
        let path = server.requests[1].path
        XCTAssertEqual(path, "/findings/import")
    }
}
