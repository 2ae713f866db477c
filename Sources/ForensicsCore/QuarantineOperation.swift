import WatchpostCore

/// One thing the handler must do to carry out a quarantine or release step. Each carries
/// exactly the data the AWS calls need, so the handler decides nothing.
public enum QuarantineOperation: PlannedOperation {
    /// Tags on the instance (for people) and the release record (for a release).
    case tag(add: [String: String], record: RecordWrite)
    case protect(terminationProtection: Bool, shutdownStop: Bool, keepVolumes: [String])
    case detachFromAutoScalingGroup(String)
    case deregisterTargets([InstanceFacts.TargetRegistration])
    /// Per interface: the allow-all group, then the isolation group (created first when missing;
    /// emptied first when rules were added to it).
    case isolateNetwork(vpcId: String, createAllowAll: Bool, createIsolation: Bool, purgeIsolation: Bool, interfaces: [String])
    case disassociateAddresses([InstanceFacts.ElasticIP])
    case disassociateProfile(associationId: String, profileArn: String)
    case denySessions(role: String, policyName: String, issuedBefore: String)
    /// CreateSnapshots for the instance, leaving out what this incident already has.
    case snapshot(volumes: [String], excludeBootVolume: Bool, excludeDataVolumes: [String])
    case writeEvidence(bucket: String, prefix: String, files: [EvidenceFile])
    /// Launches the workstation (unless `existing`) and attaches a volume from each snapshot
    /// of the incident that it does not have yet.
    case launchWorkstation(ami: String, subnet: String, existing: String?)
    case notify
    // Release.
    case removeQuarantineTags(remove: [String], add: [String: String])
    /// `notes`: where the instance's tags disagree with the record (the tags are not applied).
    case restoreGroups([String: [String]], notes: [String])
    case associateProfile(profileArn: String, notes: [String])
    case removeSessionDeny(role: String, policyName: String)

    /// What doing it means, in a few words: the `detail` of a done (or dry-run) step.
    public var summary: String {
        switch self {
        case .tag(let tags, let record):
            var parts = tags.isEmpty ? [] : ["tag \(tags.keys.sorted().joined(separator: ", "))"]
            switch record {
            case .put(let bucket, let key, _): parts.append("release record s3://\(bucket)/\(key)")
            case .upToDate: parts.append("release record complete")
            case .none(let why): parts.append("no release record: \(why)")
            case .unreadable(let why): parts.append("release record not rewritten: \(why)")
            }
            return parts.joined(separator: "; ")
        case .protect(let termination, let shutdownStop, let keepVolumes):
            var parts: [String] = []
            if termination { parts.append("termination protection on") }
            if shutdownStop { parts.append("shutdown behaviour stop") }
            if !keepVolumes.isEmpty { parts.append("DeleteOnTermination=false on \(keepVolumes.joined(separator: ", "))") }
            return parts.joined(separator: "; ")
        case .detachFromAutoScalingGroup(let group):
            return "detach from \(group) without decrementing desired capacity (the group launches a replacement)"
        case .deregisterTargets(let registrations):
            let names = registrations.map { registration in
                registration.port.map { "\(registration.targetGroupArn) (port \($0))" } ?? registration.targetGroupArn
            }
            return "deregister from \(names.joined(separator: ", "))"
        case .isolateNetwork(let vpc, let createAllowAll, let createIsolation, let purge, let interfaces):
            var parts: [String] = []
            var created: [String] = []
            if createAllowAll { created.append("allow-all") }
            if createIsolation { created.append("isolation") }
            if !created.isEmpty { parts.append("create the \(created.joined(separator: " and ")) group in \(vpc)") }
            if purge { parts.append("remove the rules someone added to the isolation group") }
            if !interfaces.isEmpty { parts.append("allow-all then isolation on \(interfaces.joined(separator: ", "))") }
            return parts.joined(separator: "; ")
        case .disassociateAddresses(let addresses):
            return "disassociate Elastic IP \(addresses.map(\.publicIp).joined(separator: ", "))"
        case .disassociateProfile(_, let profile):
            return "disassociate instance profile \(profile)"
        case .denySessions(let role, let policy, let before):
            return "inline policy \(policy) on role \(role): deny sessions issued before \(before)"
        case .snapshot(let volumes, _, _):
            return "snapshot \(volumes.joined(separator: ", "))"
        case .writeEvidence(let bucket, let prefix, let files):
            return "write \(files.map(\.rawValue).joined(separator: ", ")) to s3://\(bucket)/\(prefix)"
        case .launchWorkstation(let ami, let subnet, let existing):
            if let existing { return "attach the missing snapshot volumes to workstation \(existing)" }
            return "launch \(ami) in \(subnet) in an isolated forensic group, with volumes from the snapshots"
        case .notify:
            return "publish the incident"
        case .removeQuarantineTags(let remove, _):
            return "remove \(remove.count) quarantine tags, tag \(QuarantineTags.released)"
        case .restoreGroups(let groups, let notes):
            return (["restore " + groups.keys.sorted().map { "\($0): \(groups[$0]!.joined(separator: ","))" }
                .joined(separator: "; ")] + notes).joined(separator: "; ")
        case .associateProfile(let profile, let notes):
            return (["associate instance profile \(profile)"] + notes).joined(separator: "; ")
        case .removeSessionDeny(let role, let policy):
            return "delete inline policy \(policy) from role \(role)"
        }
    }
}

/// What the evidence step writes, one object each.
public enum EvidenceFile: String, Sendable, CaseIterable {
    /// The instance's full DescribeInstances record.
    case describeInstances = "describe-instances.json"
    /// GetConsoleOutput, decoded.
    case consoleOutput = "console-output.txt"
}
