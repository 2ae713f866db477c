import Primitives
/// A finding in the AWS Security Finding Format (ASFF), as Security Hub's EventBridge events
/// carry them in `detail.findings`. Only the fields watchpost reads.
public struct SecurityHubFinding: Decodable, Sendable, Equatable {
    public struct Severity: Decodable, Sendable, Equatable {
        /// "INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL".
        public let label: String?
        /// 0–100 (deprecated by AWS in favour of `Label`, still sent); banded for GuardDuty
        /// (LOW 1, MEDIUM 40, HIGH 70, CRITICAL 90).
        public let normalized: Double?
        /// The producer's native value as a string (GuardDuty: "8.0").
        public let original: String?
        /// The producer's native value as a number (deprecated in favour of `Original`, still sent).
        public let product: Double?

        public init(label: String? = nil, normalized: Double? = nil, original: String? = nil, product: Double? = nil) {
            self.label = label
            self.normalized = normalized
            self.original = original
            self.product = product
        }

        enum CodingKeys: String, CodingKey {
            case label = "Label"
            case normalized = "Normalized"
            case original = "Original"
            case product = "Product"
        }
    }

    /// What the finding provider itself set (`FindingProviderFields.Severity.Original`, …).
    public struct FindingProviderFields: Decodable, Sendable, Equatable {
        public let severity: Severity?
        enum CodingKeys: String, CodingKey { case severity = "Severity" }
    }

    public struct Resource: Decodable, Sendable, Equatable {
        /// "AwsEc2Instance", "AwsS3Bucket", "AwsIamAccessKey", …
        public let type: String
        /// For an EC2 instance, its ARN: arn:aws:ec2:<region>:<account>:instance/i-…
        public let id: String
        public let partition: String?
        public let region: String?
        public let details: JSONValue?

        enum CodingKeys: String, CodingKey {
            case type = "Type"
            case id = "Id"
            case partition = "Partition"
            case region = "Region"
            case details = "Details"
        }
    }

    public struct Workflow: Decodable, Sendable, Equatable {
        public let status: String?
        enum CodingKeys: String, CodingKey { case status = "Status" }
    }

    public let schemaVersion: String?
    public let id: String
    public let productArn: String
    public let generatorId: String?
    public let awsAccountId: String
    public let region: String?
    public let types: [String]?
    public let title: String?
    public let description: String?
    public let severity: Severity?
    public let findingProviderFields: FindingProviderFields?
    public let resources: [Resource]
    /// "ACTIVE" or "ARCHIVED".
    public let recordState: String?
    public let workflow: Workflow?
    public let productFields: [String: String]?
    public let sample: Bool?
    public let createdAt: String?
    public let updatedAt: String?

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "SchemaVersion"
        case id = "Id"
        case productArn = "ProductArn"
        case generatorId = "GeneratorId"
        case awsAccountId = "AwsAccountId"
        case region = "Region"
        case types = "Types"
        case title = "Title"
        case description = "Description"
        case severity = "Severity"
        case findingProviderFields = "FindingProviderFields"
        case resources = "Resources"
        case recordState = "RecordState"
        case workflow = "Workflow"
        case productFields = "ProductFields"
        case sample = "Sample"
        case createdAt = "CreatedAt"
        case updatedAt = "UpdatedAt"
    }
}

/// The `detail` of a Security Hub EventBridge event.
public struct SecurityHubFindingsDetail: Decodable, Sendable, Equatable {
    public let findings: [SecurityHubFinding]
}

extension SecurityHubFinding {
    public static var eventSource: String { "aws.securityhub" }
    /// `detail-type`s of the events Security Hub sends with findings.
    public static var detailTypes: [String] {
        ["Security Hub Findings - Imported", "Security Hub Findings - Custom Action"]
    }
    public static var ec2InstanceResourceType: String { "AwsEc2Instance" }
}
