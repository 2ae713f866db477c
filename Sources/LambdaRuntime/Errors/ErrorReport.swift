import Primitives
/// Errors a handler throws may conform to this to choose their `errorType`; any other error is
/// reported with its Swift type name as `errorType` and `String(describing:)` as message.
public protocol LambdaFunctionError: Error {
    var errorType: String { get }
    var errorMessage: String { get }
}

/// What the Runtime API is told about a failure: `{"errorMessage","errorType","stackTrace":[]}`.
public struct ErrorReport: Error, Sendable, Equatable {
    public let errorType: String
    public let errorMessage: String

    public init(errorType: String, errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
    }

    /// The report for any thrown error.
    public init(_ error: any Error) {
        if let error = error as? any LambdaFunctionError {
            self.init(errorType: error.errorType, errorMessage: error.errorMessage)
        } else {
            self.init(errorType: String(describing: type(of: error)), errorMessage: String(describing: error))
        }
    }

    /// The media type the Runtime API specification gives error bodies.
    public static let contentType = "application/vnd.aws.lambda.error+json"

    /// The JSON body the Runtime API expects.
    public var json: [UInt8] {
        Array(#"{"errorMessage":\#(JSONText.quoted(errorMessage)),"errorType":\#(JSONText.quoted(errorType)),"stackTrace":[]}"#.utf8)
    }
}
