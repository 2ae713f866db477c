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

    /// What one record adds: nothing but its count (`outside`: not the principal's, or out of
    /// the window or regions), an exclusion, a denial or a grant, with the record's mapping.
    public enum Contribution: Sendable, Equatable {
        case outside
        case excluded(reason: String)
        case denied(errorCode: String, eventSource: String, eventName: String, mapping: RecordMapping)
        case granted(eventSource: String, eventName: String, mapping: RecordMapping)
    }

    /// Decides each record's contribution for the sequential paths (`add(_:count:)`).
    public private(set) var evaluator: RecordEvaluator
    public var principal: Principal { evaluator.principal }
    public var window: TimeWindow { evaluator.window }
    public var regions: Set<String>? { evaluator.regions }

    public private(set) var recordsRead = 0
    public private(set) var recordsMatched = 0
    /// Records and files that could not be read, by where and why.
    public private(set) var unreadable = UnreadableRecords()
    public private(set) var uses: [String: Use] = [:]
    public private(set) var excluded: [String: Int] = [:]
    public private(set) var denied: [Denied: Int] = [:]
    public private(set) var unmapped: [Unmapped: Int] = [:]

    public init(principal: Principal, window: TimeWindow, regions: Set<String>?, mapper: ActionMapper = ActionMapper()) {
        evaluator = RecordEvaluator(principal: principal, window: window, regions: regions, mapper: mapper)
    }

    public mutating func add(_ record: CloudTrailRecord) {
        add(ActivityRecord(record))
    }

    /// `count` records of this shape (Athena's rows are grouped): counted `count` times,
    /// mapped once.
    public mutating func add(_ record: ActivityRecord, count: Int = 1) {
        add(evaluator.evaluate(record), count: count)
    }

    /// What a file's reader decided, in the order it read the records.
    public mutating func add(_ file: TrailFileActivity) {
        recordsRead += file.recordsOnlyCounted
        unreadable.append(file.unreadable)
        for contribution in file.contributions { add(contribution, count: 1) }
    }

    /// The records' contribution, `count` times.
    public mutating func add(_ contribution: Contribution, count: Int) {
        recordsRead += count
        switch contribution {
        case .outside:
            return
        case .excluded(let reason):
            excluded[reason, default: 0] += count
        case .denied(let errorCode, let eventSource, let eventName, let mapping):
            if mapping.actions.isEmpty {
                unmapped[Unmapped(eventSource: eventSource, eventName: eventName), default: 0] += count
            }
            for action in mapping.actions where !action.inferred {
                denied[Denied(action: action.action, errorCode: errorCode), default: 0] += count
            }
        case .granted(let eventSource, let eventName, let mapping):
            if mapping.unmapped {
                unmapped[Unmapped(eventSource: eventSource, eventName: eventName), default: 0] += count
            }
            for action in mapping.actions { use(action) }
        }
        recordsMatched += count
    }

    private mutating func use(_ action: RequiredAction) {
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
