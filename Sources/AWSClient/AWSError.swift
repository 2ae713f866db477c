import Primitives
/// An error AWS answered with, whatever the protocol's error encoding (JSON, Query XML,
/// EC2's XML, S3's XML, or only a status for a body-less response).
public struct AWSError: Error, Sendable, CustomStringConvertible {
    public let service: String
    public let operation: String
    public let httpStatus: Int
    /// AWS's error code: "NoSuchBucket", "AccessDenied", "InvalidInstanceID.NotFound", …
    public let code: String
    public let message: String
    public let requestID: String?

    public init(service: String, operation: String, httpStatus: Int, code: String, message: String, requestID: String?) {
        self.service = service
        self.operation = operation
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    public var description: String {
        "\(service) \(operation) failed: \(code) (HTTP \(httpStatus)): \(message)" + (requestID.map { " [request \($0)]" } ?? "")
    }

    /// Codes AWS uses to say "slow down"; retried with backoff.
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "RequestLimitExceeded", "TooManyRequestsException", "SlowDown", "RequestThrottled",
        "ProvisionedThroughputExceededException", "BandwidthLimitExceeded", "EC2ThrottledException",
    ]

    public var isThrottling: Bool { httpStatus == 429 || Self.throttlingCodes.contains(code) }

    /// Worth another attempt: throttling and server-side faults.
    var isRetryable: Bool { isThrottling || httpStatus >= 500 || code == "RequestTimeout" || code == "InternalError" }
}

/// Everything that is not an answer from AWS.
public enum AWSClientError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Missing or invalid settings: credentials, region, endpoint, libcurl.
    case configuration(String)
    /// The request did not complete: connection refused, DNS, TLS, timeout.
    case transport(String)
    /// The invocation's deadline leaves no time for (another) attempt.
    case deadlineExceeded(String)
    /// AWS answered with something this client cannot read.
    case invalidResponse(String)

    public var description: String {
        switch self {
        case .configuration(let why): "configuration: \(why)"
        case .transport(let why): "transport: \(why)"
        case .deadlineExceeded(let why): "deadline exceeded: \(why)"
        case .invalidResponse(let why): "invalid response: \(why)"
        }
    }
}

extension AWSClientError {
    /// The kind of failure, as a code to stand beside AWS's own.
    public var code: String {
        switch self {
        case .configuration: "Configuration"
        case .transport: "Transport"
        case .deadlineExceeded: "DeadlineExceeded"
        case .invalidResponse: "InvalidResponse"
        }
    }
}

/// A failed call as a code and a message, for a response or a log: AWS's own code when it
/// answered, else the client's kind of failure on the way.
public func errorCodeAndMessage(_ error: any Error) -> (code: String, message: String) {
    switch error {
    case let error as AWSError: (error.code, error.message)
    case let error as AWSClientError: (error.code, error.description)
    default: ("Error", String(describing: error))
    }
}
