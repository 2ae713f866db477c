import AWSModels
import WatchpostCore

/// Which quarantine steps an instance still needs, given what was found: the heart of the
/// function's idempotence (SNS and Lambda deliver at least once; GuardDuty re-sends findings).
public enum QuarantinePlanner {
    public static func plan(_ facts: InstanceFacts, incident: IncidentContext, settings: ForensicsSettings) -> InstancePlan {
        if ["terminated", "shutting-down"].contains(facts.state) {
            return InstancePlan.notActing(reason: "instance \(facts.instanceId) is \(facts.state): nothing left to isolate", notify: false, settings: settings)
        }
        let actions: [QuarantinePlan.Step] = [
            QuarantinePlan.Step(.tag, tag(facts, incident, settings)),
            QuarantinePlan.Step(.protect, protect(facts)),
            QuarantinePlan.Step(.detachASG, detachASG(facts)),
            QuarantinePlan.Step(.deregisterTargets, deregisterTargets(facts)),
            QuarantinePlan.Step(.isolateNetwork, isolateNetwork(facts)),
            QuarantinePlan.Step(.releaseEIP, releaseEIP(facts)),
            QuarantinePlan.Step(.revokeProfile, revokeProfile(facts)),
            QuarantinePlan.Step(.revokeSessions, revokeSessions(facts, incident, settings)),
            QuarantinePlan.Step(.snapshot, snapshot(facts)),
            QuarantinePlan.Step(.evidence, evidence(facts, incident, settings)),
            QuarantinePlan.Step(.forensicWorkstation, forensicWorkstation(facts, settings)),
        ].map { planned in
            // A step whose facts could not be gathered fails with why, whatever else it found.
            if let error = facts.unknown[planned.step] { return QuarantinePlan.Step(planned.step, .fail(error)) }
            return planned
        }
        let steps = actions + [QuarantinePlan.Step(.notify, notify(facts, incident, settings, changing: actions))]
        let reason = facts.quarantineIncident == nil
            ? incident.reason
            : "already quarantined under \(incident.incidentId): completing what is missing"
        // Isolating the network while the instance is still in its group would let a load
        // balancer health check have it terminated, evidence and all; a workstation needs the
        // snapshots.
        let plan = QuarantinePlan(steps, prerequisites: [.isolateNetwork: [.detachASG], .forensicWorkstation: [.snapshot]])
        return InstancePlan(decision: .isolate, reason: reason, steps: plan, dryRun: settings.dryRun)
    }

    /// The incident is published when the quarantine begins and whenever a later invocation
    /// changes (or fails to change) something; a redelivery that finds everything in place
    /// does not page anyone again.
    static func notify(
        _ facts: InstanceFacts, _ incident: IncidentContext, _ settings: ForensicsSettings, changing actions: [QuarantinePlan.Step]
    ) -> QuarantinePlan.Action {
        guard settings.alertsConfigured else { return .skip("no ALERT_TOPIC_ARN or Slack webhook configured") }
        let quiet = actions.allSatisfy { planned in
            switch planned.action {
            case .alreadyDone, .skip: true
            case .perform, .fail: false
            }
        }
        if quiet, let published = facts.tags[QuarantineTags.notified] {
            return .alreadyDone("incident \(incident.incidentId) published at \(published); nothing changed since")
        }
        return .perform(.notify)
    }

    /// The instance's tags (for people; never read back as a record) and the release record
    /// in the evidence bucket (what a release restores), both written before anything changes.
    static func tag(_ facts: InstanceFacts, _ incident: IncidentContext, _ settings: ForensicsSettings) -> QuarantinePlan.Action {
        var tags: [String: String] = [:]
        func record(_ key: String, _ value: String?) {
            if let value, facts.tags[key] == nil { tags[key] = QuarantineTags.truncated(value) }
        }
        record(QuarantineTags.incident, incident.incidentId)
        record(QuarantineTags.reason, incident.reason)
        record(QuarantineTags.finding, incident.findingId)
        record(QuarantineTags.time, incident.timestamp)
        let seen = seen(facts, incident)
        for (interface, groups) in seen.originalGroups {
            record(QuarantineTags.originalGroups(interface), QuarantineTags.groupList(groups))
        }
        record(QuarantineTags.originalProfile, seen.instanceProfileArn)
        record(QuarantineTags.originalASG, seen.autoScalingGroup)
        for (interface, address) in seen.elasticIPs {
            record(QuarantineTags.originalEIP(interface), [address.publicIp, address.allocationId].compactMap { $0 }.joined(separator: " "))
        }
        let write = recordWrite(facts, incident, settings, seen: seen)
        if tags.isEmpty {
            switch write {
            case .upToDate: return .alreadyDone("tagged \(QuarantineTags.incident)=\(incident.incidentId); release record complete")
            case .none(let why): return .alreadyDone("tagged \(QuarantineTags.incident)=\(incident.incidentId); no release record: \(why)")
            case .put, .unreadable: break
            }
        }
        return .perform(.tag(add: tags, record: write))
    }

    /// What this invocation sees that a release would restore: never an interface already
    /// carrying watchpost's groups (a redelivery must not record the isolation as original).
    static func seen(_ facts: InstanceFacts, _ incident: IncidentContext) -> ReleaseRecord {
        let ours = Set([facts.allowAllGroup, facts.isolationGroup].compactMap { $0 })
        var record = ReleaseRecord(incidentId: incident.incidentId, instanceId: facts.instanceId,
                                   instanceProfileArn: facts.profileAssociation?.profileArn, autoScalingGroup: facts.autoScalingGroup)
        for interface in facts.interfaces where ours.isDisjoint(with: interface.groupIds) {
            record.originalGroups[interface.id] = interface.groupIds
        }
        for address in facts.elasticIPs {
            if let interface = address.networkInterfaceId {
                record.elasticIPs[interface] = .init(publicIp: address.publicIp, allocationId: address.allocationId)
            }
        }
        return record
    }

    static func recordWrite(_ facts: InstanceFacts, _ incident: IncidentContext, _ settings: ForensicsSettings,
                            seen: ReleaseRecord) -> RecordWrite {
        guard let bucket = settings.evidenceBucket else {
            return .none("EVIDENCE_BUCKET is not set, so a release will restore nothing by itself")
        }
        let key = ReleaseRecord.key(incident, instanceId: facts.instanceId)
        switch facts.releaseRecord {
        case .unavailable(let why):
            return .unreadable(why)
        case .absent:
            return .put(bucket: bucket, key: key, seen)
        case .found(let existing):
            let completed = existing.completed(with: seen)
            return completed == existing ? .upToDate : .put(bucket: bucket, key: key, completed)
        }
    }

    static func protect(_ facts: InstanceFacts) -> QuarantinePlan.Action {
        let deletable = facts.volumes.filter(\.deleteOnTermination).map(\.deviceName)
        let needsProtection = !facts.terminationProtection
        let needsStop = facts.shutdownBehavior != "stop"
        if !needsProtection && !needsStop && deletable.isEmpty {
            return .alreadyDone("termination protection on, shutdown behaviour stop, every volume kept on termination")
        }
        return .perform(.protect(terminationProtection: needsProtection, shutdownStop: needsStop, keepVolumes: deletable))
    }

    static func detachASG(_ facts: InstanceFacts) -> QuarantinePlan.Action {
        if let group = facts.autoScalingGroup { return .perform(.detachFromAutoScalingGroup(group)) }
        if let group = facts.recorded?.autoScalingGroup { return .alreadyDone("detached from \(group)") }
        return .skip("not in an Auto Scaling group")
    }

    /// The Auto Scaling group's own target groups are left to the detach (which deregisters
    /// from them, with connection draining); only the others are deregistered here.
    static func deregisterTargets(_ facts: InstanceFacts) -> QuarantinePlan.Action {
        let others = facts.targetGroups.filter { !facts.autoScalingTargetGroups.contains($0.targetGroupArn) }
        if others.isEmpty {
            return .skip(facts.autoScalingTargetGroups.isEmpty
                ? "registered in no target group"
                : "registered only in its Auto Scaling group's target groups (the detach deregisters it)")
        }
        return .perform(.deregisterTargets(others))
    }

    static func isIsolated(_ interface: EC2Instance.NetworkInterface, _ facts: InstanceFacts) -> Bool {
        guard let isolation = facts.isolationGroup else { return false }
        return interface.groupIds == [isolation]
    }

    static func isolateNetwork(_ facts: InstanceFacts) -> QuarantinePlan.Action {
        guard let vpc = facts.vpcId else { return .fail("the instance is in no VPC: security groups cannot isolate it") }
        if facts.interfaces.isEmpty { return .skip("no network interface attached") }
        let pending = facts.interfaces.filter { !isIsolated($0, facts) }.map(\.id)
        let purge = facts.isolationGroup != nil && facts.isolationGroupRules > 0
        if pending.isEmpty && !purge {
            return .alreadyDone("every interface carries only \(facts.isolationGroup ?? "the isolation group"), which has no rule")
        }
        return .perform(.isolateNetwork(vpcId: vpc, createAllowAll: facts.allowAllGroup == nil && !pending.isEmpty,
                                        createIsolation: facts.isolationGroup == nil, purgeIsolation: purge, interfaces: pending))
    }

    static func releaseEIP(_ facts: InstanceFacts) -> QuarantinePlan.Action {
        if !facts.elasticIPs.isEmpty { return .perform(.disassociateAddresses(facts.elasticIPs)) }
        if let recorded = facts.recorded?.elasticIPs, !recorded.isEmpty {
            return .alreadyDone("disassociated " + recorded.keys.sorted().map { recorded[$0]!.publicIp }.joined(separator: ", "))
        }
        return .skip("no Elastic IP associated")
    }

    static func revokeProfile(_ facts: InstanceFacts) -> QuarantinePlan.Action {
        if let association = facts.profileAssociation {
            return .perform(.disassociateProfile(associationId: association.associationId, profileArn: association.profileArn))
        }
        if let profile = facts.recorded?.instanceProfileArn { return .alreadyDone("disassociated \(profile)") }
        return .skip("no instance profile associated")
    }

    static func revokeSessions(_ facts: InstanceFacts, _ incident: IncidentContext, _ settings: ForensicsSettings) -> QuarantinePlan.Action {
        guard settings.revokeRoleSessions else {
            return .skip("REVOKE_ROLE_SESSIONS is off (the role may be shared with healthy instances)")
        }
        guard let profile = facts.profileArn else { return .skip("no instance profile, so no role sessions") }
        guard let role = facts.role else { return .skip("instance profile \(profile) has no role") }
        if facts.sessionDenyInPlace { return .alreadyDone("role \(role) carries \(incident.sessionDenyPolicyName)") }
        return .perform(.denySessions(role: role, policyName: incident.sessionDenyPolicyName, issuedBefore: incident.timestamp))
    }

    static func snapshot(_ facts: InstanceFacts) -> QuarantinePlan.Action {
        if facts.volumes.isEmpty { return .skip("no EBS volume attached") }
        let missing = facts.volumes.filter { facts.incidentSnapshots[$0.id] == nil }
        if missing.isEmpty {
            return .alreadyDone(facts.volumes.map { "\(facts.incidentSnapshots[$0.id]!) (\($0.id))" }.joined(separator: ", "))
        }
        let isBoot = { (volume: EC2Instance.Volume) in volume.deviceName == facts.rootDeviceName }
        let done = facts.volumes.filter { facts.incidentSnapshots[$0.id] != nil }
        return .perform(.snapshot(
            volumes: missing.map(\.id),
            excludeBootVolume: done.contains(where: isBoot),
            excludeDataVolumes: done.filter { !isBoot($0) }.map(\.id)))
    }

    static func evidence(_ facts: InstanceFacts, _ incident: IncidentContext, _ settings: ForensicsSettings) -> QuarantinePlan.Action {
        guard let bucket = settings.evidenceBucket else { return .skip("EVIDENCE_BUCKET is not set") }
        let prefix = incident.evidencePrefix(instanceId: facts.instanceId)
        let missing = EvidenceFile.allCases.filter { !facts.evidenceKeys.contains(prefix + $0.rawValue) }
        if missing.isEmpty { return .alreadyDone("s3://\(bucket)/\(prefix)") }
        return .perform(.writeEvidence(bucket: bucket, prefix: prefix, files: missing))
    }

    static func forensicWorkstation(_ facts: InstanceFacts, _ settings: ForensicsSettings) -> QuarantinePlan.Action {
        switch (settings.forensicAMI, settings.forensicSubnet) {
        case (nil, nil):
            return .skip("FORENSIC_AMI and FORENSIC_SUBNET are not set")
        case (let ami?, let subnet?):
            // An earlier invocation may have launched it and run out of time before attaching.
            let missing = Set(facts.incidentSnapshots.values).subtracting(facts.workstationSnapshots)
            if let workstation = facts.forensicWorkstation, missing.isEmpty {
                return .alreadyDone("workstation \(workstation) has a volume from each snapshot")
            }
            return .perform(.launchWorkstation(ami: ami, subnet: subnet, existing: facts.forensicWorkstation))
        case (nil, _):
            return .skip("FORENSIC_SUBNET is set but FORENSIC_AMI is not")
        case (_, nil):
            return .skip("FORENSIC_AMI is set but FORENSIC_SUBNET is not")
        }
    }
}
