/// An Extended Threat Detection attack sequence (`service.detection.sequence` of an
/// `AttackSequence:…` finding): the resources it involves and the signals that name them.
/// Only the fields watchpost reads; every one optional, so an odd sequence never rejects
/// the finding it belongs to.
public struct GuardDutySequence: Decodable, Sendable, Equatable {
    /// A `ResourceV2`: for an EC2 instance, `resourceType` is `EC2_INSTANCE` and `uid` its id.
    public struct Resource: Decodable, Sendable, Equatable {
        public let uid: String?
        public let resourceType: String?
        public let accountId: String?
        public let region: String?
    }

    public struct Signal: Decodable, Sendable, Equatable {
        public let uid: String?
        public let name: String?
        public let resourceUids: [String]?
    }

    public let uid: String?
    public let resources: [Resource]?
    public let signals: [Signal]?

    public static let ec2InstanceResourceType = "EC2_INSTANCE"
}

/// `service.detection`: an anomaly or an attack sequence.
public struct GuardDutyDetection: Decodable, Sendable, Equatable {
    public let sequence: GuardDutySequence?
}
