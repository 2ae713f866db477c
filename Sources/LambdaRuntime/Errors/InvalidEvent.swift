import FoundationEssentials
import Primitives

/// An event that does not decode into the handler's `Event` type. The message names the JSON
/// path of the failing field, e.g. `detail.requestParameters: key 'bucketName' not found`.
public struct InvalidEvent: LambdaFunctionError, Equatable {
    public let errorType = "InvalidEvent"
    public let errorMessage: String

    public init(message: String) {
        errorMessage = message
    }

    public init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            errorMessage = "\(Self.path(context.codingPath)): key '\(key.stringValue)' not found"
        case .valueNotFound(let type, let context):
            errorMessage = "\(Self.path(context.codingPath)): expected \(type), found null"
        case .typeMismatch(_, let context):
            errorMessage = "\(Self.path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            errorMessage = "\(Self.path(context.codingPath)): \(Self.underlying(context))"
        @unknown default:
            errorMessage = String(describing: error)
        }
    }

    /// `detail.items[2].name`; the whole event is `(event)`.
    static func path(_ codingPath: [any CodingKey]) -> String {
        let text = CodingPathText.render(codingPath)
        return text.isEmpty ? "(event)" : text
    }

    private static func underlying(_ context: DecodingError.Context) -> String {
        guard let cause = context.underlyingError else { return context.debugDescription }
        return "\(context.debugDescription) (\(cause))"
    }
}
