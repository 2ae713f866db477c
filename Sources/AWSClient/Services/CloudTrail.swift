import FoundationEssentials

extension AWSClient {
    public var cloudTrail: CloudTrail { CloudTrail(client: self) }
}

extension AWSOperation {
    public enum CloudTrail {
        public static let lookupEvents = AWSOperation(.cloudTrail, "LookupEvents", iam: ["cloudtrail:LookupEvents"])
        public static let describeTrails = AWSOperation(.cloudTrail, "DescribeTrails", iam: ["cloudtrail:DescribeTrails"])
        public static let getEventSelectors = AWSOperation(.cloudTrail, "GetEventSelectors", iam: ["cloudtrail:GetEventSelectors"])
        public static let getTrailStatus = AWSOperation(.cloudTrail, "GetTrailStatus", iam: ["cloudtrail:GetTrailStatus"])
    }
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
        let output = try await client.json(.CloudTrail.lookupEvents, input: input, as: LookupEventsOutput.self)
        return ((output.Events ?? []).compactMap(\.CloudTrailEvent), output.NextToken)
    }
}

/// The trail configuration calls (DescribeTrails, GetEventSelectors, GetTrailStatus), read-only.
extension CloudTrail {
    public struct Trail: Sendable, Equatable, Decodable {
        public let name: String
        public let arn: String
        /// The region that owns the trail; its configuration is read there.
        public let homeRegion: String
        public let s3BucketName: String?
        public let isMultiRegion: Bool
        public let isOrganizationTrail: Bool

        public init(name: String, arn: String, homeRegion: String, s3BucketName: String?, isMultiRegion: Bool,
                    isOrganizationTrail: Bool = false) {
            self.name = name
            self.arn = arn
            self.homeRegion = homeRegion
            self.s3BucketName = s3BucketName
            self.isMultiRegion = isMultiRegion
            self.isOrganizationTrail = isOrganizationTrail
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name", arn = "TrailARN", homeRegion = "HomeRegion", s3BucketName = "S3BucketName"
            case isMultiRegion = "IsMultiRegionTrail", isOrganizationTrail = "IsOrganizationTrail"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            arn = try container.decodeIfPresent(String.self, forKey: .arn) ?? name
            homeRegion = try container.decodeIfPresent(String.self, forKey: .homeRegion) ?? ""
            s3BucketName = try container.decodeIfPresent(String.self, forKey: .s3BucketName)
            isMultiRegion = try container.decodeIfPresent(Bool.self, forKey: .isMultiRegion) ?? false
            isOrganizationTrail = try container.decodeIfPresent(Bool.self, forKey: .isOrganizationTrail) ?? false
        }
    }

    /// A trail's basic and advanced event selectors, as GetEventSelectors returns them.
    public struct EventSelectors: Sendable, Equatable, Decodable {
        public struct Selector: Sendable, Equatable, Decodable {
            public struct DataResource: Sendable, Equatable, Decodable {
                /// "AWS::S3::Object", "AWS::Lambda::Function", …
                public let type: String
                /// "arn:aws:s3" (every bucket) or "arn:aws:s3:::bucket/prefix".
                public let values: [String]

                public init(type: String, values: [String]) {
                    self.type = type
                    self.values = values
                }

                enum CodingKeys: String, CodingKey { case type = "Type", values = "Values" }
                public init(from decoder: any Decoder) throws {
                    let container = try decoder.container(keyedBy: CodingKeys.self)
                    type = try container.decodeIfPresent(String.self, forKey: .type) ?? ""
                    values = try container.decodeIfPresent([String].self, forKey: .values) ?? []
                }
            }

            /// "All", "ReadOnly" or "WriteOnly".
            public let readWriteType: String
            public let includeManagementEvents: Bool
            public let dataResources: [DataResource]

            public init(readWriteType: String = "All", includeManagementEvents: Bool = true, dataResources: [DataResource] = []) {
                self.readWriteType = readWriteType
                self.includeManagementEvents = includeManagementEvents
                self.dataResources = dataResources
            }

            enum CodingKeys: String, CodingKey {
                case readWriteType = "ReadWriteType", includeManagementEvents = "IncludeManagementEvents"
                case dataResources = "DataResources"
            }
            // AWS's defaults for members a selector leaves out.
            public init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                readWriteType = try container.decodeIfPresent(String.self, forKey: .readWriteType) ?? "All"
                includeManagementEvents = try container.decodeIfPresent(Bool.self, forKey: .includeManagementEvents) ?? true
                dataResources = try container.decodeIfPresent([DataResource].self, forKey: .dataResources) ?? []
            }
        }

        /// An advanced selector: every field selector must match ("eventCategory" equals
        /// ["Management"], "resources.type" equals ["AWS::S3::Object"], "readOnly" …).
        public struct AdvancedSelector: Sendable, Equatable, Decodable {
            public struct Field: Sendable, Equatable, Decodable {
                public let field: String
                public let equals: [String]
                public let startsWith: [String]

                public init(field: String, equals: [String] = [], startsWith: [String] = []) {
                    self.field = field
                    self.equals = equals
                    self.startsWith = startsWith
                }

                enum CodingKeys: String, CodingKey { case field = "Field", equals = "Equals", startsWith = "StartsWith" }
                public init(from decoder: any Decoder) throws {
                    let container = try decoder.container(keyedBy: CodingKeys.self)
                    field = try container.decode(String.self, forKey: .field)
                    equals = try container.decodeIfPresent([String].self, forKey: .equals) ?? []
                    startsWith = try container.decodeIfPresent([String].self, forKey: .startsWith) ?? []
                }
            }

            public let fields: [Field]

            public init(fields: [Field]) { self.fields = fields }

            enum CodingKeys: String, CodingKey { case fields = "FieldSelectors" }
            public init(from decoder: any Decoder) throws {
                fields = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([Field].self, forKey: .fields) ?? []
            }
        }

        public let basic: [Selector]
        public let advanced: [AdvancedSelector]

        public init(basic: [Selector] = [], advanced: [AdvancedSelector] = []) {
            self.basic = basic
            self.advanced = advanced
        }

        enum CodingKeys: String, CodingKey { case basic = "EventSelectors", advanced = "AdvancedEventSelectors" }
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            basic = try container.decodeIfPresent([Selector].self, forKey: .basic) ?? []
            advanced = try container.decodeIfPresent([AdvancedSelector].self, forKey: .advanced) ?? []
        }
    }

    private struct DescribeTrailsInput: Encodable { let includeShadowTrails: Bool }
    private struct DescribeTrailsOutput: Decodable { let trailList: [Trail]? }
    private struct TrailName: Encodable { let TrailName: String }
    private struct Name: Encodable { let Name: String }
    private struct TrailStatus: Decodable { let IsLogging: Bool? }

    /// DescribeTrails with shadow trails: every trail that applies to this region, including
    /// multi-region trails homed elsewhere and the organization's trail.
    public func describeTrails() async throws -> [Trail] {
        try await client.json(.CloudTrail.describeTrails, input: DescribeTrailsInput(includeShadowTrails: true),
                              as: DescribeTrailsOutput.self).trailList ?? []
    }

    /// GetEventSelectors of a trail (by ARN; ask in its home region).
    public func eventSelectors(trailARN: String) async throws -> EventSelectors {
        try await client.json(.CloudTrail.getEventSelectors, input: TrailName(TrailName: trailARN),
                              as: EventSelectors.self)
    }

    /// GetTrailStatus: whether the trail is delivering events now.
    public func isLogging(trailARN: String) async throws -> Bool {
        try await client.json(.CloudTrail.getTrailStatus, input: Name(Name: trailARN), as: TrailStatus.self)
            .IsLogging ?? false
    }
}
