import ForensicsCore
import FoundationEssentials
import WatchpostCore

extension ForensicIsolator {
    /// A finding that names several instances: each is decided as a single-instance finding
    /// would be, at most MAX_INSTANCES_PER_FINDING are isolated, and every other one is
    /// reported (a notification says it was named and why it was not isolated).
    func isolateGroup(_ request: IsolationRequest, _ invocation: IsolationRun) async -> ForensicsResponse {
        var results: [ForensicsResponse] = []
        for member in InstanceGroup.split(request, minSeverity: settings.minSeverity, limit: settings.maxInstancesPerFinding) {
            guard case .instance(let instanceId) = member.request.resource else { continue }
            switch member.verdict {
            case .skip(let reason):
                results.append(await notActing(member.request, instanceId: instanceId, reason: reason, notify: false, invocation))
            case .report(let reason):
                results.append(await notActing(member.request, instanceId: instanceId, reason: reason, notify: true, invocation))
            case .isolate:
                do {
                    results.append(try await isolate(member.request, invocation))
                } catch {
                    // One instance that cannot be handled does not stop the others.
                    results.append(ForensicsResponse(
                        decision: .skip, reason: "\(error)", instanceId: instanceId, account: member.request.account,
                        region: member.request.region, incidentId: nil, finding: request.finding,
                        steps: [StepOutcome(.describe, .failed, "\(error)")], dryRun: settings.dryRun))
                }
            }
        }
        return .group(results, finding: request.finding, dryRun: settings.dryRun)
    }
}
