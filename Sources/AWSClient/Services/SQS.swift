import FoundationEssentials
import Primitives

extension AWSClient {
    public var sqs: SQS { SQS(client: self) }
}

extension AWSOperation {
    public enum SQS {
        public static let sendMessageBatch = AWSOperation(.sqs, "SendMessageBatch", iam: ["sqs:SendMessage"])
        // What an SQS event source mapping calls with the function's role to deliver the queue's
        // messages (no code here sends these).
        public static let receiveMessage = AWSOperation(.sqs, "ReceiveMessage", iam: ["sqs:ReceiveMessage"])
        public static let deleteMessage = AWSOperation(.sqs, "DeleteMessage", iam: ["sqs:DeleteMessage"])
        public static let getQueueAttributes = AWSOperation(.sqs, "GetQueueAttributes", iam: ["sqs:GetQueueAttributes"])
    }
}

/// Amazon SQS (Query protocol): what watchpost sends onto its own queues.
public struct SQS: Sendable {
    let client: AWSClient

    /// SendMessageBatch takes at most this many messages per call.
    public static let batchLimit = 10

    /// A message SQS did not take, with its reason.
    public struct FailedMessage: Sendable, Equatable {
        public let id: String
        public let code: String
    }

    /// Sends `bodies` in batches of ten; returns the ones SQS refused (by their index as a
    /// string), none dropped silently. A call that fails throws: nothing after it was sent.
    public func sendMessages(queueURL: String, bodies: [String]) async throws -> [FailedMessage] {
        var failed: [FailedMessage] = []
        for start in stride(from: 0, to: bodies.count, by: Self.batchLimit) {
            var parameters = ["QueueUrl": queueURL]
            for (offset, body) in bodies[start..<min(start + Self.batchLimit, bodies.count)].enumerated() {
                parameters["SendMessageBatchRequestEntry.\(offset + 1).Id"] = String(start + offset)
                parameters["SendMessageBatchRequestEntry.\(offset + 1).MessageBody"] = body
            }
            let root = try await client.query(.SQS.sendMessageBatch, parameters)
            let entries = root.child("SendMessageBatchResult")?.children("BatchResultErrorEntry") ?? []
            failed += entries.map { FailedMessage(id: $0.value("Id") ?? "?", code: $0.value("Code") ?? "Unknown") }
        }
        return failed
    }
}
