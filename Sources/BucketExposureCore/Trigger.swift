import AWSModels
import FoundationEssentials
import SecurityEvents
import Primitives

/// Why the function runs: a change to one bucket, a change to the account's Block Public Access
/// (every bucket is re-checked), or the schedule (every bucket is swept).
public enum Trigger: Sendable, Equatable {
    case bucketChange(bucket: String, change: ChangeContext)
    case accountBlockChange(ChangeContext)
    case schedule

    /// The `trigger` field of the response: the API call's name, or `schedule`.
    public var name: String {
        switch self {
        case .bucketChange(_, let change), .accountBlockChange(let change): change.eventName
        case .schedule: "schedule"
        }
    }
}

/// Who made the change and how, from the CloudTrail record: what the alert shows.
public struct ChangeContext: Sendable, Equatable {
    public let eventName: String
    public let eventTime: String
    public let actor: String?
    public let sourceIPAddress: String?
    public let userAgent: String?
    /// Set when the call itself failed (e.g. AccessDenied when Block Public Access refused it).
    public let errorCode: String?
    /// What the event's own request would have done, if it says (a policy or ACL in the request):
    /// only a hint, since a later call may already have changed the bucket.
    public let requestWasPublic: Bool?
}

/// The event with the account and region it concerns.
public struct TriggerEvent: Sendable, Equatable {
    public let account: String
    public let region: String
    public let trigger: Trigger

    public init(account: String, region: String, trigger: Trigger) {
        self.account = account
        self.region = region
        self.trigger = trigger
    }
}

/// The calls that change who may read or write a bucket.
public let bucketAccessCalls: Set<String> = [
    "PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl", "PutBucketPublicAccessBlock",
    "DeleteBucketPublicAccessBlock", "PutBucketOwnershipControls", "DeleteBucketOwnershipControls",
]
/// The account-level calls: no bucket named, every bucket of the account is re-checked.
public let accountAccessCalls: Set<String> = ["PutAccountPublicAccessBlock", "DeleteAccountPublicAccessBlock"]

/// An event this function cannot handle, with the runtime's `errorType`.
public struct BucketEventError: Error, Sendable, Equatable, CustomStringConvertible {
    public let errorType: String
    public let errorMessage: String

    public init(errorType: String, errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
    }

    static func unsupported(_ message: String) -> Self { .init(errorType: "UnsupportedEvent", errorMessage: message) }
    static func invalid(_ message: String) -> Self { .init(errorType: "InvalidEvent", errorMessage: message) }

    public var description: String { "\(errorType): \(errorMessage)" }
}

/// Recognises the event: an EventBridge "AWS API Call via CloudTrail" event from `aws.s3` for one
/// of the access-changing calls, or a "Scheduled Event". Anything else is an error naming what arrived.
public func classify(event: JSONValue) throws(BucketEventError) -> TriggerEvent {
    guard case .object(let members) = event else {
        throw .invalid("the event is not a JSON object")
    }
    guard let detailType = event["detail-type"]?.stringValue, let source = event["source"]?.stringValue else {
        let keys = members.keys.sorted().prefix(8).joined(separator: ", ")
        throw .unsupported("not an EventBridge event (no detail-type/source; keys: \(keys.isEmpty ? "none" : keys))")
    }
    let envelope = "\(detailType) from \(source)"
    guard let account = event["account"]?.stringValue, isAccountID(account) else {
        throw .invalid("\(envelope) without a 12-digit account")
    }
    guard let region = event["region"]?.stringValue, !region.isEmpty else {
        throw .invalid("\(envelope) without a region")
    }

    switch (detailType, source) {
    case ("Scheduled Event", _):
        return TriggerEvent(account: account, region: region, trigger: .schedule)

    case ("AWS API Call via CloudTrail", "aws.s3"):
        guard let detail = event["detail"], detail.objectValue != nil else {
            throw .invalid("\(envelope) without a detail object")
        }
        let record: CloudTrailRecord
        do {
            record = try JSONValueDecoder().decode(CloudTrailRecord.self, from: detail)
        } catch {
            throw .invalid("\(envelope): the detail is not a CloudTrail record (\(decodingSummary(error)))")
        }
        let name = record.eventName
        if accountAccessCalls.contains(name) {
            return TriggerEvent(account: account, region: region, trigger: .accountBlockChange(context(record)))
        }
        guard bucketAccessCalls.contains(name) else {
            throw .unsupported("\(envelope): \(name) does not change who may access a bucket")
        }
        guard let bucket = record.requestParameters?["bucketName"]?.stringValue, !bucket.isEmpty else {
            throw .invalid("\(envelope): \(name) without requestParameters.bucketName")
        }
        return TriggerEvent(account: account, region: region, trigger: .bucketChange(bucket: bucket, change: context(record)))

    default:
        throw .unsupported(envelope)
    }
}

private func context(_ record: CloudTrailRecord) -> ChangeContext {
    ChangeContext(
        eventName: record.eventName, eventTime: record.eventTime,
        actor: record.userIdentity?.arn ?? record.userIdentity?.sessionContext?.sessionIssuer?.arn
            ?? record.userIdentity?.invokedBy,
        sourceIPAddress: record.sourceIPAddress, userAgent: record.userAgent, errorCode: record.errorCode,
        requestWasPublic: requestWasPublic(record))
}

/// Whether the request in the event would have made the bucket public on its own: the policy
/// of a PutBucketPolicy (an object, or text in older records), or the canned ACL or grants of a
/// PutBucketAcl. nil when the event carries nothing to judge.
func requestWasPublic(_ record: CloudTrailRecord) -> Bool? {
    guard let parameters = record.requestParameters else { return nil }
    switch record.eventName {
    case "PutBucketPolicy":
        let parsed: BucketPolicy?
        switch parameters["bucketPolicy"] {
        case .object(let document)?: parsed = try? BucketPolicy(document: .object(document))
        case .string(let text)?: parsed = try? BucketPolicy(json: text)
        default: parsed = nil
        }
        guard let parsed else { return nil }
        // The owner is unknown here, so ask only whether anyone at all is admitted.
        return parsed.statements.contains {
            if case .public = analyze($0, owner: "", ownerCanonicalID: nil) { return true }
            return false
        }
    case "PutBucketAcl":
        let canned = (parameters["x-amz-acl"]?.stringList ?? []).map { $0.lowercased() }
        if !canned.isEmpty {
            return canned.contains { ["public-read", "public-read-write", "authenticated-read"].contains($0) }
        }
        guard let grants = parameters["AccessControlPolicy", "AccessControlList", "Grant"] else { return nil }
        let list = grants.arrayValue ?? [grants]
        return list.contains { grant in
            let uri = grant["Grantee", "URI"]?.stringValue
            return uri == BucketACL.allUsersURI || uri == BucketACL.authenticatedUsersURI
        }
    default:
        return nil
    }
}

private func decodingSummary(_ error: any Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    switch error {
    case .keyNotFound(let key, let context): return "missing \(CodingPathText.render(context.codingPath + [key]))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
        return "bad value at \(CodingPathText.render(context.codingPath))"
    @unknown default: return "undecodable"
    }
}

/// The sweep queue's batch, when the event is one (an SQS event source mapping delivers it).
public func sweepBatch(in event: JSONValue) -> SQSEvent? {
    guard let records = event["Records"]?.arrayValue, let first = records.first,
          first["eventSource"]?.stringValue == SQSEvent.eventSource else { return nil }
    return try? JSONValueDecoder().decode(SQSEvent.self, from: event)
}
