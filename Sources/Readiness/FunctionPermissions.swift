/// What each deployed function must be allowed to do, as template.yaml grants it: the
/// unconditional grants of each function role, on the resources the function acts on. The
/// doctor simulates these against the deployed roles (`ReadinessTests` checks that every
/// action named here is granted to that role in template.yaml, so the two cannot drift apart).
public struct FunctionPermissions: Sendable, Equatable {
    /// Actions on one resource pattern; `{partition}`, `{region}`, `{account}` and
    /// `{<logical id>}` (a stack resource's physical id) are filled in from the deployment.
    public struct Grant: Sendable, Equatable {
        public let actions: [String]
        public let resource: String
    }

    public let function: String
    /// The role's logical id in template.yaml.
    public let roleLogicalID: String
    public let grants: [Grant]

    static let alertsTopic = "{AlertsTopic}"
    static let anyInstance = "arn:{partition}:ec2:{region}:{account}:instance/*"

    public static let all: [FunctionPermissions] = [
        FunctionPermissions(function: "s3-policy-checker", roleLogicalID: "S3PolicyCheckerRole", grants: [
            Grant(actions: ["s3:ListAllMyBuckets", "s3:GetAccountPublicAccessBlock"], resource: "*"),
            Grant(actions: ["s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:GetBucketAcl", "s3:GetBucketPublicAccessBlock",
                            "s3:GetBucketOwnershipControls", "s3:GetBucketTagging"], resource: "arn:{partition}:s3:::*"),
            Grant(actions: ["sns:Publish"], resource: alertsTopic),
        ]),
        FunctionPermissions(function: "login-notifier", roleLogicalID: "LoginNotifierRole", grants: [
            Grant(actions: ["ec2:DescribeInstances"], resource: "*"),
            Grant(actions: ["sns:Publish"], resource: alertsTopic),
            Grant(actions: ["sns:Publish"], resource: "{IncidentsTopic}"),
        ]),
        FunctionPermissions(function: "forensic-isolator", roleLogicalID: "ForensicIsolatorRole", grants: [
            Grant(actions: ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots",
                            "ec2:DescribeSecurityGroups", "ec2:DescribeAddresses", "ec2:DescribeIamInstanceProfileAssociations",
                            "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeAutoScalingGroups",
                            "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth"], resource: "*"),
            Grant(actions: ["ec2:DescribeInstanceAttribute", "ec2:ModifyInstanceAttribute"], resource: anyInstance),
            Grant(actions: ["autoscaling:DetachInstances"], resource: "arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:*"),
            Grant(actions: ["s3:PutObject", "s3:GetObject"], resource: "arn:{partition}:s3:::{EvidenceBucket}/watchpost/*"),
            Grant(actions: ["sns:Publish"], resource: alertsTopic),
        ]),
        FunctionPermissions(function: "policy-generator", roleLogicalID: "PolicyGeneratorRole", grants: [
            Grant(actions: ["cloudtrail:LookupEvents", "ec2:DescribeRegions"], resource: "*"),
            Grant(actions: ["iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:GetRolePolicy"],
                  resource: "arn:{partition}:iam::{account}:role/*"),
            Grant(actions: ["iam:GetPolicy", "iam:GetPolicyVersion"], resource: "arn:{partition}:iam::{account}:policy/*"),
            Grant(actions: ["iam:ListAttachedUserPolicies", "iam:ListUserPolicies", "iam:GetUserPolicy"],
                  resource: "arn:{partition}:iam::{account}:user/*"),
            Grant(actions: ["s3:PutObject"], resource: "arn:{partition}:s3:::{EvidenceBucket}/policies/*"),
            Grant(actions: ["sns:Publish"], resource: alertsTopic),
        ]),
    ]

    /// What every function role gets from the template's FunctionsCommonPolicy for the
    /// integrations: the action events on the stack's own bus, and, with `SECURITY_HUB=true`,
    /// findings into this account's default product.
    public static let commonPolicyLogicalID = "FunctionsCommonPolicy"

    public static func integrationGrants(securityHub: Bool) -> [Grant] {
        [Grant(actions: ["events:PutEvents"], resource: "arn:{partition}:events:{region}:{account}:event-bus/{EventBus}")]
            + (securityHub ? [Grant(actions: ["securityhub:BatchImportFindings"],
                                    resource: "arn:{partition}:securityhub:{region}:{account}:product/{account}/default")] : [])
    }

    /// `resource` with its placeholders filled in, or the name of the first one that cannot be.
    public static func resolve(_ resource: String, values: [String: String]) -> Result<String, MissingValue> {
        var resolved = ""
        var rest = Substring(resource)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            resolved += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            guard let value = values[name], !value.isEmpty else { return .failure(MissingValue(name: name)) }
            resolved += value
            rest = rest[rest.index(after: close)...]
        }
        return .success(resolved + rest)
    }

    public struct MissingValue: Error, Sendable, Equatable {
        public let name: String
    }
}
