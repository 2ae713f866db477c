import WatchpostCore
import AWSClient
import Integrations
import Primitives

/// What the doctor is asked to check, from the environment. The names are the template's
/// (TRAIL_BUCKET is policy-generator's own variable) or its parameters' (SshLogGroupName →
/// SSH_LOG_GROUP), so a team sets them once for both.
public struct DoctorSettings: Sendable, Equatable {
    /// `SECURITY_HUB=true`: findings go to Security Hub, so it must be enabled here.
    public var securityHub = false
    /// `TRAIL_BUCKET`: the CloudTrail bucket policy-generator reads.
    public var trailBucket: String?
    /// `SSH_LOG_GROUP`, `RDP_LOG_GROUP`: the groups login-notifier's subscriptions read.
    public var sshLogGroup: String?
    public var rdpLogGroup: String?
    /// `S3_DATA_EVENTS=true`: object-level S3 calls must reach CloudTrail too.
    public var s3DataEvents = false
    /// `STACK`: a deployed watchpost stack whose function roles are simulated.
    public var stack: String?
    /// `ORGANIZATION=true`: the organization path is checked (the accounts listed, the member StackSet).
    public var organization = false
    /// `ORGANIZATION_ROLE_ARN`: the management account's role the sweep lists the accounts through.
    public var organizationRoleARN: String?
    /// `MEMBER_STACK_SET` (default watchpost-member): the StackSet of the member stacks.
    public var memberStackSet = "watchpost-member"
    /// `MEMBER_ROLE_SAMPLE` (default 10; `all`): in how many member accounts each function is
    /// asked to assume its member role.
    public var memberRoleSample: Int? = 10

    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public init(securityHub: Bool = false, trailBucket: String? = nil, sshLogGroup: String? = nil, rdpLogGroup: String? = nil,
                s3DataEvents: Bool = false, stack: String? = nil, organization: Bool = false, organizationRoleARN: String? = nil,
                memberStackSet: String = "watchpost-member", memberRoleSample: Int? = 10) {
        self.securityHub = securityHub
        self.trailBucket = trailBucket
        self.sshLogGroup = sshLogGroup
        self.rdpLogGroup = rdpLogGroup
        self.s3DataEvents = s3DataEvents
        self.stack = stack
        self.organization = organization
        self.organizationRoleARN = organizationRoleARN
        self.memberStackSet = memberStackSet
        self.memberRoleSample = memberRoleSample
    }

    public init(environment: [String: String]) throws(Invalid) {
        func text(_ name: String) -> String? {
            environment[name].map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        }
        /// Read as the functions read them, so the doctor and the stack agree on what is on.
        func flag(_ name: String) throws(Invalid) -> Bool {
            do {
                return try switchSetting(name, in: environment)
            } catch {
                throw Invalid(description: error.message)
            }
        }
        var sample: Int? = 10
        if let text = text("MEMBER_ROLE_SAMPLE") {
            if text == "all" {
                sample = nil
            } else {
                guard let size = Int(text), size > 0 else {
                    throw Invalid(description: "MEMBER_ROLE_SAMPLE=\(text) is not a positive number or all")
                }
                sample = size
            }
        }
        self.init(securityHub: try flag("SECURITY_HUB"), trailBucket: text("TRAIL_BUCKET"), sshLogGroup: text("SSH_LOG_GROUP"),
                  rdpLogGroup: text("RDP_LOG_GROUP"), s3DataEvents: try flag("S3_DATA_EVENTS"), stack: text("STACK"),
                  organization: try flag("ORGANIZATION"), organizationRoleARN: text("ORGANIZATION_ROLE_ARN"),
                  memberStackSet: text("MEMBER_STACK_SET") ?? "watchpost-member", memberRoleSample: sample)
    }
}
