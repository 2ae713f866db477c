extension AWSClient {
    public var cloudFormation: CloudFormation { CloudFormation(client: self) }
}

extension AWSOperation {
    public enum CloudFormation {
        public static let describeStackResources = AWSOperation(.cloudFormation, "DescribeStackResources",
                                                                iam: ["cloudformation:DescribeStackResources"])
        public static let listStackInstances = AWSOperation(.cloudFormation, "ListStackInstances",
                                                            iam: ["cloudformation:ListStackInstances"])
        public static let describeStackSet = AWSOperation(.cloudFormation, "DescribeStackSet",
                                                          iam: ["cloudformation:DescribeStackSet"])
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

    /// ListStackInstances (all pages): each account's instance of a StackSet and its status
    /// (CURRENT, OUTDATED, INOPERABLE), as the account asking sees the StackSet.
    public func listStackInstances(stackSet: String) async throws -> [(account: String, status: String)] {
        var instances: [(account: String, status: String)] = []
        var token: String?
        repeat {
            var parameters = ["StackSetName": stackSet]
            if let token { parameters["NextToken"] = token }
            let result = try await client.query(.CloudFormation.listStackInstances, parameters).child("ListStackInstancesResult")
            for member in result?.child("Summaries")?.children("member") ?? [] {
                instances.append((member.value("Account") ?? "", member.value("Status") ?? ""))
            }
            token = result?.value("NextToken").flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return instances
    }

    /// DescribeStackSet: the parameters the StackSet gives every instance, by key.
    public func stackSetParameters(stackSet: String) async throws -> [String: String] {
        let root = try await client.query(.CloudFormation.describeStackSet, ["StackSetName": stackSet])
        let members = root.child("DescribeStackSetResult")?.child("StackSet")?.child("Parameters")?.children("member") ?? []
        return Dictionary(members.compactMap { member in
            member.value("ParameterKey").map { ($0, member.value("ParameterValue") ?? "") }
        }, uniquingKeysWith: { _, last in last })
    }
}
