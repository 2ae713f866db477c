import SecurityEvents

/// The EC2 instances a finding names, in the order it names them, each once. A GuardDuty
/// finding names its `resource.instanceDetails` instance and, for an attack sequence
/// (`AttackSequence:EC2/CompromisedInstanceGroup`), the sequence's `EC2_INSTANCE` resources and
/// the instances its signals name; a Security Hub finding names its `AwsEc2Instance` resources.
enum NamedInstances {
    static func of(_ finding: GuardDutyFinding) -> [NamedInstance] {
        var found: [NamedInstance] = []
        if finding.resource.resourceType == "Instance", let id = finding.resource.instanceDetails?.instanceId {
            found.append(NamedInstance(id: id, account: finding.accountId, region: finding.region))
        }
        let sequence = finding.service?.detection?.sequence
        for resource in sequence?.resources ?? [] where resource.resourceType == GuardDutySequence.ec2InstanceResourceType {
            guard let uid = resource.uid else { continue }
            found.append(fromReference(uid, account: resource.accountId ?? finding.accountId,
                                       region: resource.region ?? finding.region))
        }
        for signal in sequence?.signals ?? [] {
            for uid in signal.resourceUids ?? [] where isInstanceReference(uid) {
                found.append(fromReference(uid, account: finding.accountId, region: finding.region))
            }
        }
        return unique(found)
    }

    static func of(_ finding: SecurityHubFinding, eventRegion: String?) -> [NamedInstance] {
        unique(finding.resources.filter { $0.type == SecurityHubFinding.ec2InstanceResourceType }.map { resource in
            let named = fromReference(resource.id, account: finding.awsAccountId, region: finding.region ?? eventRegion)
            return NamedInstance(id: named.id, account: named.account, region: resource.region ?? named.region)
        })
    }

    /// An instance id, or an instance ARN (arn:aws:ec2:<region>:<account>:instance/i-…), whose
    /// region and account win over the finding's.
    static func fromReference(_ reference: String, account: String?, region: String?) -> NamedInstance {
        let parts = reference.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard reference.hasPrefix("arn:"), parts.count == 6, parts[5].hasPrefix("instance/") else {
            return NamedInstance(id: reference, account: account, region: region)
        }
        return NamedInstance(id: String(parts[5].dropFirst("instance/".count)),
                             account: parts[4].isEmpty ? account : String(parts[4]),
                             region: parts[3].isEmpty ? region : String(parts[3]))
    }

    /// Signals name resources of every kind: only instance ids and instance ARNs are instances.
    static func isInstanceReference(_ uid: String) -> Bool {
        uid.hasPrefix("i-") || (uid.hasPrefix("arn:") && uid.contains(":instance/"))
    }

    /// The first mention of each instance (by id), in order.
    static func unique(_ instances: [NamedInstance]) -> [NamedInstance] {
        var seen: Set<String> = []
        return instances.filter { seen.insert($0.id).inserted }
    }
}
