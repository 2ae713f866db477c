import WatchpostCore

/// What a generated policy means for Security Hub, EventBridge and the metrics. A principal
/// has one "unused-permissions" finding, a configuration check: active while it holds
/// permissions it did not use in the window, archived (compliance PASSED) once it uses all
/// it has. A principal whose policies could not be read gets no finding: an unknown state
/// neither opens nor closes one.
extension PolicyReport {
    /// At this many unused entries the excess is no longer a slip to tidy up but a policy
    /// written wider than the work.
    static let manyUnused = 10

    /// MEDIUM when an unused entry is a wildcard (it grants an open set of actions, including
    /// ones AWS adds later, and is how administrative access is usually handed out) or when
    /// many entries are unused; LOW for a few exact actions, which widen what stolen
    /// credentials could do by only as much as they name.
    static func severity(of unused: [UnusedPermissions.Entry]) -> Finding.Severity {
        if unused.isEmpty { return .informational }
        return unused.count >= manyUnused || unused.contains(where: { $0.action.contains("*") }) ? .medium : .low
    }

    public var finding: Finding? {
        guard grantsKnown, let principal = try? Principal(arn: self.principal) else { return nil }
        let what = "IAM \(principal.kind.rawValue) \(principal.name)"
        let listed = unused.map { "\($0.action) (\($0.policy))" }.joined(separator: ", ")
        var finding = Finding(
            kind: "unused-permissions", account: principal.account,
            resource: .init(type: principal.kind == .role ? .iamRole : .iamUser, arn: principal.arn, region: nil),
            types: ["Software and Configuration Checks/AWS Security Best Practices"], severity: Self.severity(of: unused),
            title: unused.isEmpty ? "\(what) used every permission it has" : "\(what) has \(unused.count) unused permissions",
            description: unused.isEmpty
                ? "Every action its policies grant was used between \(window.start) and \(window.end)."
                : "Granted and not used between \(window.start) and \(window.end) (\(recordsMatched) CloudTrail records of its "
                    + "activity, from \(source)): \(listed).",
            recommendation: "Replace the principal's policies with the least-privilege policy policy-generator generated "
                + "(in its response, in the output bucket, or applied with an apply request), or remove the unused actions.")
        finding.isActive = !unused.isEmpty
        finding.isConfigurationCheck = true
        finding.details = ["watchpost/window": "\(window.start)/\(window.end)", "watchpost/unusedCount": String(unused.count),
                           "watchpost/actionsUsed": String(actions.count)]
        for (policy, entries) in Dictionary(grouping: unused, by: \.policy) {
            finding.details["watchpost/unused/\(policy)"] = entries.map(\.action).joined(separator: ", ")
        }
        for step in applied?.steps ?? [] { finding.details["watchpost/step/\(step.step.name)"] = "\(step.statusWord): \(step.detail)" }
        return finding
    }

    /// The steps that write the policy onto the principal or its managed policy.
    static let writeSteps: Set<PolicyApplyStep> = [.createPolicy, .createPolicyVersion, .putInlinePolicy]

    var wasApplied: Bool { applied?.steps.contains { Self.writeSteps.contains($0.step) && $0.status == .done } ?? false }

    /// "Policy Generated" always: generating changes nothing in AWS, so a dry run withholds
    /// nothing; "Policy Applied" when this invocation wrote it.
    public var events: [OutboundEvent] {
        [OutboundEvent(detailType: "Policy Generated", detail: self)]
            + (wasApplied ? [OutboundEvent(detailType: "Policy Applied", detail: self)] : [])
    }

    public var decisions: [String] { ["policy"] + (wasApplied ? ["applied"] : []) }

    /// Apply, store and notify steps; a notification's "sent" is a step done.
    public var stepStatuses: [StepStatus] { (applied?.steps ?? []).map(\.status) }
}

extension PolicyResponse: Reportable {
    var reports: [PolicyReport] {
        switch self {
        case .single(let report): [report]
        case .pending: []
        case .scheduled(let reports, _): reports
        }
    }

    public var findings: [Finding] { reports.compactMap(\.finding) }
    public var events: [OutboundEvent] { reports.flatMap(\.events) }
    public var decisions: [String] { reports.flatMap(\.decisions) }
    public var stepStatuses: [StepStatus] { reports.flatMap(\.stepStatuses) }
}
