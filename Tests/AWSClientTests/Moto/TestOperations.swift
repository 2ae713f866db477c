import AWSClient

/// Operations the protocol tests send that no watchpost function does: declared here, as every
/// operation must be, to reach moto through the same protocol calls.
extension AWSOperation {
    static let createUser = AWSOperation(.iam, "CreateUser", iam: ["iam:CreateUser"])
    static let listUsers = AWSOperation(.iam, "ListUsers", iam: ["iam:ListUsers"])
    static let getUser = AWSOperation(.iam, "GetUser", iam: ["iam:GetUser"])
    static let listTopics = AWSOperation(.sns, "ListTopics", iam: ["sns:ListTopics"])
    static let createTargetGroup = AWSOperation(.elbv2, "CreateTargetGroup", iam: ["elasticloadbalancing:CreateTargetGroup"])
}
