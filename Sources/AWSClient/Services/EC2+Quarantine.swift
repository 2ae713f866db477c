import FoundationEssentials
import Primitives

/// The EC2 operations forensic-isolator needs beyond DescribeInstances: instance attributes,
/// tags, security groups and interfaces, Elastic IPs, instance profiles, snapshots, volumes,
/// console output and the forensic workstation. EC2 protocol: Action + flattened parameters.
/// What creates a resource tags it in the same call, which IAM authorizes as ec2:CreateTags too.
extension AWSOperation.EC2 {
    public static let describeInstanceAttribute = AWSOperation(.ec2, "DescribeInstanceAttribute", iam: ["ec2:DescribeInstanceAttribute"])
    public static let modifyInstanceAttribute = AWSOperation(.ec2, "ModifyInstanceAttribute", iam: ["ec2:ModifyInstanceAttribute"])
    public static let createTags = AWSOperation(.ec2, "CreateTags", iam: ["ec2:CreateTags"])
    public static let deleteTags = AWSOperation(.ec2, "DeleteTags", iam: ["ec2:DeleteTags"])
    public static let describeSecurityGroups = AWSOperation(.ec2, "DescribeSecurityGroups", iam: ["ec2:DescribeSecurityGroups"])
    public static let createSecurityGroup = AWSOperation(.ec2, "CreateSecurityGroup", iam: ["ec2:CreateSecurityGroup", "ec2:CreateTags"])
    public static let authorizeSecurityGroupIngress = AWSOperation(.ec2, "AuthorizeSecurityGroupIngress",
                                                                   iam: ["ec2:AuthorizeSecurityGroupIngress"])
    public static let authorizeSecurityGroupEgress = AWSOperation(.ec2, "AuthorizeSecurityGroupEgress",
                                                                  iam: ["ec2:AuthorizeSecurityGroupEgress"])
    public static let revokeSecurityGroupIngress = AWSOperation(.ec2, "RevokeSecurityGroupIngress", iam: ["ec2:RevokeSecurityGroupIngress"])
    public static let revokeSecurityGroupEgress = AWSOperation(.ec2, "RevokeSecurityGroupEgress", iam: ["ec2:RevokeSecurityGroupEgress"])
    public static let describeSecurityGroupRules = AWSOperation(.ec2, "DescribeSecurityGroupRules", iam: ["ec2:DescribeSecurityGroupRules"])
    public static let modifyNetworkInterfaceAttribute = AWSOperation(.ec2, "ModifyNetworkInterfaceAttribute",
                                                                     iam: ["ec2:ModifyNetworkInterfaceAttribute"])
    public static let describeAddresses = AWSOperation(.ec2, "DescribeAddresses", iam: ["ec2:DescribeAddresses"])
    public static let disassociateAddress = AWSOperation(.ec2, "DisassociateAddress", iam: ["ec2:DisassociateAddress"])
    public static let describeIamInstanceProfileAssociations = AWSOperation(.ec2, "DescribeIamInstanceProfileAssociations",
                                                                            iam: ["ec2:DescribeIamInstanceProfileAssociations"])
    public static let disassociateIamInstanceProfile = AWSOperation(.ec2, "DisassociateIamInstanceProfile",
                                                                    iam: ["ec2:DisassociateIamInstanceProfile"])
    /// Associating a profile passes its role to the instance.
    public static let associateIamInstanceProfile = AWSOperation(.ec2, "AssociateIamInstanceProfile",
                                                                 iam: ["ec2:AssociateIamInstanceProfile", "iam:PassRole"])
    public static let createSnapshots = AWSOperation(.ec2, "CreateSnapshots", iam: ["ec2:CreateSnapshots", "ec2:CreateTags"])
    public static let describeSnapshots = AWSOperation(.ec2, "DescribeSnapshots", iam: ["ec2:DescribeSnapshots"])
    public static let getConsoleOutput = AWSOperation(.ec2, "GetConsoleOutput", iam: ["ec2:GetConsoleOutput"])
    public static let describeSubnets = AWSOperation(.ec2, "DescribeSubnets", iam: ["ec2:DescribeSubnets"])
    /// Without an instance profile (which would pass a role too).
    public static let runInstances = AWSOperation(.ec2, "RunInstances", iam: ["ec2:RunInstances", "ec2:CreateTags"])
    public static let createVolume = AWSOperation(.ec2, "CreateVolume", iam: ["ec2:CreateVolume", "ec2:CreateTags"])
    public static let describeVolumes = AWSOperation(.ec2, "DescribeVolumes", iam: ["ec2:DescribeVolumes"])
    public static let attachVolume = AWSOperation(.ec2, "AttachVolume", iam: ["ec2:AttachVolume"])
}

extension EC2 {
    public struct SecurityGroup: Sendable, Equatable {
        public let id: String
        public let name: String
        public let vpcId: String?
        public let tags: [String: String]
        public let ingressRuleCount: Int
        public let egressRuleCount: Int
    }

    public struct Address: Sendable, Equatable {
        public let publicIp: String
        public let allocationId: String?
        public let associationId: String?
        public let networkInterfaceId: String?
    }

    public struct ProfileAssociation: Sendable, Equatable {
        public let associationId: String
        public let profileArn: String
        /// "associating", "associated", "disassociating", "disassociated".
        public let state: String
    }

    public struct Snapshot: Sendable, Equatable {
        public let id: String
        public let volumeId: String
        /// "pending", "completed", "error", …
        public let state: String
    }

    public struct Volume: Sendable, Equatable {
        public let id: String
        public let snapshotId: String?
        /// "creating", "available", "in-use", …
        public let state: String
        /// The instance it is attached to.
        public let attachedTo: String?
    }

    /// One rule for Authorize/RevokeSecurityGroup{Ingress,Egress}: protocol "-1" is all traffic.
    public struct IPPermission: Sendable, Equatable {
        public var ipProtocol: String
        public var fromPort: Int?
        public var toPort: Int?
        public var ipv4Ranges: [String]
        public var ipv6Ranges: [String]

        public init(ipProtocol: String, fromPort: Int? = nil, toPort: Int? = nil, ipv4Ranges: [String] = [], ipv6Ranges: [String] = []) {
            self.ipProtocol = ipProtocol
            self.fromPort = fromPort
            self.toPort = toPort
            self.ipv4Ranges = ipv4Ranges
            self.ipv6Ranges = ipv6Ranges
        }

        /// Every protocol, port and address.
        public static let allTraffic = IPPermission(ipProtocol: "-1", ipv4Ranges: ["0.0.0.0/0"], ipv6Ranges: ["::/0"])
    }

    // MARK: Instance attributes

    /// DescribeInstanceAttribute: the attribute's `<value>` ("true", "stop", …).
    public func instanceAttribute(_ instanceId: String, _ attribute: String) async throws -> String? {
        let root = try await client.query(.EC2.describeInstanceAttribute,
                                          ["InstanceId": instanceId, "Attribute": attribute])
        return root.child(attribute)?.value("value")
    }

    public func setTerminationProtection(_ instanceId: String, _ enabled: Bool) async throws {
        _ = try await client.query(.EC2.modifyInstanceAttribute,
                                   ["InstanceId": instanceId, "DisableApiTermination.Value": enabled ? "true" : "false"])
    }

    public func setShutdownBehavior(_ instanceId: String, _ behavior: String) async throws {
        _ = try await client.query(.EC2.modifyInstanceAttribute,
                                   ["InstanceId": instanceId, "InstanceInitiatedShutdownBehavior.Value": behavior])
    }

    /// DeleteOnTermination=false on the volumes attached at these device names.
    public func keepVolumesOnTermination(_ instanceId: String, deviceNames: [String]) async throws {
        var parameters = ["InstanceId": instanceId]
        for (index, device) in deviceNames.enumerated() {
            parameters["BlockDeviceMapping.\(index + 1).DeviceName"] = device
            parameters["BlockDeviceMapping.\(index + 1).Ebs.DeleteOnTermination"] = "false"
        }
        _ = try await client.query(.EC2.modifyInstanceAttribute, parameters)
    }

    // MARK: Tags

    public func createTags(_ resources: [String], _ tags: [String: String]) async throws {
        var parameters = Self.list("ResourceId", resources)
        for (index, key) in tags.keys.sorted().enumerated() {
            parameters["Tag.\(index + 1).Key"] = key
            parameters["Tag.\(index + 1).Value"] = tags[key]
        }
        _ = try await client.query(.EC2.createTags, parameters)
    }

    public func deleteTags(_ resources: [String], keys: [String]) async throws {
        var parameters = Self.list("ResourceId", resources)
        for (index, key) in keys.enumerated() { parameters["Tag.\(index + 1).Key"] = key }
        _ = try await client.query(.EC2.deleteTags, parameters)
    }

    // MARK: Security groups and interfaces

    public func describeSecurityGroups(filters: [String: [String]]) async throws -> [SecurityGroup] {
        var groups: [SecurityGroup] = []
        var token: String?
        repeat {
            var parameters = Self.filters(filters)
            parameters["NextToken"] = token
            let root = try await client.query(.EC2.describeSecurityGroups, parameters)
            for item in root.child("securityGroupInfo")?.children("item") ?? [] {
                guard let id = item.value("groupId") else { continue }
                groups.append(SecurityGroup(
                    id: id, name: item.value("groupName") ?? "", vpcId: item.value("vpcId"),
                    tags: Self.tagSet(item.child("tagSet")),
                    ingressRuleCount: item.child("ipPermissions")?.children("item").count ?? 0,
                    egressRuleCount: item.child("ipPermissionsEgress")?.children("item").count ?? 0))
            }
            token = Self.nonEmpty(root.value("nextToken"))
        } while token != nil
        return groups
    }

    /// CreateSecurityGroup with tags; returns the group id.
    public func createSecurityGroup(name: String, description: String, vpcId: String, tags: [String: String]) async throws -> String {
        var parameters = ["GroupName": name, "GroupDescription": description, "VpcId": vpcId]
        parameters.merge(Self.tagSpecification("security-group", tags)) { _, new in new }
        let root = try await client.query(.EC2.createSecurityGroup, parameters)
        guard let id = root.value("groupId") else {
            throw AWSClientError.invalidResponse("CreateSecurityGroup returned no groupId")
        }
        return id
    }

    public func authorizeIngress(_ groupId: String, _ permissions: [IPPermission]) async throws {
        _ = try await client.query(.EC2.authorizeSecurityGroupIngress, Self.permissions(groupId, permissions))
    }

    public func authorizeEgress(_ groupId: String, _ permissions: [IPPermission]) async throws {
        _ = try await client.query(.EC2.authorizeSecurityGroupEgress, Self.permissions(groupId, permissions))
    }

    public func revokeEgress(_ groupId: String, _ permissions: [IPPermission]) async throws {
        _ = try await client.query(.EC2.revokeSecurityGroupEgress, Self.permissions(groupId, permissions))
    }

    /// DescribeSecurityGroupRules of one group: rule id and direction.
    public func securityGroupRules(_ groupId: String) async throws -> [(id: String, isEgress: Bool)] {
        var rules: [(id: String, isEgress: Bool)] = []
        var token: String?
        repeat {
            var parameters = Self.filters(["group-id": [groupId]])
            parameters["NextToken"] = token
            let root = try await client.query(.EC2.describeSecurityGroupRules, parameters)
            for item in root.child("securityGroupRuleSet")?.children("item") ?? [] {
                if let id = item.value("securityGroupRuleId") { rules.append((id, item.value("isEgress") == "true")) }
            }
            token = Self.nonEmpty(root.value("nextToken"))
        } while token != nil
        return rules
    }

    public func revokeIngressRules(_ groupId: String, _ ruleIds: [String]) async throws {
        var parameters = Self.list("SecurityGroupRuleId", ruleIds)
        parameters["GroupId"] = groupId
        _ = try await client.query(.EC2.revokeSecurityGroupIngress, parameters)
    }

    public func revokeEgressRules(_ groupId: String, _ ruleIds: [String]) async throws {
        var parameters = Self.list("SecurityGroupRuleId", ruleIds)
        parameters["GroupId"] = groupId
        _ = try await client.query(.EC2.revokeSecurityGroupEgress, parameters)
    }

    /// Replaces an interface's security groups.
    public func setInterfaceGroups(_ interfaceId: String, _ groupIds: [String]) async throws {
        var parameters = Self.list("SecurityGroupId", groupIds)
        parameters["NetworkInterfaceId"] = interfaceId
        _ = try await client.query(.EC2.modifyNetworkInterfaceAttribute, parameters)
    }

    // MARK: Elastic IPs and instance profiles

    public func describeAddresses(filters: [String: [String]]) async throws -> [Address] {
        let root = try await client.query(.EC2.describeAddresses, Self.filters(filters))
        return (root.child("addressesSet")?.children("item") ?? []).compactMap { item in
            guard let ip = item.value("publicIp") else { return nil }
            return Address(publicIp: ip, allocationId: Self.nonEmpty(item.value("allocationId")),
                           associationId: Self.nonEmpty(item.value("associationId")),
                           networkInterfaceId: Self.nonEmpty(item.value("networkInterfaceId")))
        }
    }

    public func disassociateAddress(associationId: String) async throws {
        _ = try await client.query(.EC2.disassociateAddress, ["AssociationId": associationId])
    }

    public func profileAssociations(instanceId: String) async throws -> [ProfileAssociation] {
        let root = try await client.query(.EC2.describeIamInstanceProfileAssociations,
                                          Self.filters(["instance-id": [instanceId]]))
        return (root.child("iamInstanceProfileAssociationSet")?.children("item") ?? []).compactMap { item in
            guard let id = item.value("associationId"), let arn = item.value("iamInstanceProfile", "arn") else { return nil }
            return ProfileAssociation(associationId: id, profileArn: arn, state: item.value("state") ?? "")
        }
    }

    public func disassociateProfile(associationId: String) async throws {
        _ = try await client.query(.EC2.disassociateIamInstanceProfile, ["AssociationId": associationId])
    }

    public func associateProfile(instanceId: String, profileArn: String) async throws {
        _ = try await client.query(.EC2.associateIamInstanceProfile,
                                   ["InstanceId": instanceId, "IamInstanceProfile.Arn": profileArn])
    }

    // MARK: Evidence

    /// CreateSnapshots: one snapshot per EBS volume of the instance (crash-consistent, taken
    /// together), tagged; returns the snapshots made.
    public func createSnapshots(
        instanceId: String, excludeBootVolume: Bool, excludeDataVolumeIds: [String], description: String,
        tags: [String: String]
    ) async throws -> [Snapshot] {
        var parameters = [
            "InstanceSpecification.InstanceId": instanceId,
            "InstanceSpecification.ExcludeBootVolume": excludeBootVolume ? "true" : "false",
            "Description": description,
            "CopyTagsFromSource": "volume",
        ]
        for (index, volume) in excludeDataVolumeIds.enumerated() {
            parameters["InstanceSpecification.ExcludeDataVolumeId.\(index + 1)"] = volume
        }
        parameters.merge(Self.tagSpecification("snapshot", tags)) { _, new in new }
        let root = try await client.query(.EC2.createSnapshots, parameters)
        return Self.snapshots(root)
    }

    public func describeSnapshots(ownedBySelf filters: [String: [String]]) async throws -> [Snapshot] {
        var snapshots: [Snapshot] = []
        var token: String?
        repeat {
            var parameters = Self.filters(filters)
            parameters["Owner.1"] = "self"
            parameters["NextToken"] = token
            let root = try await client.query(.EC2.describeSnapshots, parameters)
            snapshots += Self.snapshots(root)
            token = Self.nonEmpty(root.value("nextToken"))
        } while token != nil
        return snapshots
    }

    /// GetConsoleOutput, base64-decoded (empty when the instance has produced none yet).
    public func consoleOutput(instanceId: String) async throws -> [UInt8] {
        let root = try await client.query(.EC2.getConsoleOutput, ["InstanceId": instanceId, "Latest": "true"])
        guard let encoded = Self.nonEmpty(root.value("output")) else { return [] }
        guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
            throw AWSClientError.invalidResponse("GetConsoleOutput output is not base64")
        }
        return Array(data)
    }

    // MARK: Forensic workstation

    public func subnet(_ subnetId: String) async throws -> (vpcId: String, availabilityZone: String) {
        let root = try await client.query(.EC2.describeSubnets, Self.list("SubnetId", [subnetId]))
        guard let item = root.child("subnetSet")?.child("item"), let vpc = item.value("vpcId"),
              let zone = item.value("availabilityZone") else {
            throw AWSClientError.invalidResponse("DescribeSubnets did not describe \(subnetId)")
        }
        return (vpc, zone)
    }

    /// RunInstances of one instance, tagged in the call (and its volumes too when
    /// `tagVolumes`); returns its id.
    public func runInstance(imageId: String, instanceType: String, subnetId: String, securityGroupIds: [String],
                            tags: [String: String], tagVolumes: Bool = false) async throws -> String {
        var parameters = ["ImageId": imageId, "InstanceType": instanceType, "SubnetId": subnetId,
                          "MinCount": "1", "MaxCount": "1"]
        parameters.merge(Self.list("SecurityGroupId", securityGroupIds)) { _, new in new }
        parameters.merge(Self.tagSpecifications(tagVolumes ? ["instance", "volume"] : ["instance"], tags)) { _, new in new }
        let root = try await client.query(.EC2.runInstances, parameters)
        guard let id = root.child("instancesSet")?.child("item")?.value("instanceId") else {
            throw AWSClientError.invalidResponse("RunInstances returned no instance")
        }
        return id
    }

    public func createVolume(snapshotId: String, availabilityZone: String, tags: [String: String]) async throws -> String {
        var parameters = ["SnapshotId": snapshotId, "AvailabilityZone": availabilityZone]
        parameters.merge(Self.tagSpecification("volume", tags)) { _, new in new }
        let root = try await client.query(.EC2.createVolume, parameters)
        guard let id = root.value("volumeId") else { throw AWSClientError.invalidResponse("CreateVolume returned no volumeId") }
        return id
    }

    /// DescribeVolumes by id and/or filters, all pages.
    public func volumes(ids: [String] = [], filters: [String: [String]] = [:]) async throws -> [Volume] {
        var volumes: [Volume] = []
        var token: String?
        repeat {
            var parameters = Self.list("VolumeId", ids).merging(Self.filters(filters)) { $1 }
            parameters["NextToken"] = token
            let root = try await client.query(.EC2.describeVolumes, parameters)
            for item in root.child("volumeSet")?.children("item") ?? [] {
                guard let id = item.value("volumeId") else { continue }
                volumes.append(Volume(
                    id: id, snapshotId: Self.nonEmpty(item.value("snapshotId")), state: item.value("status") ?? "",
                    attachedTo: item.child("attachmentSet")?.children("item").compactMap { $0.value("instanceId") }.first))
            }
            token = Self.nonEmpty(root.value("nextToken"))
        } while token != nil
        return volumes
    }

    public func attachVolume(_ volumeId: String, instanceId: String, device: String) async throws {
        _ = try await client.query(.EC2.attachVolume,
                                   ["VolumeId": volumeId, "InstanceId": instanceId, "Device": device])
    }

    // MARK: Parameters and responses

    static func filters(_ filters: [String: [String]]) -> [String: String] {
        var parameters: [String: String] = [:]
        for (index, name) in filters.keys.sorted().enumerated() {
            parameters["Filter.\(index + 1).Name"] = name
            for (valueIndex, value) in (filters[name] ?? []).enumerated() {
                parameters["Filter.\(index + 1).Value.\(valueIndex + 1)"] = value
            }
        }
        return parameters
    }

    static func tagSpecification(_ resourceType: String, _ tags: [String: String]) -> [String: String] {
        tagSpecifications([resourceType], tags)
    }

    /// The same tags for each resource type the call creates.
    static func tagSpecifications(_ resourceTypes: [String], _ tags: [String: String]) -> [String: String] {
        guard !tags.isEmpty else { return [:] }
        var parameters: [String: String] = [:]
        for (specification, resourceType) in resourceTypes.enumerated() {
            let prefix = "TagSpecification.\(specification + 1)."
            parameters[prefix + "ResourceType"] = resourceType
            for (index, key) in tags.keys.sorted().enumerated() {
                parameters[prefix + "Tag.\(index + 1).Key"] = key
                parameters[prefix + "Tag.\(index + 1).Value"] = tags[key]
            }
        }
        return parameters
    }

    static func permissions(_ groupId: String, _ permissions: [IPPermission]) -> [String: String] {
        var parameters = ["GroupId": groupId]
        for (index, permission) in permissions.enumerated() {
            let prefix = "IpPermissions.\(index + 1)."
            parameters[prefix + "IpProtocol"] = permission.ipProtocol
            if let from = permission.fromPort { parameters[prefix + "FromPort"] = String(from) }
            if let to = permission.toPort { parameters[prefix + "ToPort"] = String(to) }
            for (rangeIndex, cidr) in permission.ipv4Ranges.enumerated() {
                parameters[prefix + "IpRanges.\(rangeIndex + 1).CidrIp"] = cidr
            }
            for (rangeIndex, cidr) in permission.ipv6Ranges.enumerated() {
                parameters[prefix + "Ipv6Ranges.\(rangeIndex + 1).CidrIpv6"] = cidr
            }
        }
        return parameters
    }

    static func tagSet(_ set: XML.Element?) -> [String: String] {
        var tags: [String: String] = [:]
        for item in set?.children("item") ?? [] {
            if let key = item.value("key") { tags[key] = item.value("value") ?? "" }
        }
        return tags
    }

    static func snapshots(_ root: XML.Element) -> [Snapshot] {
        (root.child("snapshotSet")?.children("item") ?? []).compactMap { item in
            guard let id = item.value("snapshotId"), let volume = item.value("volumeId") else { return nil }
            return Snapshot(id: id, volumeId: volume, state: item.value("status") ?? item.value("state") ?? "")
        }
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
