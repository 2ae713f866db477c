import AWSClient

/// A read that did not succeed, kept as a fact: the doctor reports it on the check it belongs
/// to and carries on. Only the operation, AWS's error code and the status are kept — never
/// the message, which a misbehaving endpoint could fill with anything.
public struct CallFailure: Error, Sendable, Equatable {
    /// "GuardDuty ListDetectors".
    public let operation: String
    /// AWS's code ("AccessDenied"), or the client's kind of failure ("transport").
    public let code: String
    public let httpStatus: Int?
    /// The answer was a web page, not an AWS error: moto's reply to an action it does not implement.
    public let isWebPage: Bool

    public init(operation: String, code: String, httpStatus: Int? = nil, isWebPage: Bool = false) {
        self.operation = operation
        self.code = code
        self.httpStatus = httpStatus
        self.isWebPage = isWebPage
    }

    /// `operation` names the call for the client's own failures; an `AWSError` names its own.
    public init(_ error: any Error, operation: String) {
        switch error {
        case let error as AWSError:
            let start = error.message.prefix(20).lowercased()
            self.init(operation: "\(error.service) \(error.operation)", code: error.code, httpStatus: error.httpStatus,
                      isWebPage: start.hasPrefix("<!doctype html") || start.hasPrefix("<html"))
        case let error as AWSClientError:
            // The client's own failures say what went wrong without the request: keep the kind and why.
            self.init(operation: operation, code: error.description)
        default:
            self.init(operation: operation, code: String(describing: type(of: error)))
        }
    }

    /// "GuardDuty ListDetectors: AccessDeniedException (HTTP 403)".
    public var summary: String {
        "\(operation): \(code)" + (httpStatus.map { " (HTTP \($0))" } ?? "")
    }

    /// Codes AWS refuses a caller with, by service.
    static let accessDenials: Set<String> = [
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "UnauthorizedAccess",
    ]

    /// The fix for a failed read: the permission when AWS refused these credentials, the
    /// connection when there was no answer, nothing invented otherwise.
    public func fix(allowing actions: String) -> String? {
        if Self.accessDenials.contains(code) { return "allow \(actions) to these credentials" }
        if code.hasPrefix("transport:") { return "check the network, the region and AWS_ENDPOINT_URL" }
        return nil
    }

    /// Codes a region answers with when the account cannot use it (not opted in, or the
    /// credentials are not valid there).
    static let regionRefusals: Set<String> = ["UnrecognizedClientException", "InvalidClientTokenId", "AuthFailure", "OptInRequired"]

    public var isRegionRefusal: Bool { Self.regionRefusals.contains(code) }

    /// The endpoint does not offer the operation at all (an emulator, a partition without it),
    /// as opposed to refusing this caller.
    public var isUnavailable: Bool {
        ["NotImplemented", "InvalidAction", "UnknownOperationException"].contains(code)
            || httpStatus == 404 || httpStatus == 501 || isWebPage
    }
}

/// A fact gathered from AWS: the answer, or why there is none.
public typealias Fact<Value> = Result<Value, CallFailure>
