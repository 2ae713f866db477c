import SecurityEvents

/// The aggregates a stream of CloudTrail records leaves behind: memory grows with the number
/// of distinct actions, resources and event names, never with the number of records.
public struct Activity: Sendable {
    public struct Use: Sendable, Equatable {
        /// ARNs the calls named; meaningless once `unscoped`.
        public var resources: Set<String> = []
        /// A call needed the action on `*` (no resource named, or not scopable).
        public var unscoped = false
        /// The prefixes of the wildcards in `resources` (after generalization).
        var wildcards: [String] = []
        /// Only ever inferred, never seen as a call of its own.
        public var inferredOnly = true
    }
    public struct Denied: Hashable, Sendable {
        public let action: String
        public let errorCode: String
    }
    public struct Unmapped: Hashable, Sendable {
        public let eventSource: String
        public let eventName: String
    }

    public let principal: Principal
    public let window: TimeWindow
    /// nil: every region.
    public let regions: Set<String>?
    let mapper: ActionMapper

    public private(set) var recordsRead = 0
    public private(set) var recordsMatched = 0
    /// Records and files that could not be read, by where and why.
    public private(set) var unreadable = UnreadableRecords()
    public private(set) var uses: [String: Use] = [:]
    public private(set) var excluded: [String: Int] = [:]
    public private(set) var denied: [Denied: Int] = [:]
    public private(set) var unmapped: [Unmapped: Int] = [:]
    /// Whether an identity or issuer ARN is the principal: few distinct ones, met often.
    private var identities: [IdentityKey: Bool] = [:]

    private struct IdentityKey: Hashable {
        let identity: String?
        let issuer: String?
    }

    public init(principal: Principal, window: TimeWindow, regions: Set<String>?, mapper: ActionMapper = ActionMapper()) {
        self.principal = principal
        self.window = window
        self.regions = regions
        self.mapper = mapper
    }

    /// In the window and the requested regions (global services count in any): cheap
    /// checks, before the identity is compared.
    private func inWindowAndRegions(_ record: ActivityRecord) -> Bool {
        guard window.contains(eventTime: record.eventTime) else { return false }
        if let regions, let region = record.awsRegion, !regions.contains(region),
            !GlobalServices.eventSources.contains(record.eventSource) {
            return false
        }
        return true
    }

    private mutating func isPrincipals(_ record: ActivityRecord) -> Bool {
        let key = IdentityKey(identity: record.identityARN, issuer: record.issuerARN)
        if let known = identities[key] { return known }
        let made = principal.made(record)
        // Session ARNs carry session names, which some callers make unique: stay bounded.
        if identities.count >= 10_000 { identities.removeAll(keepingCapacity: true) }
        identities[key] = made
        return made
    }

    public mutating func add(_ record: CloudTrailRecord) {
        add(ActivityRecord(record))
    }

    /// `count` records of this shape (Athena's rows are grouped): counted `count` times,
    /// mapped once.
    public mutating func add(_ record: ActivityRecord, count: Int = 1) {
        recordsRead += count
        guard inWindowAndRegions(record), isPrincipals(record) else { return }
        recordsMatched += count
        switch RecordClassifier.classify(record) {
        case .excluded(let reason):
            excluded[reason, default: 0] += count
        case .denied(let errorCode):
            let mapping = mapper.map(record)
            if mapping.actions.isEmpty {
                unmapped[Unmapped(eventSource: record.eventSource, eventName: record.eventName), default: 0] += count
            }
            for action in mapping.actions where !action.inferred {
                denied[Denied(action: action.action, errorCode: errorCode), default: 0] += count
            }
        case .granted:
            let mapping = mapper.map(record)
            if mapping.unmapped {
                unmapped[Unmapped(eventSource: record.eventSource, eventName: record.eventName), default: 0] += count
            }
            for action in mapping.actions {
                var use = uses[action.action] ?? Use()
                if action.resources.isEmpty {
                    use.unscoped = true
                    use.resources = []
                } else if !use.unscoped {
                    // An ARN a wildcard already covers adds nothing.
                    use.resources.formUnion(action.resources.filter { arn in
                        !use.wildcards.contains { arn.hasPrefix($0) }
                    })
                    if use.resources.count > ResourceGeneralization.maximumPerAction {
                        use.resources = Set(ResourceGeneralization.generalize(use.resources))
                        use.wildcards = use.resources.filter { $0.hasSuffix("*") }.map { String($0.dropLast()) }
                        // Still too many containers: the action is used too widely to list.
                        if use.resources.count > ResourceGeneralization.maximumPerAction {
                            use.unscoped = true
                            use.resources = []
                        }
                    }
                }
                if !action.inferred { use.inferredOnly = false }
                uses[action.action] = use
            }
        }
    }

    /// A record that could not be read: counted as read, reported, and nothing else lost.
    public mutating func addUnreadable(source: String, record: Int, reason: String) {
        if record > 0 { recordsRead += 1 }
        unreadable.add(.init(source: source, record: record, reason: reason))
    }

    /// Counts records read but not given to `add` (a reader that skipped them cheaply).
    public mutating func countSkipped(_ count: Int) {
        recordsRead += count
    }

    /// Every action the principal needs, sorted.
    public var actions: [String] { uses.keys.sorted() }
    /// The inferred-only actions, sorted.
    public var inferred: [String] { uses.filter(\.value.inferredOnly).keys.sorted() }
    /// The resources each action is needed on: `["*"]` when unscoped.
    public var resources: [String: [String]] {
        uses.mapValues { $0.unscoped ? ["*"] : $0.resources.sorted() }
    }
}
