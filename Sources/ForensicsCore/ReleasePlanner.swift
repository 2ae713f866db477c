import WatchpostCore

/// Undoing a quarantine for a false positive: the original security groups and instance
/// profile (RESTORE_INSTANCE_PROFILE) come back, from the release record the quarantine wrote
/// in the evidence bucket, never from the instance's tags; the evidence and the protections
/// stay, and the instance stays out of its Auto Scaling group, which has replaced it.
public enum ReleasePlanner {
    public static func plan(_ facts: InstanceFacts, incident: IncidentContext, settings: ForensicsSettings) -> InstancePlan {
        guard facts.quarantineIncident != nil else {
            return InstancePlan.notActing(reason: "instance \(facts.instanceId) is not quarantined by watchpost (no \(QuarantineTags.incident) tag)", notify: false, settings: settings)
        }
        let steps: [QuarantinePlan.Step] = [
            QuarantinePlan.Step(.tag, tag(facts, incident)),
            QuarantinePlan.Step(.protect, .skip("kept: termination protection, shutdown behaviour stop and kept volumes stay until the instance is retired")),
            QuarantinePlan.Step(.detachASG, detachASG(facts)),
            QuarantinePlan.Step(.deregisterTargets, .skip("not re-registered: register it again by hand if it should serve")),
            QuarantinePlan.Step(.isolateNetwork, restoreGroups(facts)),
            QuarantinePlan.Step(.releaseEIP, releaseEIP(facts)),
            QuarantinePlan.Step(.revokeProfile, restoreProfile(facts, settings)),
            QuarantinePlan.Step(.revokeSessions, removeSessionDeny(facts, incident, settings)),
            QuarantinePlan.Step(.snapshot, .skip("kept: snapshots are the incident's evidence")),
            QuarantinePlan.Step(.evidence, .skip("kept: the evidence stays in its bucket")),
            QuarantinePlan.Step(.forensicWorkstation, facts.forensicWorkstation.map { .skip("left for the investigator: terminate \($0) when done") }
                ?? .skip("no forensic workstation for this incident")),
            QuarantinePlan.Step(.notify, settings.alertsConfigured ? .perform(.notify) : .skip("no ALERT_TOPIC_ARN or Slack webhook configured")),
        ].map { planned in
            if let error = facts.unknown[planned.step] { return QuarantinePlan.Step(planned.step, .fail(error)) }
            return planned
        }
        // The quarantine tags mark the instance as quarantined (a release finds it by them): they
        // go last, and only once the groups, the profile and the session deny are back.
        let late: [QuarantineStep] = [.tag, .notify]
        let plan = QuarantinePlan(
            steps, prerequisites: [.tag: [.isolateNetwork, .revokeProfile, .revokeSessions]],
            executionOrder: steps.map(\.step).filter { !late.contains($0) } + late)
        return InstancePlan(decision: .release, reason: incident.reason, steps: plan, dryRun: settings.dryRun)
    }

    static func tag(_ facts: InstanceFacts, _ incident: IncidentContext) -> QuarantinePlan.Action {
        let remove = facts.tags.keys.filter(QuarantineTags.isQuarantineTag).sorted()
        return .perform(.removeQuarantineTags(
            remove: remove,
            add: [QuarantineTags.released: QuarantineTags.truncated("\(incident.incidentId) at \(incident.timestamp): \(incident.reason)")]))
    }

    /// Why nothing is restored without the record: the tags are not a record.
    static func noRecord(_ facts: InstanceFacts) -> String? {
        switch facts.releaseRecord {
        case .found: return nil
        case .absent: return "no release record in the evidence bucket; the instance's tags are not trusted (anyone with ec2:CreateTags can write them): restore by hand"
        case .unavailable(let why): return "\(why); the instance's tags are not trusted (anyone with ec2:CreateTags can write them): restore by hand"
        }
    }

    static func restoreGroups(_ facts: InstanceFacts) -> QuarantinePlan.Action {
        guard let record = facts.recorded else { return .fail(noRecord(facts)!) }
        var restore: [String: [String]] = [:]
        var unrecorded: [String] = []
        var notes: [String] = []
        for interface in facts.interfaces {
            let tagged = facts.tags[QuarantineTags.originalGroups(interface.id)].map(QuarantineTags.groups(fromTag:))
            guard let groups = record.originalGroups[interface.id] else {
                unrecorded.append(interface.id)
                if let tagged { notes.append(mismatch(QuarantineTags.originalGroups(interface.id), tagged.joined(separator: ","), nil)) }
                continue
            }
            if let tagged, tagged != groups {
                notes.append(mismatch(QuarantineTags.originalGroups(interface.id), tagged.joined(separator: ","), groups.joined(separator: ",")))
            }
            if interface.groupIds != groups { restore[interface.id] = groups }
        }
        if !unrecorded.isEmpty {
            return .fail((["no original groups recorded for \(unrecorded.joined(separator: ", ")): restore them by hand"] + notes)
                .joined(separator: "; "))
        }
        if restore.isEmpty { return .alreadyDone((["every interface has its original groups"] + notes).joined(separator: "; ")) }
        return .perform(.restoreGroups(restore, notes: notes))
    }

    /// The detail that reports a tag the release ignored.
    static func mismatch(_ key: String, _ tag: String, _ recorded: String?) -> String {
        "tag \(key)=\(tag) disagrees with the release record (\(recorded ?? "nothing recorded")): the tag is ignored"
    }

    static func releaseEIP(_ facts: InstanceFacts) -> QuarantinePlan.Action {
        guard let record = facts.recorded else { return .skip("not re-associated: " + noRecord(facts)!) }
        if record.elasticIPs.isEmpty { return .skip("no Elastic IP was disassociated") }
        let addresses = record.elasticIPs.keys.sorted().map { interface in
            let address = record.elasticIPs[interface]!
            return "\(address.publicIp) (\(address.allocationId ?? "no allocation id")) on \(interface)"
        }
        return .skip("not re-associated: \(addresses.joined(separator: ", ")) (re-associate by hand once the instance is trusted)")
    }

    static func detachASG(_ facts: InstanceFacts) -> QuarantinePlan.Action {
        guard let group = facts.recorded?.autoScalingGroup else {
            return .skip(facts.recorded == nil ? "not re-attached: " + noRecord(facts)! : "was in no Auto Scaling group")
        }
        return .skip("not re-attached to \(group): the group has launched a replacement")
    }

    static func restoreProfile(_ facts: InstanceFacts, _ settings: ForensicsSettings) -> QuarantinePlan.Action {
        guard let record = facts.recorded else { return .fail(noRecord(facts)!) }
        let tagged = facts.tags[QuarantineTags.originalProfile]
        let notes = tagged.flatMap { $0 == record.instanceProfileArn ? nil : [mismatch(QuarantineTags.originalProfile, $0, record.instanceProfileArn)] } ?? []
        func detail(_ text: String) -> String { ([text] + notes).joined(separator: "; ") }
        guard let profile = record.instanceProfileArn else { return .skip(detail("had no instance profile")) }
        if let current = facts.profileAssociation {
            return current.profileArn == profile
                ? .alreadyDone(detail("\(profile) is associated"))
                : .fail(detail("another profile (\(current.profileArn)) is associated; \(profile) not restored"))
        }
        guard settings.restoreInstanceProfile else {
            return .skip(detail("not restored: associate \(profile) by hand (watchpost holds no iam:PassRole unless ReleaseRestoresProfile=true)"))
        }
        return .perform(.associateProfile(profileArn: profile, notes: notes))
    }

    static func removeSessionDeny(_ facts: InstanceFacts, _ incident: IncidentContext, _ settings: ForensicsSettings) -> QuarantinePlan.Action {
        guard settings.revokeRoleSessions else {
            return .skip("REVOKE_ROLE_SESSIONS is off: no session deny was written, and none can be removed; "
                         + "if \(incident.sessionDenyPolicyName) is on the instance role from an earlier setting, delete it by hand")
        }
        guard let role = facts.role, facts.sessionDenyInPlace else {
            return .skip("no session deny to remove")
        }
        return .perform(.removeSessionDeny(role: role, policyName: incident.sessionDenyPolicyName))
    }
}
