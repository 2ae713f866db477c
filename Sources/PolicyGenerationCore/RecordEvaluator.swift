import SecurityEvents

/// Decides what one record adds to an `Activity` (its `Contribution`) without touching the
/// aggregates, so trail files can be judged on every core, each reader with its own evaluator,
/// and their contributions added in the files' order: the same answer as one reader.
public struct RecordEvaluator: Sendable {
    public let principal: Principal
    public let window: TimeWindow
    /// nil: every region.
    public let regions: Set<String>?
    let mapper: ActionMapper
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

    public mutating func evaluate(_ record: ActivityRecord) -> Activity.Contribution {
        guard inWindowAndRegions(record), isPrincipals(record) else { return .outside }
        switch RecordClassifier.classify(record) {
        case .excluded(let reason):
            return .excluded(reason: reason)
        case .denied(let errorCode):
            return .denied(errorCode: errorCode, eventSource: record.eventSource, eventName: record.eventName,
                           mapping: mapper.map(record))
        case .granted:
            return .granted(eventSource: record.eventSource, eventName: record.eventName, mapping: mapper.map(record))
        }
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
}
