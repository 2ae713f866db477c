import FoundationEssentials
import Primitives

/// A GuardDuty finding as EventBridge delivers it: the `detail` of a `GuardDuty Finding` event
/// (camelCase, unlike the PascalCase of the GuardDuty API). Only the fields watchpost reads.
public struct GuardDutyFinding: Decodable, Sendable, Equatable {
    public struct Resource: Decodable, Sendable, Equatable {
        /// "Instance", "AccessKey", "S3Bucket", "EKSCluster", "ECSCluster", "Container", "Lambda", …
        public let resourceType: String
        public let instanceDetails: InstanceDetails?
    }

    public struct InstanceDetails: Decodable, Sendable, Equatable {
        public struct Tag: Decodable, Sendable, Equatable {
            public let key: String
            public let value: String
        }
        public let instanceId: String?
        public let instanceType: String?
        public let instanceState: String?
        public let availabilityZone: String?
        public let imageId: String?
        /// GuardDuty sends epoch milliseconds in some findings and ISO 8601 in others; anything
        /// else decodes as nil rather than rejecting the whole finding.
        public let launchTime: Date?
        public let tags: [Tag]?

        enum CodingKeys: String, CodingKey {
            case instanceId, instanceType, instanceState, availabilityZone, imageId, launchTime, tags
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            instanceId = try container.decodeIfPresent(String.self, forKey: .instanceId)
            instanceType = try container.decodeIfPresent(String.self, forKey: .instanceType)
            instanceState = try container.decodeIfPresent(String.self, forKey: .instanceState)
            availabilityZone = try container.decodeIfPresent(String.self, forKey: .availabilityZone)
            imageId = try container.decodeIfPresent(String.self, forKey: .imageId)
            tags = try container.decodeIfPresent([Tag].self, forKey: .tags)
            let raw = try container.decodeIfPresent(JSONValue.self, forKey: .launchTime)
            launchTime = raw.flatMap(GuardDutyFinding.lenientDate)
        }
    }

    public struct Service: Decodable, Sendable, Equatable {
        public let serviceName: String?
        public let detectorId: String?
        /// "ACTOR" (the resource did it) or "TARGET" (it was done to the resource).
        public let resourceRole: String?
        public let action: JSONValue?
        public let additionalInfo: JSONValue?
        public let archived: Bool?
        public let count: Int?
        public let eventFirstSeen: String?
        public let eventLastSeen: String?
        /// An attack sequence's resources and signals (`AttackSequence:…` findings).
        public let detection: GuardDutyDetection?
    }

    public let schemaVersion: String?
    public let accountId: String
    public let region: String
    public let partition: String?
    public let id: String
    public let arn: String?
    public let type: String
    public let severity: Double
    public let title: String?
    public let description: String?
    public let createdAt: String?
    public let updatedAt: String?
    public let resource: Resource
    public let service: Service?

    /// Findings made by `CreateSampleFindings` (and the console's "Generate sample findings"),
    /// in every form the flag arrives: `additionalInfo.sample` (EventBridge), or inside
    /// `additionalInfo.value`, the JSON string the GuardDuty API itself returns.
    public var isSample: Bool {
        service?.additionalInfo.map(GuardDutySampleFlag.isSet) ?? false
    }

    public var isArchived: Bool { service?.archived == true }

    /// Epoch milliseconds (number or digit string) or ISO 8601 with or without fractional seconds.
    static func lenientDate(_ value: JSONValue) -> Date? {
        switch value {
        case .number(let milliseconds):
            return Date(timeIntervalSince1970: milliseconds / 1000)
        case .string(let text):
            if let milliseconds = Double(text) {
                return Date(timeIntervalSince1970: milliseconds / 1000)
            }
            if let date = try? Date(text, strategy: .iso8601) { return date }
            return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        default:
            return nil
        }
    }
}

extension GuardDutyFinding {
    /// EventBridge's `detail-type` and `source` for GuardDuty findings.
    public static var detailType: String { "GuardDuty Finding" }
    public static var eventSource: String { "aws.guardduty" }
}
