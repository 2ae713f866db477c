/// An operation a function can call, on which resources and with whose credentials: the unit its
/// required permissions are derived from. Each function declares its calls, per mode, beside the
/// code that makes them; the shared pieces (alerts, findings and events, member accounts) are
/// declared beside theirs.
///
/// A resource is an ARN pattern in the deployment's terms, for the doctor to fill in: `{partition}`,
/// `{region}`, `{account}` and `{<logical id>}`, a resource of the stack by its name in
/// template.yaml (`{AlertsTopic}`); "*" for an action the Service Authorization Reference gives no
/// resource type.
public struct AWSCall: Hashable, Sendable {
    /// Whose credentials make the call, and so which role must allow it.
    public enum Account: String, Hashable, Sendable, Encodable {
        /// The function's own role, in its own account: alerts, evidence, its event bus.
        case own
        /// The account an event is about: the function's own (its role) or a member account
        /// (the member role the function assumes there).
        case actedIn = "acted-in"
        /// The member accounts themselves, reached from the function's own role (AssumeRole).
        case members
    }

    public let operation: AWSOperation
    public let resource: String
    public let account: Account
    /// What IAM holds the call to besides its action and resource, when the template grants it
    /// only so: the tags the request carries or its target has, the bucket's account, the service
    /// a role is passed to. The policy simulator is not given the request, so the doctor does not
    /// ask it about such calls; template_iam evaluates these conditions (test_escalation).
    public let only: String?

    /// Made in the account the function acts in.
    public static func actedIn(_ operation: AWSOperation, on resource: String, only: String? = nil) -> AWSCall {
        AWSCall(operation: operation, resource: resource, account: .actedIn, only: only)
    }

    /// Made with the function's own role in its own account.
    public static func own(_ operation: AWSOperation, on resource: String, only: String? = nil) -> AWSCall {
        AWSCall(operation: operation, resource: resource, account: .own, only: only)
    }

    /// Made from the function's own role on the member accounts' resources.
    public static func members(_ operation: AWSOperation, on resource: String) -> AWSCall {
        AWSCall(operation: operation, resource: resource, account: .members, only: nil)
    }
}
