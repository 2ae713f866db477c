import Primitives

/// One instance as DescribeInstances describes it (an `<item>` of `reservationSet/instancesSet`):
/// the fields watchpost reads, typed, and the whole description for the evidence record.
public struct EC2Instance: Sendable, Equatable {
    public struct NetworkInterface: Sendable, Equatable {
        public var id: String
        public var groupIds: [String]
        public init(id: String, groupIds: [String]) {
            self.id = id
            self.groupIds = groupIds
        }
    }

    public struct Volume: Sendable, Equatable {
        public var id: String
        public var deviceName: String
        public var deleteOnTermination: Bool
        public init(id: String, deviceName: String, deleteOnTermination: Bool) {
            self.id = id
            self.deviceName = deviceName
            self.deleteOnTermination = deleteOnTermination
        }
    }

    public var instanceId: String
    /// "pending", "running", "stopping", "stopped", "shutting-down", "terminated" (or "unknown").
    public var state: String
    public var vpcId: String?
    public var subnetId: String?
    public var availabilityZone: String?
    public var rootDeviceName: String?
    public var tags: [String: String]
    /// Every attached interface with its own security groups, in device-index order.
    public var interfaces: [NetworkInterface]
    public var volumes: [Volume]
    /// The profile as DescribeInstances reports it (the association id needs another call).
    public var profileArn: String?
    /// The description as EC2 gave it, every field included: what the evidence record keeps.
    public var document: XML.Element

    /// Nil when the item has no instance id (not an instance EC2 would describe).
    public init?(item: XML.Element) {
        guard let instanceId = item.value("instanceId"), !instanceId.isEmpty else { return nil }
        self.instanceId = instanceId
        state = item.value("instanceState", "name") ?? "unknown"
        vpcId = Self.nonEmpty(item.value("vpcId"))
        subnetId = Self.nonEmpty(item.value("subnetId"))
        availabilityZone = Self.nonEmpty(item.value("placement", "availabilityZone"))
        rootDeviceName = Self.nonEmpty(item.value("rootDeviceName"))
        tags = Self.tags(item.child("tagSet"))
        interfaces = (item.child("networkInterfaceSet")?.children("item") ?? [])
            .sorted { Int($0.value("attachment", "deviceIndex") ?? "") ?? 0 < Int($1.value("attachment", "deviceIndex") ?? "") ?? 0 }
            .compactMap { interface in
                guard let id = interface.value("networkInterfaceId") else { return nil }
                let groups = interface.child("groupSet")?.children("item").compactMap { $0.value("groupId") } ?? []
                return NetworkInterface(id: id, groupIds: groups)
            }
        volumes = (item.child("blockDeviceMapping")?.children("item") ?? []).compactMap { mapping in
            guard let device = mapping.value("deviceName"), let volume = mapping.value("ebs", "volumeId") else { return nil }
            return Volume(id: volume, deviceName: device, deleteOnTermination: mapping.value("ebs", "deleteOnTermination") == "true")
        }
        profileArn = Self.nonEmpty(item.value("iamInstanceProfile", "arn"))
        document = item
    }

    /// EC2's `<tagSet><item><key/><value/></item></tagSet>` (also `resourceTagSet`).
    public static func tags(_ set: XML.Element?) -> [String: String] {
        var tags: [String: String] = [:]
        for item in set?.children("item") ?? [] {
            if let key = item.value("key") { tags[key] = item.value("value") ?? "" }
        }
        return tags
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
