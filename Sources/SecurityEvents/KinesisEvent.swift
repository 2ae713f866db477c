/// The event a Kinesis event source mapping delivers: a batch of records, each `data` the
/// base64 of what the producer put (for a CloudWatch Logs destination, a gzipped subscription
/// payload). A partial batch response names records by `sequenceNumber`.
public struct KinesisEvent: Decodable, Sendable, Equatable {
    public struct Record: Decodable, Sendable, Equatable {
        public struct Payload: Decodable, Sendable, Equatable {
            public let data: String
            public let sequenceNumber: String
            public let partitionKey: String?
        }

        public let kinesis: Payload
        public let eventSource: String
        public let eventSourceARN: String?
    }

    public let records: [Record]

    enum CodingKeys: String, CodingKey { case records = "Records" }

    /// The `eventSource` of records Kinesis delivers.
    public static let eventSource = "aws:kinesis"
}
