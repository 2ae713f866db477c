import LambdaRuntime

/// Input the policy generator cannot work from.
public enum PolicyRequestError: Error, Equatable, Sendable {
    case invalidPrincipal(String, String)
    case invalidWindow(String)
    case invalidSource(String)
    case missingTrailBucket
    case invalidApply(String)
    case unsupportedEvent(String)
    case invalidEvent(String)
}

extension PolicyRequestError: LambdaFunctionError {
    public var errorType: String {
        switch self {
        case .unsupportedEvent: "UnsupportedEvent"
        case .invalidEvent: "InvalidEvent"
        case .invalidPrincipal: "InvalidPrincipal"
        case .invalidWindow: "InvalidWindow"
        case .invalidSource: "InvalidSource"
        case .missingTrailBucket: "MissingTrailBucket"
        case .invalidApply: "InvalidApply"
        }
    }

    public var errorMessage: String {
        switch self {
        case .invalidPrincipal(let arn, let why): "principalArn \"\(arn)\": \(why)"
        case .invalidWindow(let why), .invalidSource(let why), .invalidApply(let why),
            .unsupportedEvent(let why), .invalidEvent(let why): why
        case .missingTrailBucket: "source \"s3\" needs \"trailBucket\" (or TRAIL_BUCKET configured)"
        }
    }
}
