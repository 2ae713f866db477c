extension AWSClient {
    public var sns: SNS { SNS(client: self) }
}

extension AWSOperation {
    public enum SNS {
        public static let publish = AWSOperation(.sns, "Publish", iam: ["sns:Publish"])
    }
}

public struct SNS: Sendable {
    let client: AWSClient

    /// Publishes a message; returns its MessageId. SNS subjects are at most 100 ASCII
    /// characters without line breaks, so the subject is cut to fit.
    @discardableResult
    public func publish(topicARN: String, message: String, subject: String? = nil) async throws -> String {
        var parameters = ["TopicArn": topicARN, "Message": message]
        if let subject {
            parameters["Subject"] = String(subject.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }.prefix(100).map(Character.init))
        }
        let root = try await client.query(.SNS.publish, parameters)
        return root.value("PublishResult", "MessageId") ?? ""
    }
}
