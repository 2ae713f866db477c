/// The EventBridge envelope every rule delivers (`detail-type`, `source`, `account`, …),
/// generic over its `detail`.
public struct EventBridgeEvent<Detail: Decodable & Sendable>: Decodable, Sendable {
    public let version: String?
    public let id: String
    public let detailType: String
    public let source: String
    public let account: String
    public let time: String
    public let region: String
    public let resources: [String]
    public let detail: Detail

    enum CodingKeys: String, CodingKey {
        case version, id, source, account, time, region, resources, detail
        case detailType = "detail-type"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(String.self, forKey: .version)
        id = try container.decode(String.self, forKey: .id)
        detailType = try container.decode(String.self, forKey: .detailType)
        source = try container.decode(String.self, forKey: .source)
        account = try container.decode(String.self, forKey: .account)
        time = try container.decode(String.self, forKey: .time)
        region = try container.decode(String.self, forKey: .region)
        resources = try container.decodeIfPresent([String].self, forKey: .resources) ?? []
        detail = try container.decode(Detail.self, forKey: .detail)
    }
}

extension EventBridgeEvent {
    /// EventBridge's `detail-type` for CloudTrail management events.
    public static var cloudTrailAPICall: String { "AWS API Call via CloudTrail" }
    /// EventBridge's `detail-type` for schedule rules.
    public static var scheduled: String { "Scheduled Event" }
}
