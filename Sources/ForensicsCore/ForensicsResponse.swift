import WatchpostCore

/// The function's answer (a contract: tests and tools read these names). Fields the contract
/// lists are always present, as null when unknown.
public struct ForensicsResponse: Sendable, Equatable, Encodable {
    public var decision: Decision
    public var reason: String
    public var instanceId: String?
    public var account: String?
    public var region: String?
    public var incidentId: String?
    public var finding: FindingSummary
    public var steps: [StepOutcome<QuarantineStep>]
    public var dryRun: Bool
    /// Only for a finding that names several instances: one outcome per instance. Absent
    /// (not null) otherwise, so a single-instance response is unchanged.
    public var instances: [InstanceOutcome]?

    public init(decision: Decision, reason: String, instanceId: String?, account: String?, region: String?,
                incidentId: String?, finding: FindingSummary, steps: [StepOutcome<QuarantineStep>], dryRun: Bool,
                instances: [InstanceOutcome]? = nil) {
        self.decision = decision
        self.reason = reason
        self.instanceId = instanceId
        self.account = account
        self.region = region
        self.incidentId = incidentId
        self.finding = finding
        self.steps = steps
        self.dryRun = dryRun
        self.instances = instances
    }

    enum CodingKeys: String, CodingKey {
        case decision, reason, instanceId, account, region, incidentId, finding, steps, dryRun, instances
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(decision, forKey: .decision)
        try container.encode(reason, forKey: .reason)
        try container.encode(instanceId, forKey: .instanceId)
        try container.encode(account, forKey: .account)
        try container.encode(region, forKey: .region)
        try container.encode(incidentId, forKey: .incidentId)
        try container.encode(finding, forKey: .finding)
        try container.encode(steps, forKey: .steps)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encodeIfPresent(instances, forKey: .instances)
    }
}
