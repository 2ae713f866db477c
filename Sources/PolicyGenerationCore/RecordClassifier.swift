import SecurityEvents

/// What one of the principal's records counts as.
public enum RecordClass: Equatable, Sendable {
    /// An authorized call: its actions belong in the policy.
    case granted
    /// A call that was refused for lack of permission: reported, not granted.
    case denied(errorCode: String)
    /// Left out of the policy, for this reason.
    case excluded(reason: String)
}

public enum RecordClassifier {
    /// Calls that need no IAM permission (AWS STS documentation: "No permissions are required").
    static let noPermissionNeeded: Set<String> = [
        "sts.amazonaws.com GetCallerIdentity", "sts.amazonaws.com GetSessionToken",
    ]
    /// The error codes services answer a missing permission with.
    static let deniedCodes: Set<String> = [
        "AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation", "UnauthorizedOperation",
        "AuthorizationError", "AuthorizationErrorException", "AuthorizationFailure",
        "Client.UnauthorizedAccess", "UnauthorizedAccess", "UnauthorizedAccessException",
        "AccessDeniedFault", "InsufficientPermissionsException", "NotAuthorized",
    ]

    /// How a refusal reads in `errorMessage` when the code does not say it.
    static let notAuthorizedPhrase = "not authorized to perform"

    public static func classify(_ record: CloudTrailRecord) -> RecordClass {
        classify(ActivityRecord(record))
    }

    public static func classify(_ record: ActivityRecord) -> RecordClass {
        switch record.eventType {
        case "AwsServiceEvent": return .excluded(reason: "aws-service-event")
        case "AwsConsoleSignIn": return .excluded(reason: "console-sign-in")
        case "AwsCloudTrailInsight": return .excluded(reason: "insight")
        default: break
        }
        if record.eventSource == "signin.amazonaws.com" { return .excluded(reason: "console-sign-in") }
        if noPermissionNeeded.contains("\(record.eventSource) \(record.eventName)") {
            return .excluded(reason: "no-permission-needed")
        }
        if let code = record.errorCode, !code.isEmpty {
            // Some services say it only in the message ("… is not authorized to perform: …").
            if deniedCodes.contains(code) || (record.errorMessage ?? "").contains(notAuthorizedPhrase) {
                return .denied(errorCode: code)
            }
        }
        // Other failures (NoSuchEntity, ValidationException, Client.DryRunOperation, …) were
        // authorized first: the permission was used.
        return .granted
    }
}

/// IAM, STS (global endpoint), CloudFront, Route 53, Organizations and console sign-in are
/// recorded in us-east-1 whichever region the caller works in: a region filter keeps them.
public enum GlobalServices {
    public static let eventSources: Set<String> = [
        "iam.amazonaws.com", "sts.amazonaws.com", "cloudfront.amazonaws.com", "signin.amazonaws.com",
        "route53.amazonaws.com", "organizations.amazonaws.com",
    ]
    public static let region = "us-east-1"
}
