import WatchpostCore

/// One instance of a finding that names several: what was decided and done for it (the
/// response's `instances`, in the order the finding names them).
public struct InstanceOutcome: Sendable, Equatable, Encodable {
    public var instanceId: String?
    public var account: String?
    public var region: String?
    public var decision: Decision
    public var reason: String
    public var incidentId: String?
    public var steps: [StepOutcome<QuarantineStep>]

    init(_ response: ForensicsResponse) {
        instanceId = response.instanceId
        account = response.account
        region = response.region
        decision = response.decision
        reason = response.reason
        incidentId = response.incidentId
        steps = response.steps
    }

    enum CodingKeys: String, CodingKey { case instanceId, account, region, decision, reason, incidentId, steps }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(instanceId, forKey: .instanceId)
        try container.encode(account, forKey: .account)
        try container.encode(region, forKey: .region)
        try container.encode(decision, forKey: .decision)
        try container.encode(reason, forKey: .reason)
        try container.encode(incidentId, forKey: .incidentId)
        try container.encode(steps, forKey: .steps)
    }
}

extension ForensicsResponse {
    /// The answer to a multi-instance finding. The single-instance fields (`decision`,
    /// `instanceId`, `incidentId`, `steps`, …) describe the first instance isolated (or, when
    /// none was, the first named), so a reader of one instance still reads a real one;
    /// `decision` is `isolate` when any instance was isolated; `instances` lists every one.
    public static func group(_ results: [ForensicsResponse], finding: FindingSummary, dryRun: Bool) -> ForensicsResponse {
        let isolated = results.filter { $0.decision == .isolate }
        var response = isolated.first ?? results.first ?? ForensicsResponse(
            decision: .skip, reason: "", instanceId: nil, account: nil, region: nil, incidentId: nil,
            finding: finding, steps: [], dryRun: dryRun)
        let names = isolated.compactMap(\.instanceId)
        response.reason = "the finding names \(results.count) instances: "
            + (names.isEmpty ? "none isolated" : "isolated \(names.joined(separator: ", "))")
            + (results.count > names.count ? "; \(results.count - names.count) not (see instances)" : "")
        response.finding = finding
        response.instances = results.map(InstanceOutcome.init)
        return response
    }
}
