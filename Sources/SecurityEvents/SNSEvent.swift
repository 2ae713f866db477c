/// The event SNS delivers to a Lambda subscription: one record per message, the message
/// itself a string (often JSON the publisher serialised: an EventBridge event, a plain object).
public struct SNSEvent: Decodable, Sendable, Equatable {
    public struct Record: Decodable, Sendable, Equatable {
        public let eventSource: String
        public let eventSubscriptionArn: String?
        public let sns: Message

        enum CodingKeys: String, CodingKey {
            case eventSource = "EventSource"
            case eventSubscriptionArn = "EventSubscriptionArn"
            case sns = "Sns"
        }
    }

    public struct Message: Decodable, Sendable, Equatable {
        public let type: String?
        public let messageId: String
        public let topicArn: String
        public let subject: String?
        public let message: String
        public let timestamp: String?

        enum CodingKeys: String, CodingKey {
            case type = "Type"
            case messageId = "MessageId"
            case topicArn = "TopicArn"
            case subject = "Subject"
            case message = "Message"
            case timestamp = "Timestamp"
        }
    }

    public let records: [Record]

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }
}

extension SNSEvent.Record {
    /// The `EventSource` of records SNS delivers.
    public static var snsEventSource: String { "aws:sns" }
}
