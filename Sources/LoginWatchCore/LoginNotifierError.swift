import LambdaRuntime

/// Why an event or the configuration cannot be used.
public enum LoginNotifierError: LambdaFunctionError, Equatable {
    case unsupportedEvent(String)
    case invalidEvent(String)
    case configuration(String)

    public var errorType: String {
        switch self {
        case .unsupportedEvent: "UnsupportedEvent"
        case .invalidEvent: "InvalidEvent"
        case .configuration: "InvalidConfiguration"
        }
    }

    public var errorMessage: String {
        switch self {
        case .unsupportedEvent(let what), .invalidEvent(let what), .configuration(let what): what
        }
    }
}
