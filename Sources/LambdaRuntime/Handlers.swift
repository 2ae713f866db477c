import FoundationEssentials

/// A handler of typed events: JSON in, JSON out.
public protocol LambdaHandler: Sendable {
    associatedtype Event: Decodable
    associatedtype Output: Encodable
    func handle(_ event: Event, context: LambdaContext) async throws -> Output
}

/// A handler of raw bytes: the event as received, the response as sent.
public protocol RawLambdaHandler: Sendable {
    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8]
}

/// The response could not be encoded as JSON.
public struct ResponseEncodingFailed: LambdaFunctionError {
    public let errorType = "Runtime.ResponseEncodingFailed"
    public let errorMessage: String
}

/// Serves a typed handler through the raw interface: decode, handle, encode.
struct TypedHandlerAdapter<Handler: LambdaHandler>: RawLambdaHandler {
    let handler: Handler

    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let decoded: Handler.Event
        do {
            decoded = try JSONDecoder().decode(Handler.Event.self, from: Data(event))
        } catch let error as DecodingError {
            throw InvalidEvent(error)
        }
        let output = try await handler.handle(decoded, context: context)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return Array(try encoder.encode(output))
        } catch {
            throw ResponseEncodingFailed(errorMessage: String(describing: error))
        }
    }
}
