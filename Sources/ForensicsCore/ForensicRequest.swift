/// What an event asks for, whatever shape it arrived in.
public enum ForensicRequest: Sendable, Equatable {
    case isolate(IsolationRequest)
    case release(ReleaseRequest)
}

/// Where a request came from, as the response's `finding.source` names it.
public enum FindingSource: String, Sendable, Codable {
    case guardDuty = "guardduty"
    case securityHub = "securityhub"
    /// `{"instanceId", "reason"}` or a release request: no finding behind it.
    case direct
}

/// The response's `finding`: id, type and severity are null for direct requests.
public struct FindingSummary: Sendable, Equatable, Encodable {
    public var source: FindingSource
    public var id: String?
    public var type: String?
    /// On GuardDuty's scale (0–10): the producer's native severity where the finding has it.
    public var severity: Double?
    /// Which field `severity` was read from: `severity` (a GuardDuty finding),
    /// `Severity.Product`, `Severity.Original`, `FindingProviderFields.Severity.Original`,
    /// `Severity.Normalized` or `Severity.Label` (Security Hub); null when there is none.
    public var severitySource: String?

    public init(source: FindingSource, id: String? = nil, type: String? = nil, severity: Double? = nil,
                severitySource: String? = nil) {
        self.source = source
        self.id = id
        self.type = type
        self.severity = severity
        self.severitySource = severitySource
    }

    enum CodingKeys: String, CodingKey { case source, id, type, severity, severitySource }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(severity, forKey: .severity)
        try container.encode(severitySource, forKey: .severitySource)
    }
}

/// What a finding (or a direct request) says about which resource, and the facts the skip
/// rules read. Nothing here has been checked against AWS yet.
public struct IsolationRequest: Sendable, Equatable {
    public enum Resource: Sendable, Equatable {
        case instance(id: String)
        /// Something other than an EC2 instance: the resource type the finding names.
        case other(type: String)
    }

    public var finding: FindingSummary
    public var resource: Resource
    /// The account the instance lives in; nil means the function's own.
    public var account: String?
    /// The region the instance lives in; nil means the function's own.
    public var region: String?
    public var reason: String
    /// Every type the finding carries (Security Hub has several, GuardDuty one).
    public var types: [String]
    public var isSample: Bool
    public var isArchived: Bool
    /// GuardDuty's `service.resourceRole`: "ACTOR" or "TARGET".
    public var resourceRole: String?
    /// Every instance the finding names, when it names more than one (an attack sequence's
    /// group); empty for a single-instance finding, whose instance is `resource`.
    public var instances: [NamedInstance]

    public init(
        finding: FindingSummary, resource: Resource, account: String? = nil, region: String? = nil,
        reason: String, types: [String] = [], isSample: Bool = false, isArchived: Bool = false,
        resourceRole: String? = nil, instances: [NamedInstance] = []
    ) {
        self.finding = finding
        self.resource = resource
        self.account = account
        self.region = region
        self.reason = reason
        self.types = types
        self.isSample = isSample
        self.isArchived = isArchived
        self.resourceRole = resourceRole
        self.instances = instances
    }
}

/// An instance a finding names, with where it lives when the finding says so.
public struct NamedInstance: Sendable, Equatable {
    public var id: String
    public var account: String?
    public var region: String?

    public init(id: String, account: String? = nil, region: String? = nil) {
        self.id = id
        self.account = account
        self.region = region
    }
}

/// Undo a quarantine (a false positive): by incident id, by instance id, or both.
public struct ReleaseRequest: Sendable, Equatable {
    public var incidentId: String?
    public var instanceId: String?
    public var account: String?
    public var region: String?
    public var reason: String

    public init(incidentId: String?, instanceId: String?, account: String? = nil, region: String? = nil,
                reason: String) {
        self.incidentId = incidentId
        self.instanceId = instanceId
        self.account = account
        self.region = region
        self.reason = reason
    }
}
