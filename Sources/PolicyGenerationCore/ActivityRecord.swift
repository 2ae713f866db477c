import SecurityEvents
import Primitives

/// The fields of a CloudTrail record the generator reads, flat: what `TrailRecordParser`
/// fills straight from a log file's bytes, and what any `CloudTrailRecord` converts to.
public struct ActivityRecord: Sendable, Equatable {
    public var eventTime = ""
    public var eventSource = ""
    public var eventName = ""
    public var awsRegion: String?
    public var errorCode: String?
    public var errorMessage: String?
    public var eventType: String?
    public var recipientAccountId: String?
    public var requestParameters: JSONValue?
    /// `resources[].ARN`.
    public var resourceARNs: [String] = []
    /// `userIdentity.arn`, `.accountId`, `.sessionContext.sessionIssuer.arn`.
    public var identityARN: String?
    public var identityAccount: String?
    public var issuerARN: String?

    public init() {}

    public init(_ record: CloudTrailRecord) {
        eventTime = record.eventTime
        eventSource = record.eventSource
        eventName = record.eventName
        awsRegion = record.awsRegion
        errorCode = record.errorCode
        errorMessage = record.errorMessage
        eventType = record.eventType
        recipientAccountId = record.recipientAccountId
        requestParameters = record.requestParameters
        resourceARNs = (record.resources ?? []).compactMap(\.arn)
        identityARN = record.userIdentity?.arn
        identityAccount = record.userIdentity?.accountId
        issuerARN = record.userIdentity?.sessionContext?.sessionIssuer?.arn
    }
}
