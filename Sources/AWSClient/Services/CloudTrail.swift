import FoundationEssentials

extension AWSClient {
    public var cloudTrail: CloudTrail { CloudTrail(client: self) }
}

public struct CloudTrail: Sendable {
    let client: AWSClient

    private struct LookupEventsInput: Encodable {
        struct Attribute: Encodable {
            let AttributeKey: String
            let AttributeValue: String
        }
        let LookupAttributes: [Attribute]?
        let StartTime: Double
        let EndTime: Double
        let NextToken: String?
        let MaxResults: Int
    }

    private struct LookupEventsOutput: Decodable {
        struct Event: Decodable { let CloudTrailEvent: String? }
        let Events: [Event]?
        let NextToken: String?
    }

    /// One page of management events in [start, end], as CloudTrail record JSON strings.
    /// `attribute` filters (e.g. ("Username", "deploy-role") or ("EventSource", "s3.amazonaws.com")).
    public func lookupEvents(attribute: (key: String, value: String)?, start: Date, end: Date,
                             nextToken: String?) async throws -> (events: [String], nextToken: String?) {
        let input = LookupEventsInput(
            LookupAttributes: attribute.map { [.init(AttributeKey: $0.key, AttributeValue: $0.value)] },
            StartTime: start.timeIntervalSince1970, EndTime: end.timeIntervalSince1970, NextToken: nextToken, MaxResults: 50)
        let output = try await client.json(.cloudTrail, operation: "LookupEvents", input: input, as: LookupEventsOutput.self)
        return ((output.Events ?? []).compactMap(\.CloudTrailEvent), output.NextToken)
    }
}
