extension AWSClient {
    public var elbv2: ELBv2 { ELBv2(client: self) }
}

extension AWSOperation {
    public enum ELBv2 {
        public static let describeTargetGroups = AWSOperation(.elbv2, "DescribeTargetGroups", iam: ["elasticloadbalancing:DescribeTargetGroups"])
        public static let describeTargetHealth = AWSOperation(.elbv2, "DescribeTargetHealth", iam: ["elasticloadbalancing:DescribeTargetHealth"])
        public static let deregisterTargets = AWSOperation(.elbv2, "DeregisterTargets", iam: ["elasticloadbalancing:DeregisterTargets"])
    }
}

/// The Elastic Load Balancing v2 operations forensic-isolator needs (Query protocol).
public struct ELBv2: Sendable {
    let client: AWSClient

    public struct TargetGroup: Sendable, Equatable {
        public let arn: String
        public let vpcId: String?
        /// "instance", "ip", "lambda", "alb".
        public let targetType: String
    }

    public struct Target: Sendable, Equatable {
        public let id: String
        public let port: Int?
        public init(id: String, port: Int?) {
            self.id = id
            self.port = port
        }
    }

    /// Every target group in the region, all pages.
    public func targetGroups() async throws -> [TargetGroup] {
        var groups: [TargetGroup] = []
        var marker: String?
        repeat {
            var parameters: [String: String] = [:]
            parameters["Marker"] = marker
            let root = try await client.query(.ELBv2.describeTargetGroups, parameters)
            let result = root.child("DescribeTargetGroupsResult")
            for member in result?.child("TargetGroups")?.children("member") ?? [] {
                guard let arn = member.value("TargetGroupArn") else { continue }
                groups.append(TargetGroup(arn: arn, vpcId: member.value("VpcId"), targetType: member.value("TargetType") ?? "instance"))
            }
            marker = result?.value("NextMarker").flatMap { $0.isEmpty ? nil : $0 }
        } while marker != nil
        return groups
    }

    /// DescribeTargetHealth: the targets registered in a group.
    public func targets(of targetGroupArn: String) async throws -> [Target] {
        let root = try await client.query(.ELBv2.describeTargetHealth, ["TargetGroupArn": targetGroupArn])
        let descriptions = root.child("DescribeTargetHealthResult")?.child("TargetHealthDescriptions")?.children("member") ?? []
        return descriptions.compactMap { member in
            guard let id = member.value("Target", "Id") else { return nil }
            return Target(id: id, port: member.value("Target", "Port").flatMap { Int($0) })
        }
    }

    public func deregisterTargets(_ targetGroupArn: String, _ targets: [Target]) async throws {
        var parameters = ["TargetGroupArn": targetGroupArn]
        for (index, target) in targets.enumerated() {
            parameters["Targets.member.\(index + 1).Id"] = target.id
            if let port = target.port { parameters["Targets.member.\(index + 1).Port"] = String(port) }
        }
        _ = try await client.query(.ELBv2.deregisterTargets, parameters)
    }
}
