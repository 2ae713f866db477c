import AWSModels

/// What the handler found out about the instance and its surroundings: the plain data the
/// plan is computed from. Gathering is the handler's job; nothing here talks to AWS.
public struct InstanceFacts: Sendable, Equatable {
    public struct ElasticIP: Sendable, Equatable {
        public var publicIp: String
        public var allocationId: String?
        public var associationId: String?
        public var networkInterfaceId: String?
        public init(publicIp: String, allocationId: String?, associationId: String?, networkInterfaceId: String?) {
            self.publicIp = publicIp
            self.allocationId = allocationId
            self.associationId = associationId
            self.networkInterfaceId = networkInterfaceId
        }
    }

    /// A registration in a load balancer target group (the port is needed to deregister).
    public struct TargetRegistration: Sendable, Equatable {
        public var targetGroupArn: String
        public var port: Int?
        public init(targetGroupArn: String, port: Int?) {
            self.targetGroupArn = targetGroupArn
            self.port = port
        }
    }

    public struct ProfileAssociation: Sendable, Equatable {
        public var associationId: String
        public var profileArn: String
        public init(associationId: String, profileArn: String) {
            self.associationId = associationId
            self.profileArn = profileArn
        }
    }

    public var instanceId: String
    /// "pending", "running", "stopping", "stopped", "shutting-down", "terminated".
    public var state: String
    public var vpcId: String?
    public var subnetId: String?
    public var availabilityZone: String?
    public var rootDeviceName: String?
    public var tags: [String: String]
    public var interfaces: [EC2Instance.NetworkInterface]
    public var volumes: [EC2Instance.Volume]
    public var profileAssociation: ProfileAssociation?
    public var terminationProtection: Bool
    /// "stop" or "terminate".
    public var shutdownBehavior: String
    /// From DescribeAutoScalingInstances; nil when the instance is in no group.
    public var autoScalingGroup: String?
    /// The target groups attached to that Auto Scaling group (detaching deregisters from them).
    public var autoScalingTargetGroups: [String]
    /// Every target group registration of the instance.
    public var targetGroups: [TargetRegistration]
    public var elasticIPs: [ElasticIP]
    /// watchpost's own groups in the instance's VPC, recognised by tag; nil when not created yet.
    public var allowAllGroup: String?
    public var isolationGroup: String?
    /// Rules found on the isolation group (someone added them): it isolates nothing until purged.
    public var isolationGroupRules: Int
    /// Snapshots already taken for this incident: volume id → snapshot id.
    public var incidentSnapshots: [String: String]
    /// Keys already written under this incident's evidence prefix.
    public var evidenceKeys: [String]
    /// The forensic workstation already launched for this incident.
    public var forensicWorkstation: String?
    /// This incident's snapshots that have a volume attached to that workstation.
    public var workstationSnapshots: [String]
    /// The record of what the quarantine changed, from the evidence bucket.
    public var releaseRecord: RecordState
    /// The role behind the instance profile (current or recorded); nil when unknown or none.
    public var role: String?
    /// The role already carries this incident's session deny.
    public var sessionDenyInPlace: Bool
    /// Facts that could not be gathered, by the step that needs them: that step fails with this.
    public var unknown: [QuarantineStep: String]

    public init(
        instanceId: String, state: String = "running", vpcId: String? = nil, subnetId: String? = nil,
        availabilityZone: String? = nil, rootDeviceName: String? = nil, tags: [String: String] = [:],
        interfaces: [EC2Instance.NetworkInterface] = [], volumes: [EC2Instance.Volume] = [], profileAssociation: ProfileAssociation? = nil,
        terminationProtection: Bool = false, shutdownBehavior: String = "stop", autoScalingGroup: String? = nil,
        autoScalingTargetGroups: [String] = [], targetGroups: [TargetRegistration] = [], elasticIPs: [ElasticIP] = [],
        allowAllGroup: String? = nil, isolationGroup: String? = nil, isolationGroupRules: Int = 0, incidentSnapshots: [String: String] = [:],
        evidenceKeys: [String] = [], forensicWorkstation: String? = nil, workstationSnapshots: [String] = [],
        releaseRecord: RecordState = .absent, role: String? = nil,
        sessionDenyInPlace: Bool = false, unknown: [QuarantineStep: String] = [:]
    ) {
        self.instanceId = instanceId
        self.state = state
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.availabilityZone = availabilityZone
        self.rootDeviceName = rootDeviceName
        self.tags = tags
        self.interfaces = interfaces
        self.volumes = volumes
        self.profileAssociation = profileAssociation
        self.terminationProtection = terminationProtection
        self.shutdownBehavior = shutdownBehavior
        self.autoScalingGroup = autoScalingGroup
        self.autoScalingTargetGroups = autoScalingTargetGroups
        self.targetGroups = targetGroups
        self.elasticIPs = elasticIPs
        self.allowAllGroup = allowAllGroup
        self.isolationGroup = isolationGroup
        self.isolationGroupRules = isolationGroupRules
        self.incidentSnapshots = incidentSnapshots
        self.evidenceKeys = evidenceKeys
        self.forensicWorkstation = forensicWorkstation
        self.workstationSnapshots = workstationSnapshots
        self.releaseRecord = releaseRecord
        self.role = role
        self.sessionDenyInPlace = sessionDenyInPlace
        self.unknown = unknown
    }

    /// The incident this instance is already quarantined under, if any.
    public var quarantineIncident: String? { tags[QuarantineTags.incident] }

    /// What the release record holds (never the instance's tags, which are not trusted).
    public var recorded: ReleaseRecord? { releaseRecord.record }

    /// The profile to revoke or restore: the one associated now, else the one recorded.
    public var profileArn: String? { profileAssociation?.profileArn ?? recorded?.instanceProfileArn }
}

extension InstanceFacts {
    /// The `describe` step's detail: what was found, in one line.
    public var summary: String {
        var parts = ["\(state) in \(vpcId ?? "no VPC")"]
        parts.append("interfaces \(interfaces.map(\.id).joined(separator: ", "))")
        parts.append("volumes \(volumes.map(\.id).joined(separator: ", "))")
        if let profile = profileAssociation?.profileArn { parts.append("profile \(profile)") }
        if let group = autoScalingGroup { parts.append("in Auto Scaling group \(group)") }
        if !targetGroups.isEmpty { parts.append("\(targetGroups.count) target group registration(s)") }
        if !elasticIPs.isEmpty { parts.append("Elastic IP \(elasticIPs.map(\.publicIp).joined(separator: ", "))") }
        if let incident = quarantineIncident { parts.append("already quarantined under \(incident)") }
        return parts.joined(separator: "; ")
    }
}
