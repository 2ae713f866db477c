import AWSClient

/// What became of the findings and events of one invocation: the response's `delivery`,
/// present for each integration that is turned on. A refused finding or event is listed with
/// AWS's reason; none is dropped silently.
public struct Delivery: Sendable, Equatable, Encodable {
    public struct Findings: Sendable, Equatable, Encodable {
        public var imported = 0
        public var failed: [SecurityHub.FailedFinding] = []
    }

    public struct Events: Sendable, Equatable, Encodable {
        public var sent = 0
        public var failed: [EventBridge.FailedEntry] = []
    }

    public var securityHub: Findings?
    public var events: Events?
}

/// A function's response with its `delivery` beside the response's own fields.
public struct Reported<Output: Encodable & Sendable>: Sendable, Encodable {
    public let output: Output
    public let delivery: Delivery?

    public init(output: Output, delivery: Delivery?) {
        self.output = output
        self.delivery = delivery
    }

    enum CodingKeys: String, CodingKey { case delivery }

    public func encode(to encoder: any Encoder) throws {
        try output.encode(to: encoder)
        if let delivery {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(delivery, forKey: .delivery)
        }
    }
}
