import WatchpostCore
import Primitives

/// A finding in the AWS Security Finding Format, as BatchImportFindings takes it
/// (`SchemaVersion` 2018-10-08). Once a finding exists, BatchImportFindings cannot update Note,
/// UserDefinedFields, VerificationState or Workflow — the analyst's fields, set through
/// BatchUpdateFindings — and a provider should update Severity and Types through
/// FindingProviderFields, so both carry them
/// (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html).
/// So no analyst field is ever sent, with one exception: an accepted exception's `Workflow`
/// SUPPRESSED, which Security Hub applies only when it creates the finding. Without a Workflow a
/// new finding starts NEW (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Workflow.html),
/// and a re-import cannot touch an analyst's triage, on AWS or on an emulator that stores what
/// it is sent.
struct ASFF: Encodable, Equatable {
    struct Label: Encodable, Equatable { let Label: String }
    struct Status: Encodable, Equatable { let Status: String }
    struct Advice: Encodable, Equatable {
        struct Text: Encodable, Equatable { let Text: String }
        let Recommendation: Text
    }
    struct Resource: Encodable, Equatable {
        let `Type`: String
        let Id: String
        let Partition: String
        let Region: String?
    }
    struct ProviderFields: Encodable, Equatable {
        let Severity: Label
        let Types: [String]
    }


    let SchemaVersion = "2018-10-08"
    let Id: String
    let ProductArn: String
    let GeneratorId: String
    let AwsAccountId: String
    let Types: [String]
    let CreatedAt: String
    let UpdatedAt: String
    let Severity: Label
    let Title: String
    let Description: String
    let Remediation: Advice
    let Resources: [Resource]
    /// Only for an accepted exception (see above); absent otherwise, so never encoded.
    let Workflow: Status?
    let RecordState: String
    let Compliance: Status?
    let ProductFields: [String: String]
    let FindingProviderFields: ProviderFields

    /// Security Hub's limits: Title 256 characters, Description 1024, Recommendation text 512,
    /// ProductFields at most 50 pairs, keys of 128 and values of 2048 characters.
    init(_ finding: Finding, function: String, region: String, timestamp: String) {
        let partition = AWSPartition.of(region: region)
        Id = finding.id(function: function)
        ProductArn = "arn:\(partition):securityhub:\(region):\(finding.account):product/\(finding.account)/default"
        GeneratorId = "watchpost/\(function)"
        AwsAccountId = finding.account
        Types = finding.types
        CreatedAt = timestamp
        UpdatedAt = timestamp
        Severity = Label(Label: finding.severity.rawValue)
        Title = String(finding.title.prefix(256))
        Description = String(finding.description.prefix(1024))
        Remediation = Advice(Recommendation: Advice.Text(Text: String(finding.recommendation.prefix(512))))
        Resources = [Resource(Type: finding.resource.type.rawValue, Id: finding.resource.arn, Partition: partition,
                              Region: finding.resource.region)]
        Workflow = finding.isSuppressed ? Status(Status: "SUPPRESSED") : nil
        RecordState = finding.isActive ? "ACTIVE" : "ARCHIVED"
        Compliance = finding.isConfigurationCheck ? Status(Status: finding.isActive ? "FAILED" : "PASSED") : nil
        var fields: [String: String] = [:]
        for (key, value) in finding.details.sorted(by: { $0.key < $1.key }).prefix(50) {
            fields[String(key.prefix(128))] = String(value.prefix(2048))
        }
        ProductFields = fields
        FindingProviderFields = ProviderFields(Severity: Severity, Types: Types)
    }
}
