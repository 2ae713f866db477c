import Primitives
/// What the client needs to know about one AWS service: where it lives, how it is signed and
/// which wire protocol it speaks. The values come from the services' botocore models.
public struct AWSService: Sendable, Hashable {
    public enum WireProtocol: Sendable, Hashable {
        /// Form-encoded `Action` + `Version`, XML answers (STS, SNS, IAM, Auto Scaling, ELBv2, SQS).
        case query(version: String)
        /// EC2's own variant of Query.
        case ec2(version: String)
        /// `X-Amz-Target: <prefix>.<Operation>`, JSON in and out.
        case json(targetPrefix: String, contentType: String)
        /// Resource paths and verbs (S3 and S3 Control speak XML; Security Hub JSON).
        case rest
    }

    /// The name errors carry, e.g. "S3", "EC2".
    public let name: String
    /// The host label: `<prefix>.<region>.amazonaws.com`.
    let endpointPrefix: String
    /// The SigV4 service name.
    let signingName: String
    /// The SDKs' service id in `AWS_ENDPOINT_URL_<ID>` (botocore serviceId, upper snake case).
    let environmentID: String
    let wireProtocol: WireProtocol
    /// A global endpoint and the region it is signed for (IAM), else regional.
    let globalEndpoint: (host: String, signingRegion: String)?

    public static func == (a: AWSService, b: AWSService) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    init(_ name: String, prefix: String, signingName: String? = nil, environmentID: String,
         protocol wireProtocol: WireProtocol, global: (host: String, signingRegion: String)? = nil) {
        self.name = name
        self.endpointPrefix = prefix
        self.signingName = signingName ?? prefix
        self.environmentID = environmentID
        self.wireProtocol = wireProtocol
        self.globalEndpoint = global
    }

    public static let s3 = AWSService("S3", prefix: "s3", environmentID: "S3", protocol: .rest)
    public static let s3Control = AWSService("S3Control", prefix: "s3-control", signingName: "s3", environmentID: "S3_CONTROL", protocol: .rest)
    public static let sts = AWSService("STS", prefix: "sts", environmentID: "STS", protocol: .query(version: "2011-06-15"))
    public static let iam = AWSService("IAM", prefix: "iam", environmentID: "IAM", protocol: .query(version: "2010-05-08"),
                                       global: ("iam.amazonaws.com", "us-east-1"))
    public static let sns = AWSService("SNS", prefix: "sns", environmentID: "SNS", protocol: .query(version: "2010-03-31"))
    public static let sqs = AWSService("SQS", prefix: "sqs", environmentID: "SQS", protocol: .query(version: "2012-11-05"))
    public static let autoScaling = AWSService("AutoScaling", prefix: "autoscaling", environmentID: "AUTO_SCALING",
                                               protocol: .query(version: "2011-01-01"))
    public static let elbv2 = AWSService("ELBv2", prefix: "elasticloadbalancing", environmentID: "ELASTIC_LOAD_BALANCING_V2",
                                         protocol: .query(version: "2015-12-01"))
    public static let ec2 = AWSService("EC2", prefix: "ec2", environmentID: "EC2", protocol: .ec2(version: "2016-11-15"))
    public static let ssm = AWSService("SSM", prefix: "ssm", environmentID: "SSM",
                                       protocol: .json(targetPrefix: "AmazonSSM", contentType: "application/x-amz-json-1.1"))
    public static let cloudTrail = AWSService("CloudTrail", prefix: "cloudtrail", environmentID: "CLOUDTRAIL",
                                              protocol: .json(targetPrefix: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101",
                                                              contentType: "application/x-amz-json-1.1"))
    public static let logs = AWSService("CloudWatchLogs", prefix: "logs", environmentID: "CLOUDWATCH_LOGS",
                                        protocol: .json(targetPrefix: "Logs_20140328", contentType: "application/x-amz-json-1.1"))
    public static let eventBridge = AWSService("EventBridge", prefix: "events", environmentID: "EVENTBRIDGE",
                                               protocol: .json(targetPrefix: "AWSEvents", contentType: "application/x-amz-json-1.1"))
    public static let securityHub = AWSService("SecurityHub", prefix: "securityhub", environmentID: "SECURITYHUB", protocol: .rest)
    public static let guardDuty = AWSService("GuardDuty", prefix: "guardduty", environmentID: "GUARDDUTY", protocol: .rest)
    public static let organizations = AWSService("Organizations", prefix: "organizations", environmentID: "ORGANIZATIONS",
                                                 protocol: .json(targetPrefix: "AWSOrganizationsV20161128", contentType: "application/x-amz-json-1.1"),
                                                 global: ("organizations.us-east-1.amazonaws.com", "us-east-1"))
    public static let lambda = AWSService("Lambda", prefix: "lambda", environmentID: "LAMBDA", protocol: .rest)
    public static let cloudFormation = AWSService("CloudFormation", prefix: "cloudformation", environmentID: "CLOUDFORMATION",
                                                  protocol: .query(version: "2010-05-15"))
}
