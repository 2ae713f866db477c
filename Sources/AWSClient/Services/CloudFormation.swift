extension AWSClient {
    public var cloudFormation: CloudFormation { CloudFormation(client: self) }
}

extension AWSOperation {
    public enum CloudFormation {
        public static let describeStackResources = AWSOperation(.cloudFormation, "DescribeStackResources",
                                                                iam: ["cloudformation:DescribeStackResources"])
    }
}

/// AWS CloudFormation (Query protocol): what a deployed stack is made of.
public struct CloudFormation: Sendable {
    let client: AWSClient

    public struct StackResource: Sendable, Equatable {
        /// The template's name for it, e.g. "S3PolicyCheckerRole".
        public let logicalID: String
        /// The resource's own name or id: a role's name, a topic's ARN, a bucket's name.
        public let physicalID: String
        /// "AWS::IAM::Role", …
        public let type: String

        public init(logicalID: String, physicalID: String, type: String) {
            self.logicalID = logicalID
            self.physicalID = physicalID
            self.type = type
        }
    }

    /// DescribeStackResources: the stack's resources (AWS returns at most 100; watchpost's
    /// template has about half that).
    public func describeStackResources(stack: String) async throws -> [StackResource] {
        let root = try await client.query(.CloudFormation.describeStackResources, ["StackName": stack])
        let members = root.child("DescribeStackResourcesResult")?.child("StackResources")?.children("member") ?? []
        return members.compactMap { member in
            guard let logicalID = member.value("LogicalResourceId") else { return nil }
            return StackResource(logicalID: logicalID, physicalID: member.value("PhysicalResourceId") ?? "",
                                 type: member.value("ResourceType") ?? "")
        }
    }
}
