import FoundationEssentials
import SecurityEvents
import Primitives

/// One run of the generator: whose activity, when, from where, and what to do with the result.
public struct PolicyRequest: Sendable, Equatable {
    public enum Source: String, Sendable { case lookupEvents = "lookup-events", s3, athena }
    public enum ApplyTarget: Sendable, Equatable {
        /// A customer managed policy: a new default version (created when missing).
        case managedPolicy(arn: String)
        /// An inline policy on the principal itself.
        case inlinePolicy(name: String)
    }

    public let principal: Principal
    public let window: TimeWindow
    public let source: Source
    public let trailBucket: String?
    public let trailPrefix: String?
    /// nil: every region found.
    public let regions: Set<String>?
    public let apply: ApplyTarget?
    /// Source athena: a query started by an earlier invocation for this same request, whose
    /// results are read instead of starting another (see `PendingQuery`).
    public let queryExecutionId: String?

    /// The size limit of where the policy goes.
    public var sizeLimit: Int {
        if case .inlinePolicy = apply { return PolicyBuilder.inlineRolePolicyLimit }
        return PolicyBuilder.managedPolicyLimit
    }

    public init(principal: Principal, window: TimeWindow, source: Source, trailBucket: String? = nil,
                trailPrefix: String? = nil, regions: Set<String>? = nil, apply: ApplyTarget? = nil,
                queryExecutionId: String? = nil) throws(PolicyRequestError) {
        if source == .lookupEvents, window.duration > TimeWindow.lookupEventsLimit {
            throw .invalidWindow("LookupEvents reaches 90 days back: the window spans \(Int(window.duration / 86_400)) days (use \"source\": \"s3\")")
        }
        if source == .s3, (trailBucket ?? "").isEmpty { throw .missingTrailBucket }
        if let id = queryExecutionId {
            guard source == .athena else { throw .invalidEvent("\"queryExecutionId\" resumes an Athena query: it needs \"source\": \"athena\"") }
            // Athena's ids are UUIDs; the id goes into a request, never into SQL.
            guard (1...128).contains(id.count), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
            else { throw .invalidEvent("\"queryExecutionId\" is not an Athena query execution id") }
        }
        self.principal = principal
        self.window = window
        self.source = source
        self.trailBucket = trailBucket
        self.trailPrefix = trailPrefix
        self.regions = regions
        self.apply = apply
        self.queryExecutionId = queryExecutionId
    }

    /// This request, picking up the Athena query `id` instead of starting one.
    public func resuming(queryExecutionId id: String) throws(PolicyRequestError) -> PolicyRequest {
        try PolicyRequest(principal: principal, window: window, source: source, trailBucket: trailBucket,
                          trailPrefix: trailPrefix, regions: regions, apply: apply, queryExecutionId: id)
    }

    /// The requests an invocation asks for: one for a direct call, one per configured
    /// principal for a scheduled EventBridge event (`POLICY_PRINCIPALS`, comma-separated;
    /// the window is the `POLICY_WINDOW_DAYS` (default 7) days before the event's time).
    /// Without a `source`, the trail bucket is read when one is known (`trailBucket` or
    /// `TRAIL_BUCKET`), else LookupEvents.
    public static func requests(from event: JSONValue, environment: [String: String]) throws(PolicyRequestError) -> [PolicyRequest] {
        guard case .object = event else { throw .invalidEvent("expected a JSON object, got \(Self.describe(event))") }
        if let detailType = event["detail-type"]?.stringValue {
            guard detailType == "Scheduled Event" else {
                throw .unsupportedEvent("EventBridge \"\(detailType)\" from \(event["source"]?.stringValue ?? "?"): expected a Scheduled Event or a direct call")
            }
            return try scheduled(event, environment: environment)
        }
        return [try direct(event, environment: environment)]
    }

    static func direct(_ event: JSONValue, environment: [String: String]) throws(PolicyRequestError) -> PolicyRequest {
        guard let arn = event["principalArn"]?.stringValue else {
            throw .invalidEvent("missing \"principalArn\" (got keys: \(Self.keys(event)))")
        }
        guard let start = event["start"]?.stringValue, let end = event["end"]?.stringValue else {
            throw .invalidWindow("\"start\" and \"end\" (ISO 8601) are required")
        }
        let trailBucket = nonEmpty(event["trailBucket"]?.stringValue) ?? nonEmpty(environment["TRAIL_BUCKET"])
        let queryExecutionId = event["queryExecutionId"]?.stringValue
        let sourceName = event["source"]?.stringValue
            ?? (queryExecutionId != nil ? Source.athena : defaultSource(trailBucket: trailBucket)).rawValue
        guard let source = Source(rawValue: sourceName) else {
            throw .invalidSource("\"\(sourceName)\": expected \"lookup-events\", \"s3\" or \"athena\"")
        }
        return try PolicyRequest(
            principal: try Principal(arn: arn), window: try TimeWindow(start: start, end: end), source: source,
            trailBucket: trailBucket,
            trailPrefix: nonEmpty(event["trailPrefix"]?.stringValue) ?? nonEmpty(environment["TRAIL_PREFIX"]),
            regions: try regions(event["regions"]), apply: try applyTarget(event["apply"]), queryExecutionId: queryExecutionId)
    }

    static func scheduled(_ event: JSONValue, environment: [String: String]) throws(PolicyRequestError) -> [PolicyRequest] {
        let principals = (environment["POLICY_PRINCIPALS"] ?? "").split(separator: ",")
            .map { String($0.filter { !$0.isWhitespace }) }.filter { !$0.isEmpty }
        guard !principals.isEmpty else { throw .invalidEvent("a scheduled run needs POLICY_PRINCIPALS configured") }
        let days = Double(environment["POLICY_WINDOW_DAYS"] ?? "7") ?? 0
        guard days > 0 else { throw .invalidWindow("POLICY_WINDOW_DAYS must be a positive number of days") }
        guard let time = event["time"]?.stringValue, let end = TimeWindow.parse(time) else {
            throw .invalidEvent("a scheduled event needs its \"time\"")
        }
        let window = try TimeWindow(start: end.addingTimeInterval(-days * 86_400), end: end)
        let trailBucket = nonEmpty(environment["TRAIL_BUCKET"])
        let sourceName = nonEmpty(environment["POLICY_SOURCE"]) ?? defaultSource(trailBucket: trailBucket).rawValue
        guard let source = Source(rawValue: sourceName) else {
            throw .invalidSource("POLICY_SOURCE \"\(sourceName)\": expected \"lookup-events\", \"s3\" or \"athena\"")
        }
        let regions = nonEmpty(environment["POLICY_REGIONS"]).map { Set($0.split(separator: ",").map(String.init)) }
        var requests: [PolicyRequest] = []
        for arn in principals {
            requests.append(try PolicyRequest(
                principal: try Principal(arn: arn), window: window, source: source,
                trailBucket: trailBucket, trailPrefix: nonEmpty(environment["TRAIL_PREFIX"]),
                regions: regions?.isEmpty == true ? nil : regions))
        }
        return requests
    }

    static func regions(_ value: JSONValue?) throws(PolicyRequestError) -> Set<String>? {
        guard let value, value != .null else { return nil }
        guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
            throw .invalidEvent("\"regions\" must be a list of region names")
        }
        return list.isEmpty ? nil : Set(list.compactMap(\.stringValue))
    }

    /// Where generated managed policies live: the path the template lets the function write.
    static let generatedPolicyPath = "policy/watchpost/"

    /// `{"managedPolicyArn": "arn:aws:iam::…:policy/watchpost/…"}` or `{"inlinePolicyName": "…"}`.
    static func applyTarget(_ value: JSONValue?) throws(PolicyRequestError) -> ApplyTarget? {
        guard let value, value != .null else { return nil }
        let arn = value["managedPolicyArn"]?.stringValue, name = value["inlinePolicyName"]?.stringValue
        switch (arn, name) {
        case (let arn?, nil):
            let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[5].hasPrefix("policy/"),
                parts[4] != "aws"
            else { throw .invalidApply("\"managedPolicyArn\" must be a customer managed policy ARN, got \(arn)") }
            // The only managed policies watchpost may write (template.yaml, PolicyGenerationPolicy):
            // a caller cannot aim it at a policy something else depends on.
            guard parts[5].hasPrefix(Self.generatedPolicyPath) else {
                throw .invalidApply("\"managedPolicyArn\" must be under the path /watchpost/ (policy/watchpost/<name>), got \(arn)")
            }
            return .managedPolicy(arn: arn)
        case (nil, let name?):
            guard !name.isEmpty, name.count <= 128 else { throw .invalidApply("\"inlinePolicyName\" must be 1-128 characters") }
            return .inlinePolicy(name: name)
        default:
            throw .invalidApply("expected exactly one of \"managedPolicyArn\" or \"inlinePolicyName\"")
        }
    }

    /// The trail bucket when one is known (it holds data events and every region), else
    /// LookupEvents.
    static func defaultSource(trailBucket: String?) -> Source {
        trailBucket == nil ? .lookupEvents : .s3
    }

    /// Configuration left empty (a template parameter's default) means unset.
    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    private static func keys(_ value: JSONValue) -> String {
        value.objectValue.map { $0.keys.sorted().joined(separator: ", ") } ?? "none"
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
