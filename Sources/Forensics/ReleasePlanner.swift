/// Undoing a quarantine for a false positive: the original security groups and instance
/// profile come back (from the tags the quarantine wrote); the evidence and the protections
/// stay, and the instance stays out of its Auto Scaling group, which has replaced it.
public enum ReleasePlanner {
    public static func plan(_ facts: InstanceFacts, incident: IncidentContext, settings: ForensicsSettings) -> Plan {
        guard facts.quarantineIncident != nil else {
            return Plan.notActing(reason: "instance \(facts.instanceId) is not quarantined by watchpost (no \(QuarantineTags.incident) tag)", notify: false, settings: settings)
        }
        let steps: [PlannedStep] = [
            PlannedStep(.tag, tag(facts, incident)),
            PlannedStep(.protect, .skip("kept: termination protection, shutdown behaviour stop and kept volumes stay until the instance is retired")),
            PlannedStep(.detachASG, .skip("not re-attached: its Auto Scaling group has launched a replacement")),
            PlannedStep(.deregisterTargets, .skip("not re-registered: register it again by hand if it should serve")),
            PlannedStep(.isolateNetwork, restoreGroups(facts)),
            PlannedStep(.releaseEIP, releaseEIP(facts)),
            PlannedStep(.revokeProfile, restoreProfile(facts)),
            PlannedStep(.revokeSessions, removeSessionDeny(facts, incident)),
            PlannedStep(.snapshot, .skip("kept: snapshots are the incident's evidence")),
            PlannedStep(.evidence, .skip("kept: the evidence stays in its bucket")),
            PlannedStep(.forensicWorkstation, facts.forensicWorkstation.map { .skip("left for the investigator: terminate \($0) when done") }
                ?? .skip("no forensic workstation for this incident")),
            PlannedStep(.notify, settings.alertsConfigured ? .perform(.notify) : .skip("no ALERT_TOPIC_ARN or Slack webhook configured")),
        ].map { planned in
            if let error = facts.unknown[planned.step] { return PlannedStep(planned.step, .fail(error)) }
            return planned
        }
        let plan = Plan(decision: .release, reason: incident.reason, steps: steps)
        return settings.dryRun ? plan.dryRun() : plan
    }

    static func tag(_ facts: InstanceFacts, _ incident: IncidentContext) -> PlannedAction {
        let remove = facts.tags.keys.filter(QuarantineTags.isQuarantineTag).sorted()
        return .perform(.removeQuarantineTags(
            remove: remove,
            add: [QuarantineTags.released: QuarantineTags.truncated("\(incident.incidentId) at \(incident.timestamp): \(incident.reason)")]))
    }

    static func restoreGroups(_ facts: InstanceFacts) -> PlannedAction {
        var restore: [String: [String]] = [:]
        var unrecorded: [String] = []
        for interface in facts.interfaces {
            guard let recorded = facts.tags[QuarantineTags.originalGroups(interface.id)] else {
                unrecorded.append(interface.id)
                continue
            }
            let groups = QuarantineTags.groups(fromTag: recorded)
            if interface.groupIds != groups { restore[interface.id] = groups }
        }
        if !unrecorded.isEmpty {
            return .fail("no original groups recorded for \(unrecorded.joined(separator: ", ")): restore them by hand")
        }
        if restore.isEmpty { return .alreadyDone("every interface has its original groups") }
        return .perform(.restoreGroups(restore))
    }

    static func releaseEIP(_ facts: InstanceFacts) -> PlannedAction {
        let recorded = facts.tags.keys.filter { $0.hasPrefix(QuarantineTags.originalEIPPrefix) }.sorted()
        if recorded.isEmpty { return .skip("no Elastic IP was disassociated") }
        let addresses = recorded.compactMap { facts.tags[$0] }.joined(separator: ", ")
        return .skip("not re-associated: \(addresses) (re-associate by hand once the instance is trusted)")
    }

    static func restoreProfile(_ facts: InstanceFacts) -> PlannedAction {
        guard let profile = facts.tags[QuarantineTags.originalProfile] else {
            return .skip("had no instance profile")
        }
        if let current = facts.profileAssociation {
            return current.profileArn == profile
                ? .alreadyDone("\(profile) is associated")
                : .fail("another profile (\(current.profileArn)) is associated; \(profile) not restored")
        }
        return .perform(.associateProfile(profileArn: profile))
    }

    static func removeSessionDeny(_ facts: InstanceFacts, _ incident: IncidentContext) -> PlannedAction {
        guard let role = facts.role, facts.sessionDenyInPlace else {
            return .skip("no session deny to remove")
        }
        return .perform(.removeSessionDeny(role: role, policyName: incident.sessionDenyPolicyName))
    }
}
