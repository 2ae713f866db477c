import ForensicsCore
import AWSClient
import FoundationEssentials
import Primitives

/// Carries out one planned operation through AWS and says what it did. Every operation is
/// safe to repeat: groups are found or completed by tag, snapshots by incident.
struct QuarantineActions: Sendable {
    /// Acting in the instance's account and region.
    let client: AWSClient
    /// The function's own account, for the evidence bucket.
    let evidenceClient: AWSClient
    let instanceId: String
    /// The DescribeInstances record, written as evidence.
    let item: XML.Element
    let incident: IncidentContext
    /// The type of the forensic workstation (the AMI decides the architecture).
    let workstationType: String
    let deadline: ContinuousClock.Instant

    static let groupNames = [
        QuarantineTags.allowAllRole: "watchpost-allow-all",
        QuarantineTags.isolationRole: "watchpost-isolation",
        QuarantineTags.forensicRole: "watchpost-forensic",
    ]

    func perform(_ operation: QuarantineOperation) async throws -> String {
        let ec2 = client.ec2
        switch operation {
        case .tag(let tags, let record):
            if !tags.isEmpty { try await ec2.createTags([instanceId], tags) }
            switch record {
            case .put(let bucket, let key, let record):
                let s3 = await evidenceClient.s3(forBucket: bucket)
                try await s3.putObject(bucket, key: key, body: try record.encoded(), contentType: "application/json")
            case .unreadable(let why):
                throw ForensicsError("ReleaseRecordUnreadable", operation.summary + " (\(why))")
            case .upToDate, .none:
                break
            }
            return operation.summary

        case .protect(let termination, let shutdownStop, let keepVolumes):
            if termination { try await ec2.setTerminationProtection(instanceId, true) }
            if shutdownStop { try await ec2.setShutdownBehavior(instanceId, "stop") }
            if !keepVolumes.isEmpty { try await ec2.keepVolumesOnTermination(instanceId, deviceNames: keepVolumes) }
            return operation.summary

        case .detachFromAutoScalingGroup(let group):
            try await client.autoScaling.detachInstances([instanceId], group: group, shouldDecrementDesiredCapacity: false)
            return operation.summary

        case .deregisterTargets(let registrations):
            for registration in registrations {
                try await client.elbv2.deregisterTargets(registration.targetGroupArn, [.init(id: instanceId, port: registration.port)])
            }
            return operation.summary

        case .isolateNetwork(let vpc, _, _, let purge, let interfaces):
            let isolation = try await ensureGroup(QuarantineTags.isolationRole, vpc: vpc)
            if purge { try await removeAllRules(isolation) }
            guard !interfaces.isEmpty else { return operation.summary }
            let allowAll = try await ensureGroup(QuarantineTags.allowAllRole, vpc: vpc)
            for interface in interfaces {
                // Allow-all first: it makes the interface's tracked connections untracked, so
                // the isolation group that follows cuts them too.
                try await ec2.setInterfaceGroups(interface, [allowAll])
                try await ec2.setInterfaceGroups(interface, [isolation])
            }
            return "\(interfaces.joined(separator: ", ")): \(allowAll) (allow-all) then \(isolation) (isolation)"

        case .disassociateAddresses(let addresses):
            for address in addresses {
                if let association = address.associationId { try await ec2.disassociateAddress(associationId: association) }
            }
            return operation.summary

        case .disassociateProfile(let association, _):
            try await ec2.disassociateProfile(associationId: association)
            return operation.summary

        case .denySessions(let role, let policy, let before):
            try await RoleSessions(client: client).denySessions(role: role, policyName: policy, issuedBefore: before)
            return operation.summary

        case .snapshot(_, let excludeBoot, let excludeData):
            let snapshots = try await ec2.createSnapshots(
                instanceId: instanceId, excludeBootVolume: excludeBoot, excludeDataVolumeIds: excludeData,
                description: "watchpost \(incident.incidentId): evidence of \(instanceId)",
                tags: [QuarantineTags.incidentResource: incident.incidentId, "watchpost:instance": instanceId])
            return snapshots.map { "\($0.id) (\($0.volumeId))" }.joined(separator: ", ")

        case .writeEvidence(let bucket, let prefix, let files):
            let s3 = await evidenceClient.s3(forBucket: bucket)
            for file in files {
                switch file {
                case .describeInstances:
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    let body = try encoder.encode(EvidenceDocument.json(item))
                    try await s3.putObject(bucket, key: prefix + file.rawValue, body: Array(body), contentType: "application/json")
                case .consoleOutput:
                    let output = try await client.ec2.consoleOutput(instanceId: instanceId)
                    try await s3.putObject(bucket, key: prefix + file.rawValue, body: output, contentType: "text/plain; charset=utf-8")
                }
            }
            return operation.summary

        case .launchWorkstation(let ami, let subnet, let existing):
            return try await launchWorkstation(ami: ami, subnet: subnet, existing: existing)

        case .removeQuarantineTags(let remove, let add):
            if !remove.isEmpty { try await ec2.deleteTags([instanceId], keys: remove) }
            try await ec2.createTags([instanceId], add)
            return operation.summary

        case .restoreGroups(let groups, _):
            for interface in groups.keys.sorted() {
                try await ec2.setInterfaceGroups(interface, groups[interface] ?? [])
            }
            return operation.summary

        case .associateProfile(let profile, _):
            try await ec2.associateProfile(instanceId: instanceId, profileArn: profile)
            return operation.summary

        case .removeSessionDeny(let role, let policy):
            try await RoleSessions(client: client).removePolicy(role: role, name: policy)
            return operation.summary

        case .notify:
            preconditionFailure("notify is performed by the handler, which holds the other steps' reports")
        }
    }

    /// watchpost's group with this role in the VPC. A new one carries `watchpost:group=<role>`
    /// from its creation (IAM can scope watchpost's writes to what it created) and is marked
    /// ready only once configured; one created but never marked (an invocation cut short) is
    /// completed. A group of that name without the creation tag is someone else's: never touched.
    func ensureGroup(_ role: String, vpc: String) async throws -> String {
        let ec2 = client.ec2
        let name = Self.groupNames[role] ?? "watchpost-\(role)"
        let id: String
        if let existing = try await ec2.describeSecurityGroups(filters: ["vpc-id": [vpc], "group-name": [name]]).first {
            guard existing.tags[QuarantineTags.groupRole] == role else {
                throw ForensicsError("ForeignSecurityGroup", """
                    security group \(existing.id) named \(name) in \(vpc) was not created by watchpost (no \
                    \(QuarantineTags.groupRole)=\(role) tag from its creation): left untouched; delete or rename it
                    """)
            }
            if existing.tags[QuarantineTags.groupReady] == "true" { return existing.id }
            id = existing.id
        } else {
            id = try await ec2.createSecurityGroup(
                name: name, description: Self.descriptions[role] ?? "watchpost", vpcId: vpc,
                tags: [QuarantineTags.groupRole: role, "Name": name])
        }
        switch role {
        case QuarantineTags.allowAllRole:
            try await ignoring("InvalidPermission.Duplicate") { try await ec2.authorizeIngress(id, [.allTraffic]) }
            // The default egress rule covers IPv4 only.
            try await ignoring("InvalidPermission.Duplicate") {
                try await ec2.authorizeEgress(id, [.init(ipProtocol: "-1", ipv6Ranges: ["::/0"])])
            }
        case QuarantineTags.isolationRole:
            try await removeAllRules(id)
        default:
            // The workstation's group: nothing in, only HTTPS out (Systems Manager sessions).
            try await ignoring("InvalidPermission.NotFound") {
                try await ec2.revokeEgress(id, [.init(ipProtocol: "-1", ipv4Ranges: ["0.0.0.0/0"])])
            }
            try await ignoring("InvalidPermission.Duplicate") {
                try await ec2.authorizeEgress(id, [.init(ipProtocol: "tcp", fromPort: 443, toPort: 443, ipv4Ranges: ["0.0.0.0/0"])])
            }
        }
        try await ec2.createTags([id], [QuarantineTags.groupReady: "true"])
        return id
    }

    func removeAllRules(_ groupId: String) async throws {
        let ec2 = client.ec2
        let rules = try await ec2.securityGroupRules(groupId)
        let ingress = rules.filter { !$0.isEgress }.map(\.id)
        let egress = rules.filter(\.isEgress).map(\.id)
        if !ingress.isEmpty { try await ec2.revokeIngressRules(groupId, ingress) }
        if !egress.isEmpty { try await ec2.revokeEgressRules(groupId, egress) }
    }

    static let descriptions = [
        QuarantineTags.allowAllRole: "watchpost quarantine, step 1: allow all traffic so tracked connections become untracked",
        QuarantineTags.isolationRole: "watchpost quarantine, step 2: no traffic at all",
        QuarantineTags.forensicRole: "watchpost forensic workstation: no inbound, HTTPS outbound only",
    ]

    private func ignoring(_ code: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as AWSError where error.code == code {
            return
        }
    }

    /// Launches the workstation in its own group (unless an earlier invocation did) and
    /// attaches a volume made from each of this incident's snapshots, reusing the volumes an
    /// earlier invocation made.
    func launchWorkstation(ami: String, subnet: String, existing: String?) async throws -> String {
        let ec2 = client.ec2
        let tags = [QuarantineTags.workstationFor: instanceId, QuarantineTags.incidentResource: incident.incidentId,
                    "Name": "watchpost-forensic-\(instanceId)"]
        let (vpc, zone) = try await ec2.subnet(subnet)
        let workstation: String
        if let existing {
            workstation = existing
        } else {
            let group = try await ensureGroup(QuarantineTags.forensicRole, vpc: vpc)
            workstation = try await ec2.runInstance(imageId: ami, instanceType: workstationType, subnetId: subnet,
                                                    securityGroupIds: [group], tags: tags, tagVolumes: true)
        }
        let snapshots = try await ec2.describeSnapshots(ownedBySelf: ["tag:\(QuarantineTags.incidentResource)": [incident.incidentId]])
            .filter { $0.state != "error" }
            .sorted { $0.volumeId < $1.volumeId }
        let made = try await ec2.volumes(filters: [
            "tag:\(QuarantineTags.incidentResource)": [incident.incidentId], "tag:\(QuarantineTags.workstationFor)": [instanceId],
        ])
        let attached = made.filter { $0.attachedTo == workstation }
        var pending: [(volume: String, snapshot: String)] = []
        for snapshot in snapshots where !attached.contains(where: { $0.snapshotId == snapshot.id }) {
            if let spare = made.first(where: { $0.snapshotId == snapshot.id && $0.attachedTo == nil && ["creating", "available"].contains($0.state) }) {
                pending.append((spare.id, snapshot.id))
            } else {
                pending.append((try await ec2.createVolume(snapshotId: snapshot.id, availabilityZone: zone, tags: tags), snapshot.id))
            }
        }
        try await waitFor(ec2, volumes: pending.map(\.volume), workstation: workstation)
        // /dev/sdf … /dev/sdp, the range AWS recommends for EBS data volumes, after those in use.
        let devices = "fghijklmnop".map { "/dev/sd\($0)" }.dropFirst(attached.count)
        for (item, device) in zip(pending, devices) {
            try await ec2.attachVolume(item.volume, instanceId: workstation, device: device)
        }
        let added = pending.map { "\($0.volume) from \($0.snapshot)" }.joined(separator: ", ")
        return "\(existing == nil ? "launched" : "completed") \(workstation); attached \(added.isEmpty ? "nothing new" : added)"
    }

    /// Volumes must be available and the workstation running before an attach; poll within
    /// the invocation's deadline.
    private func waitFor(_ ec2: EC2, volumes: [String], workstation: String) async throws {
        let clock = ContinuousClock()
        while true {
            let states = volumes.isEmpty ? [] : try await ec2.volumes(ids: volumes).map(\.state)
            let state = try await ec2.describeInstances(ids: [workstation]).first?.state
            if states.allSatisfy({ $0 == "available" }) && state == "running" { return }
            if clock.now.advanced(by: .seconds(10)) > deadline {
                throw ForensicsError("WorkstationNotReady",
                                     "\(workstation) is \(state ?? "unknown"), volumes \(states.joined(separator: ", ")); a redelivery attaches them")
            }
            try await Task.sleep(for: .seconds(3))
        }
    }
}

/// What carrying out the operations calls, in the instance's account, and in the evidence bucket
/// with the function's own role. What watchpost creates is tagged in the creating call, and IAM
/// holds its later writes to what carries those tags.
extension QuarantineActions {
    static let anyInstance = "arn:{partition}:ec2:{region}:{account}:instance/*"
    static let anySecurityGroup = "arn:{partition}:ec2:{region}:{account}:security-group/*"
    static let evidenceBucketARN = "arn:{partition}:s3:::{EvidenceBucket}"
    /// Under watchpost/ (`IncidentContext.evidencePrefix`): the evidence and the release record.
    static let evidenceObjects = "arn:{partition}:s3:::{EvidenceBucket}/watchpost/*"

    static func calls(revokeRoleSessions: Bool, restoreInstanceProfile: Bool, workstation: Bool, evidenceBucket: Bool) -> [AWSCall] {
        let quarantineTags = "watchpost's quarantine tag keys (aws:TagKeys)"
        let ownGroups = "groups watchpost created (aws:ResourceTag/watchpost:group)"
        let tagged = "tagged with the incident in the creating call (aws:RequestTag/watchpost:incident)"
        // `ensureGroup` and `removeAllRules`: found by tag, created tagged, configured, marked ready.
        let groups: [AWSCall] = [
            .actedIn(.EC2.createSecurityGroup, on: anySecurityGroup, only: "created with the watchpost:group tag (aws:RequestTag)"),
            .actedIn(.EC2.authorizeSecurityGroupIngress, on: anySecurityGroup, only: ownGroups),
            .actedIn(.EC2.authorizeSecurityGroupEgress, on: anySecurityGroup, only: ownGroups),
            .actedIn(.EC2.revokeSecurityGroupIngress, on: anySecurityGroup, only: ownGroups),
            .actedIn(.EC2.revokeSecurityGroupEgress, on: anySecurityGroup, only: ownGroups),
            .actedIn(.EC2.describeSecurityGroupRules, on: "*"),
            .actedIn(.EC2.createTags, on: anySecurityGroup, only: "watchpost:group-* keys on " + ownGroups),
        ]
        let quarantine: [AWSCall] = [
            .actedIn(.EC2.createTags, on: anyInstance, only: quarantineTags),
            .actedIn(.EC2.deleteTags, on: anyInstance, only: quarantineTags),
            .actedIn(.EC2.modifyInstanceAttribute, on: anyInstance),
            .actedIn(.AutoScaling.detachInstances, on: "arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:*"),
            .actedIn(.ELBv2.deregisterTargets, on: "arn:{partition}:elasticloadbalancing:{region}:{account}:targetgroup/*"),
            .actedIn(.EC2.modifyNetworkInterfaceAttribute, on: "arn:{partition}:ec2:{region}:{account}:network-interface/*"),
            .actedIn(.EC2.disassociateAddress, on: "arn:{partition}:ec2:{region}:{account}:elastic-ip/*"),
            .actedIn(.EC2.disassociateIamInstanceProfile, on: anyInstance),
            .actedIn(.EC2.createSnapshots, on: anyInstance, only: tagged),
        ]
        // The evidence files (the console output among them) and the release record (`tag`).
        let evidence: [AWSCall] = [
            .actedIn(.EC2.getConsoleOutput, on: anyInstance),
            .own(.S3.getBucketLocation, on: evidenceBucketARN),
            .own(.S3.putObject, on: evidenceObjects),
        ]
        // A release re-associates the recorded profile, passing its role to the instance.
        let restore: [AWSCall] = [
            .actedIn(.EC2.associateIamInstanceProfile, on: anyInstance, only: "its role passed to EC2 for this instance (iam:PassedToService)"),
        ]
        // `launchWorkstation`: from the configured image into the configured subnet, in its own
        // group, with volumes made from the incident's snapshots attached to it alone.
        let launch: [AWSCall] = [
            .actedIn(.EC2.describeSubnets, on: "*"),
            .actedIn(.EC2.runInstances, on: anyInstance, only: "the configured image and subnet, in its own group, " + tagged + ", no profile"),
            .actedIn(.EC2.describeSnapshots, on: "*"),
            .actedIn(.EC2.describeVolumes, on: "*"),
            .actedIn(.EC2.createVolume, on: "arn:{partition}:ec2:{region}:{account}:volume/*", only: "from the incident's snapshots, " + tagged),
            .actedIn(.EC2.describeInstances, on: "*"),
            .actedIn(.EC2.attachVolume, on: "arn:{partition}:ec2:{region}:{account}:volume/*",
                     only: "the incident's volumes to its workstation (aws:ResourceTag)"),
        ]
        return quarantine + groups + (evidenceBucket ? evidence : []) + (revokeRoleSessions ? RoleSessions.writeCalls : [])
            + (restoreInstanceProfile ? restore : []) + (workstation ? launch : [])
    }
}

