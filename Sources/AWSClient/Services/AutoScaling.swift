extension AWSClient {
    public var autoScaling: AutoScaling { AutoScaling(client: self) }
}

extension AWSOperation {
    public enum AutoScaling {
        public static let describeAutoScalingInstances = AWSOperation(.autoScaling, "DescribeAutoScalingInstances",
                                                                      iam: ["autoscaling:DescribeAutoScalingInstances"])
        public static let describeAutoScalingGroups = AWSOperation(.autoScaling, "DescribeAutoScalingGroups",
                                                                   iam: ["autoscaling:DescribeAutoScalingGroups"])
        public static let detachInstances = AWSOperation(.autoScaling, "DetachInstances", iam: ["autoscaling:DetachInstances"])
    }
}

/// The Auto Scaling operations forensic-isolator needs (Query protocol).
public struct AutoScaling: Sendable {
    let client: AWSClient

    public struct Membership: Sendable, Equatable {
        public let instanceId: String
        public let groupName: String
        public let lifecycleState: String
    }

    public struct Group: Sendable, Equatable {
        public let name: String
        public let desiredCapacity: Int
        public let instanceIds: [String]
        public let targetGroupARNs: [String]
    }

    /// DescribeAutoScalingInstances: the group each instance is in (absent when in none).
    public func memberships(instanceIds: [String]) async throws -> [Membership] {
        var memberships: [Membership] = []
        var token: String?
        repeat {
            var parameters = Self.members("InstanceIds", instanceIds)
            parameters["NextToken"] = token
            let root = try await client.query(.AutoScaling.describeAutoScalingInstances, parameters)
            let result = root.child("DescribeAutoScalingInstancesResult")
            for member in result?.child("AutoScalingInstances")?.children("member") ?? [] {
                guard let id = member.value("InstanceId"), let group = member.value("AutoScalingGroupName") else { continue }
                memberships.append(Membership(instanceId: id, groupName: group, lifecycleState: member.value("LifecycleState") ?? ""))
            }
            token = result?.value("NextToken").flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return memberships
    }

    public func groups(names: [String]) async throws -> [Group] {
        var groups: [Group] = []
        var token: String?
        repeat {
            var parameters = Self.members("AutoScalingGroupNames", names)
            parameters["NextToken"] = token
            let root = try await client.query(.AutoScaling.describeAutoScalingGroups, parameters)
            let result = root.child("DescribeAutoScalingGroupsResult")
            for member in result?.child("AutoScalingGroups")?.children("member") ?? [] {
                guard let name = member.value("AutoScalingGroupName") else { continue }
                groups.append(Group(
                    name: name, desiredCapacity: Int(member.value("DesiredCapacity") ?? "") ?? 0,
                    instanceIds: member.child("Instances")?.children("member").compactMap { $0.value("InstanceId") } ?? [],
                    targetGroupARNs: member.child("TargetGroupARNs")?.children("member").map(\.text) ?? []))
            }
            token = result?.value("NextToken").flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return groups
    }

    /// DetachInstances. With `shouldDecrementDesiredCapacity: false` the group launches replacements.
    public func detachInstances(_ instanceIds: [String], group: String, shouldDecrementDesiredCapacity: Bool) async throws {
        var parameters = Self.members("InstanceIds", instanceIds)
        parameters["AutoScalingGroupName"] = group
        parameters["ShouldDecrementDesiredCapacity"] = shouldDecrementDesiredCapacity ? "true" : "false"
        _ = try await client.query(.AutoScaling.detachInstances, parameters)
    }

    static func members(_ name: String, _ values: [String]) -> [String: String] {
        var parameters: [String: String] = [:]
        for (index, value) in values.enumerated() { parameters["\(name).member.\(index + 1)"] = value }
        return parameters
    }
}
