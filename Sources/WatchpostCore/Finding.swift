/// Something a function found, in watchpost's words; `ASFF` is how Security Hub reads it.
/// Its identity is the function, the `kind` and the resource: importing the same finding again
/// updates it in place instead of adding one.
public struct Finding: Sendable, Equatable {
    public enum Severity: String, Sendable, CaseIterable {
        case informational = "INFORMATIONAL", low = "LOW", medium = "MEDIUM", high = "HIGH", critical = "CRITICAL"
    }

    /// The ASFF resource types watchpost reports on.
    public enum ResourceType: String, Sendable {
        case s3Bucket = "AwsS3Bucket", ec2Instance = "AwsEc2Instance", iamRole = "AwsIamRole", iamUser = "AwsIamUser"
        /// A whole account (as Security Hub's account-level controls name it: `AWS::::Account:<id>`).
        case account = "AwsAccount"
    }

    public struct Resource: Sendable, Equatable {
        public let type: ResourceType
        /// The resource's ARN.
        public let arn: String
        public let region: String?

        public init(type: ResourceType, arn: String, region: String?) {
            self.type = type
            self.arn = arn
            self.region = region
        }
    }

    /// What the finding is about, as part of its stable id: "bucket-exposure", "isolation", …
    public var kind: String
    /// The account the resource lives in (Security Hub files the finding there).
    public var account: String
    public var resource: Resource
    /// ASFF taxonomy, `namespace/category/classifier`.
    public var types: [String]
    public var severity: Severity
    public var title: String
    public var description: String
    public var recommendation: String
    /// False once the condition no longer holds: the finding is archived.
    public var isActive = true
    /// A configuration check (a bucket's exposure, a principal's unused permissions): its
    /// compliance is FAILED while active and PASSED once resolved.
    public var isConfigurationCheck = false
    /// An accepted exception (an exempt bucket): the workflow starts SUPPRESSED, not NEW.
    public var isSuppressed = false
    /// Facts for the analyst (each step's outcome, the statements at fault), as ProductFields.
    public var details: [String: String] = [:]

    public init(kind: String, account: String, resource: Resource, types: [String], severity: Severity, title: String,
                description: String, recommendation: String) {
        self.kind = kind
        self.account = account
        self.resource = resource
        self.types = types
        self.severity = severity
        self.title = title
        self.description = description
        self.recommendation = recommendation
    }

    /// Stable per function, kind and resource.
    public func id(function: String) -> String { "watchpost/\(function)/\(kind)/\(resource.arn)" }
}
