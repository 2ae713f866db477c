import WatchpostCore
import Primitives

/// What an isolation or a release means for Security Hub, EventBridge and the metrics. An
/// instance has one "isolation" finding: opened by the quarantine (even a dry run's: the
/// verdict stands, only the actions are held back), updated by a redelivery, archived by a
/// complete release. A skip says nothing new and gives none.
extension ForensicsResponse: Reportable {
    /// The quarantine's own steps: `describe` only reads, `notify` only tells.
    static let actingSteps = Set(QuarantineStep.allCases).subtracting([.describe, .notify])

    public var findings: [Finding] { isolationFinding.map { [$0] } ?? [] }

    /// Nil for a skip, a dry-run release (nothing changed), or an instance whose account is
    /// unknown (the role could not be assumed: Security Hub files a finding by account).
    var isolationFinding: Finding? {
        guard let instanceId, let account, let region, decision != .skip, !(decision == .release && dryRun) else { return nil }
        let failed = steps.filter { $0.status == .failed }.map(\.step.rawValue)
        let incomplete = failed.isEmpty ? "" : " (failed: \(failed.joined(separator: ", ")))"
        let arn = "arn:\(AWSPartition.of(region: region)):ec2:\(region):\(account):instance/\(instanceId)"
        let (severity, title, recommendation): (Finding.Severity, String, String)
        switch decision {
        case .release where failed.isEmpty:
            severity = .informational
            title = "EC2 instance \(instanceId) released from quarantine"
            recommendation = "None: the instance has its original network and profile back. The evidence stays in its bucket."
        case .release:
            severity = .high
            title = "Release of EC2 instance \(instanceId) from quarantine is incomplete\(incomplete)"
            recommendation = "Finish the failed steps by hand (their outcomes are in the finding's fields) or release it again."
        default:
            severity = .high
            title = dryRun ? "EC2 instance \(instanceId) would be quarantined (dry run)"
                : "EC2 instance \(instanceId) quarantined" + (failed.isEmpty ? "" : ", incompletely\(incomplete)")
            recommendation = "Investigate from the snapshots or the forensic workstation of incident \(incidentId ?? "(none)")"
                + (failed.isEmpty ? "" : " after finishing the failed steps by hand")
                + ". Release the instance through forensic-isolator if it is a false positive; terminate it once the evidence is kept."
        }
        let trigger = self.finding
        var finding = Finding(
            kind: "isolation", account: account, resource: .init(type: .ec2Instance, arn: arn, region: region),
            types: ["Unusual Behaviors/VM"], severity: severity, title: title,
            description: reason + (trigger.id.map { " Triggered by \(trigger.source.rawValue) finding \($0)." } ?? ""),
            recommendation: recommendation)
        finding.isActive = !(decision == .release && failed.isEmpty)
        finding.details = ["watchpost/decision": decision.rawValue, "watchpost/dryRun": String(dryRun)]
        finding.details["watchpost/incidentId"] = incidentId
        finding.details["watchpost/trigger/type"] = trigger.type
        for report in steps { finding.details["watchpost/step/\(report.step.rawValue)"] = "\(report.status.rawValue): \(report.detail)" }
        return finding
    }

    /// "Instance Isolated" or "Instance Released" when this invocation changed the instance:
    /// a dry run changed nothing, and a redelivery that finds every step in place repeats no
    /// news. A partial quarantine is still announced; its steps in `detail` say what held.
    public var events: [OutboundEvent] {
        guard !dryRun, steps.contains(where: { Self.actingSteps.contains($0.step) && $0.status == .done }) else { return [] }
        switch decision {
        case .isolate: return [OutboundEvent(detailType: "Instance Isolated", detail: self)]
        case .release: return [OutboundEvent(detailType: "Instance Released", detail: self)]
        case .skip: return []
        }
    }

    /// The response's own word: "isolate" is what the template's isolation alarm counts.
    public var decisions: [String] { [decision.rawValue] }

    public var stepStatuses: [StepStatus] { steps.map(\.status) }
}
