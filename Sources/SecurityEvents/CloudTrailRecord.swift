import Primitives
/// One CloudTrail record: an element of a log file's `Records`, the `detail` of an
/// "AWS API Call via CloudTrail" EventBridge event, or `LookupEvents`' `CloudTrailEvent`.
/// Only the fields watchpost reads; unknown fields are ignored.
public struct CloudTrailRecord: Decodable, Sendable, Equatable {
    public struct UserIdentity: Decodable, Sendable, Equatable {
        public struct SessionIssuer: Decodable, Sendable, Equatable {
            public let type: String?
            public let arn: String?
            public let accountId: String?
            public let userName: String?
        }
        public struct SessionContext: Decodable, Sendable, Equatable {
            public let sessionIssuer: SessionIssuer?
        }
        public let type: String?
        public let principalId: String?
        public let arn: String?
        public let accountId: String?
        public let invokedBy: String?
        public let sessionContext: SessionContext?
    }

    public struct Resource: Decodable, Sendable, Equatable {
        public let arn: String?
        public let accountId: String?
        public let type: String?

        enum CodingKeys: String, CodingKey {
            case arn = "ARN"
            case accountId, type
        }
    }

    public let eventVersion: String?
    public let userIdentity: UserIdentity?
    public let eventTime: String
    public let eventSource: String
    public let eventName: String
    public let awsRegion: String?
    public let sourceIPAddress: String?
    public let userAgent: String?
    public let errorCode: String?
    public let errorMessage: String?
    public let requestParameters: JSONValue?
    public let responseElements: JSONValue?
    public let additionalEventData: JSONValue?
    public let resources: [Resource]?
    public let eventType: String?
    public let readOnly: Bool?
    public let recipientAccountId: String?
    public let eventID: String?

    public init(
        eventTime: String, eventSource: String, eventName: String,
        userIdentity: UserIdentity? = nil, awsRegion: String? = nil, sourceIPAddress: String? = nil,
        userAgent: String? = nil, errorCode: String? = nil, errorMessage: String? = nil,
        requestParameters: JSONValue? = nil, responseElements: JSONValue? = nil,
        additionalEventData: JSONValue? = nil, resources: [Resource]? = nil,
        eventType: String? = nil, readOnly: Bool? = nil, recipientAccountId: String? = nil,
        eventID: String? = nil, eventVersion: String? = nil
    ) {
        self.eventTime = eventTime
        self.eventSource = eventSource
        self.eventName = eventName
        self.userIdentity = userIdentity
        self.awsRegion = awsRegion
        self.sourceIPAddress = sourceIPAddress
        self.userAgent = userAgent
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.requestParameters = requestParameters
        self.responseElements = responseElements
        self.additionalEventData = additionalEventData
        self.resources = resources
        self.eventType = eventType
        self.readOnly = readOnly
        self.recipientAccountId = recipientAccountId
        self.eventID = eventID
        self.eventVersion = eventVersion
    }
}
