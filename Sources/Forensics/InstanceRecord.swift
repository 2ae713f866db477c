import AWSClient
import Primitives

/// The parts of a DescribeInstances `<item>` (EC2 protocol XML) the quarantine needs.
public struct InstanceRecord: Sendable, Equatable {
    public var instanceId: String
    public var state: String
    public var vpcId: String?
    public var subnetId: String?
    public var availabilityZone: String?
    public var rootDeviceName: String?
    public var tags: [String: String]
    /// Every attached interface with its own security groups, in device-index order.
    public var interfaces: [InstanceFacts.NetworkInterface]
    public var volumes: [InstanceFacts.Volume]
    /// The profile as DescribeInstances reports it (the association id needs another call).
    public var profileArn: String?

    public init(item: XML.Element) throws(ForensicsError) {
        guard let instanceId = item.value("instanceId"), !instanceId.isEmpty else {
            throw ForensicsError("InvalidResponse", "DescribeInstances returned an instance without instanceId")
        }
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
                return InstanceFacts.NetworkInterface(id: id, groupIds: groups)
            }
        volumes = (item.child("blockDeviceMapping")?.children("item") ?? []).compactMap { mapping in
            guard let device = mapping.value("deviceName"), let volume = mapping.value("ebs", "volumeId") else { return nil }
            return InstanceFacts.Volume(id: volume, deviceName: device,
                                        deleteOnTermination: mapping.value("ebs", "deleteOnTermination") == "true")
        }
        profileArn = Self.nonEmpty(item.value("iamInstanceProfile", "arn"))
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
