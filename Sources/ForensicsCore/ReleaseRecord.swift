import FoundationEssentials

/// What a quarantine changed, as it was before: written by watchpost into the evidence bucket
/// (the security account, where the instance's account cannot write) when the quarantine
/// begins. A release restores from this record only, never from the instance's tags, which
/// anyone with ec2:CreateTags on the instance can rewrite.
public struct ReleaseRecord: Sendable, Equatable, Codable {
    /// An Elastic IP that was associated with an interface.
    public struct Address: Sendable, Equatable, Codable {
        public var publicIp: String
        public var allocationId: String?
        public init(publicIp: String, allocationId: String?) {
            self.publicIp = publicIp
            self.allocationId = allocationId
        }
    }

    /// The object's name under the incident's evidence prefix.
    public static let fileName = "release-record.json"

    public var incidentId: String
    public var instanceId: String
    /// Interface id → its security groups before the isolation.
    public var originalGroups: [String: [String]]
    public var instanceProfileArn: String?
    public var autoScalingGroup: String?
    /// Interface id → the Elastic IP disassociated from it.
    public var elasticIPs: [String: Address]

    public init(incidentId: String, instanceId: String, originalGroups: [String: [String]] = [:],
                instanceProfileArn: String? = nil, autoScalingGroup: String? = nil, elasticIPs: [String: Address] = [:]) {
        self.incidentId = incidentId
        self.instanceId = instanceId
        self.originalGroups = originalGroups
        self.instanceProfileArn = instanceProfileArn
        self.autoScalingGroup = autoScalingGroup
        self.elasticIPs = elasticIPs
    }

    public static func key(_ incident: IncidentContext, instanceId: String) -> String {
        incident.evidencePrefix(instanceId: instanceId) + fileName
    }

    /// This record completed with what `later` saw: what was recorded first is never replaced
    /// (a later invocation sees the instance already changed).
    public func completed(with later: ReleaseRecord) -> ReleaseRecord {
        var record = self
        record.originalGroups.merge(later.originalGroups) { first, _ in first }
        record.instanceProfileArn = instanceProfileArn ?? later.instanceProfileArn
        record.autoScalingGroup = autoScalingGroup ?? later.autoScalingGroup
        record.elasticIPs.merge(later.elasticIPs) { first, _ in first }
        return record
    }

    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    public static func decoded(_ bytes: [UInt8]) throws -> ReleaseRecord {
        try JSONDecoder().decode(ReleaseRecord.self, from: Data(bytes))
    }
}

/// The release record as the planners see it.
public enum RecordState: Sendable, Equatable {
    /// Read from the bucket.
    case found(ReleaseRecord)
    /// Not in the bucket (GetObject said NoSuchKey), or a new incident.
    case absent
    /// No EVIDENCE_BUCKET, or the object could not be read or decoded: why.
    case unavailable(String)

    public var record: ReleaseRecord? {
        if case .found(let record) = self { return record }
        return nil
    }
}

/// The tag step's write of the release record.
public enum RecordWrite: Sendable, Equatable {
    case put(bucket: String, key: String, ReleaseRecord)
    /// The record already holds everything this invocation saw.
    case upToDate
    /// Nothing can be written (no EVIDENCE_BUCKET): said in the step's detail.
    case none(String)
    /// The existing record could not be read, so it is not overwritten: the step fails with why.
    case unreadable(String)
}
