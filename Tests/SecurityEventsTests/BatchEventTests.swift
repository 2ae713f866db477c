import Foundation
import SecurityEvents
import Testing

/// The batch events of queue and stream event source mappings, in the shape AWS documents them.
struct BatchEventTests {
    @Test func anSQSBatch() throws {
        let json = #"""
            {"Records":[{"messageId":"059f36b4-87a3-44ab-83d2-661975830a7d","receiptHandle":"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
             "body":"{\"sweep\":\"s\",\"account\":\"111122223333\"}","attributes":{"ApproximateReceiveCount":"3",
             "SentTimestamp":"1545082649183","SenderId":"AIDAIENQZJOLO23YVJ4VO","ApproximateFirstReceiveTimestamp":"1545082649185"},
             "messageAttributes":{},"eventSource":"aws:sqs",
             "eventSourceARN":"arn:aws:sqs:us-east-1:111122223333:watchpost-sweep","awsRegion":"us-east-1"}]}
            """#
        let event = try JSONDecoder().decode(SQSEvent.self, from: Data(json.utf8))
        #expect(event.records.count == 1)
        #expect(event.records[0].messageId == "059f36b4-87a3-44ab-83d2-661975830a7d")
        #expect(event.records[0].eventSource == SQSEvent.eventSource)
        #expect(event.records[0].receiveCount == 3)
    }

    @Test func aKinesisBatch() throws {
        let json = #"""
            {"Records":[{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"1",
             "sequenceNumber":"49590338271490256608559692538361571095921575989136588898","data":"SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==",
             "approximateArrivalTimestamp":1545084650.987},"eventSource":"aws:kinesis","eventVersion":"1.0",
             "eventID":"shardId-000000000006:49590338271490256608559692538361571095921575989136588898",
             "eventName":"aws:kinesis:record","invokeIdentityArn":"arn:aws:iam::111122223333:role/lambda-role",
             "awsRegion":"us-east-2","eventSourceARN":"arn:aws:kinesis:us-east-2:111122223333:stream/lambda-stream"}]}
            """#
        let event = try JSONDecoder().decode(KinesisEvent.self, from: Data(json.utf8))
        #expect(event.records[0].kinesis.sequenceNumber == "49590338271490256608559692538361571095921575989136588898")
        #expect(Data(base64Encoded: event.records[0].kinesis.data) == Data("Hello, this is a test.".utf8))
        #expect(event.records[0].eventSource == KinesisEvent.eventSource)
    }

    @Test func aPartialBatchResponseNamesItems() throws {
        let body = try JSONEncoder().encode([BatchItemFailure(itemIdentifier: "m-1")])
        #expect(String(decoding: body, as: UTF8.self) == #"[{"itemIdentifier":"m-1"}]"#)
    }
}
