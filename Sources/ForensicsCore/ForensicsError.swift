/// Why an invocation could not be handled at all (as opposed to a step that failed, which is
/// reported in the response). `errorType` is what the Runtime API error carries.
public struct ForensicsError: Error, Sendable, Equatable, CustomStringConvertible {
    public let errorType: String
    public let errorMessage: String

    public init(_ errorType: String, _ errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
    }

    public var description: String { "\(errorType): \(errorMessage)" }

    static func unsupported(_ message: String) -> ForensicsError { .init("UnsupportedEvent", message) }
    static func invalid(_ message: String) -> ForensicsError { .init("InvalidEvent", message) }
    static func invalidInstanceID(_ message: String) -> ForensicsError { .init("InvalidInstanceId", message) }
    static func configuration(_ message: String) -> ForensicsError { .init("InvalidConfiguration", message) }
}
