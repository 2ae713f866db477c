import SecurityEvents
import WatchpostCore

/// The response: the contract of issue 8 (tests and tools read these names).
public struct PolicyReport: Sendable, Encodable {
    public struct Size: Sendable, Equatable, Encodable {
        public let characters: Int
        public let limit: Int
        public let folded: Bool

        /// Within the limit of where it goes: a policy over it is not written.
        public var fits: Bool { characters <= limit }
    }
    public struct DeniedEntry: Sendable, Equatable, Encodable {
        public let action: String
        public let errorCode: String
        public let count: Int
    }
    public struct UnmappedEntry: Sendable, Equatable, Encodable {
        public let eventSource: String
        public let eventName: String
        public let count: Int
    }

    public let principal: String
    public let window: (start: String, end: String)
    public let source: String
    public let recordsRead: Int
    public let recordsMatched: Int
    /// In the response only when some record or file could not be read.
    public let unreadable: UnreadableRecords
    public let actions: [String]
    public let inferred: [String]
    public let resources: [String: [String]]
    public let policy: PolicyDocument
    public let excluded: [String: Int]
    public let denied: [DeniedEntry]
    public let unmapped: [UnmappedEntry]
    public let unused: [UnusedPermissions.Entry]
    public let size: Size
    /// The wildcards folding introduced and the actions each stands for (empty when unfolded).
    /// Logged, not part of the response contract (`size.folded` says that it happened).
    public let folds: [String: [String]]
    public var applied: AppliedReport?
    /// Source athena: the query that read the activity (in the response only then).
    public var query: AthenaQueryReport?
    /// Not in the response: false when the principal's policies could not be read, so
    /// `unused` is empty for want of facts, not because every permission was used.
    public var grantsKnown = true
    /// Not in the response, for the log line: how much of the source was read ("files" of a
    /// trail bucket, "pages" of LookupEvents), and whether the run was dry.
    public var sourceReads: (unit: String, count: Int)?
    public var dryRun = false

    /// Everything the activity decides: the policy, folded to fit `limit`, and the report of
    /// what the principal's current policies grant that it did not use.
    public init(request: PolicyRequest, activity: Activity, granted: [UnusedPermissions.GrantedPolicy],
                catalogue: ActionCatalogue = .shared) {
        principal = request.principal.arn
        window = (request.window.startText, request.window.endText)
        source = request.source.rawValue
        recordsRead = activity.recordsRead
        recordsMatched = activity.recordsMatched
        unreadable = activity.unreadable
        actions = activity.actions
        inferred = activity.inferred
        resources = activity.resources
        // Too large: first many resources of one container into their common prefix, then
        // actions into safe wildcards; each only while the policy is still over the limit.
        var document = PolicyBuilder.build(resources: activity.resources)
        var widened = false
        if document.size > request.sizeLimit {
            let generalized = activity.resources.mapValues { ResourceGeneralization.generalize($0) }
            widened = generalized != activity.resources
            document = PolicyBuilder.build(resources: generalized)
        }
        let folding = ActionFolding.fold(document, limit: request.sizeLimit, catalogue: catalogue)
        policy = folding.document
        folds = folding.folds
        size = Size(characters: folding.document.size, limit: request.sizeLimit, folded: widened || folding.folded)
        excluded = activity.excluded
        denied = activity.denied.map { DeniedEntry(action: $0.key.action, errorCode: $0.key.errorCode, count: $0.value) }
            .sorted { ($0.action, $0.errorCode) < ($1.action, $1.errorCode) }
        unmapped = activity.unmapped
            .map { UnmappedEntry(eventSource: $0.key.eventSource, eventName: $0.key.eventName, count: $0.value) }
            .sorted { ($0.eventSource, $0.eventName) < ($1.eventSource, $1.eventName) }
        unused = UnusedPermissions.report(granted: granted, used: activity.actions)
        applied = nil
    }

    enum CodingKeys: String, CodingKey {
        case principal, window, source, recordsRead, recordsMatched, actions, inferred, resources, policy
        case excluded, denied, unmapped, unused, size, applied, recordsUnreadable, unreadable, query
    }
    enum WindowKeys: String, CodingKey { case start, end }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(principal, forKey: .principal)
        var windowContainer = container.nestedContainer(keyedBy: WindowKeys.self, forKey: .window)
        try windowContainer.encode(window.start, forKey: .start)
        try windowContainer.encode(window.end, forKey: .end)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(query, forKey: .query)
        try container.encode(recordsRead, forKey: .recordsRead)
        try container.encode(recordsMatched, forKey: .recordsMatched)
        if unreadable.count > 0 {
            try container.encode(unreadable.count, forKey: .recordsUnreadable)
            try container.encode(unreadable.first, forKey: .unreadable)
        }
        try container.encode(actions, forKey: .actions)
        try container.encode(inferred, forKey: .inferred)
        try container.encode(resources, forKey: .resources)
        try container.encode(policy, forKey: .policy)
        try container.encode(excluded, forKey: .excluded)
        try container.encode(denied, forKey: .denied)
        try container.encode(unmapped, forKey: .unmapped)
        try container.encode(unused, forKey: .unused)
        try container.encode(size, forKey: .size)
        if let applied { try container.encode(applied, forKey: .applied) } else { try container.encodeNil(forKey: .applied) }
    }
}

/// What was done with the policy: each step with its outcome.
public struct AppliedReport: Sendable, Encodable, Equatable {
    public let dryRun: Bool
    public var steps: [StepOutcome<PolicyApplyStep>]
    /// Actions the new policy adds and removes compared with what the target held before.
    public var added: [String]
    public var removed: [String]

    public init(dryRun: Bool, steps: [StepOutcome<PolicyApplyStep>] = [], added: [String] = [], removed: [String] = []) {
        self.dryRun = dryRun
        self.steps = steps
        self.added = added
        self.removed = removed
    }
}
