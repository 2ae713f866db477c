import SecurityEvents

/// The fields of a CloudTrail record the generator reads. Decoding only these skips building
/// `responseElements` and `additionalEventData`, often most of a record's bytes.
struct SlimRecord: Decodable {
    let eventTime: String
    let eventSource: String
    let eventName: String
    let userIdentity: CloudTrailRecord.UserIdentity?
    let awsRegion: String?
    let errorCode: String?
    let errorMessage: String?
    let requestParameters: JSONValue?
    let resources: [CloudTrailRecord.Resource]?
    let eventType: String?
    let recipientAccountId: String?

    var record: CloudTrailRecord {
        CloudTrailRecord(
            eventTime: eventTime, eventSource: eventSource, eventName: eventName, userIdentity: userIdentity,
            awsRegion: awsRegion, errorCode: errorCode, errorMessage: errorMessage,
            requestParameters: requestParameters, resources: resources, eventType: eventType,
            recipientAccountId: recipientAccountId)
    }
}
