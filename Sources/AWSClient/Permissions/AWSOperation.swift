/// One AWS API operation, declared with the IAM actions AWS authorizes it by. The wire
/// protocols (`query`, `json`, `rest`) take one of these, never a bare name, so nothing is sent
/// whose permissions are not stated; what a function's role must allow is derived from them
/// (`AWSCall`). Each service's operations are declared beside the calls that send them, as
/// `AWSOperation.<Service>.<operation>` (`.S3.getBucketPolicy`, in Services/S3.swift).
public struct AWSOperation: Hashable, Sendable {
    public let service: AWSService
    /// The operation's name in the API: what is sent (`Action=`, `X-Amz-Target`) and what errors name.
    public let name: String
    /// What IAM checks for one call, from the Service Authorization Reference: mostly the action
    /// of the same name, but some differ (S3 ListBuckets is s3:ListAllMyBuckets), some need more
    /// than one (tagging in the creating call needs ec2:CreateTags too) and one needs none
    /// (STS GetCallerIdentity).
    public let iamActions: [String]

    public init(_ service: AWSService, _ name: String, iam iamActions: [String]) {
        self.service = service
        self.name = name
        self.iamActions = iamActions
    }

    /// "S3 GetBucketPolicy": how errors and logs name it.
    public var label: String { "\(service.name) \(name)" }
}
