/// The event an SQS event source mapping delivers: a batch of messages. A function answers
/// with `batchItemFailures` naming the `messageId`s to deliver again (partial batch response).
public struct SQSEvent: Decodable, Sendable, Equatable {
    public struct Message: Decodable, Sendable, Equatable {
        public let messageId: String
        public let body: String
        public let eventSource: String
        public let eventSourceARN: String?
        public let attributes: [String: String]?

        /// How many times SQS has handed this message out: above 1, a redelivery.
        public var receiveCount: Int { attributes?["ApproximateReceiveCount"].flatMap { Int($0) } ?? 1 }
    }

    public let records: [Message]

    enum CodingKeys: String, CodingKey { case records = "Records" }

    /// The `eventSource` of records SQS delivers.
    public static let eventSource = "aws:sqs"
}

/// A partial batch response (SQS, Kinesis): the items to deliver again; the rest succeeded.
public struct BatchItemFailure: Encodable, Sendable, Equatable {
    public let itemIdentifier: String

    public init(itemIdentifier: String) { self.itemIdentifier = itemIdentifier }
}
