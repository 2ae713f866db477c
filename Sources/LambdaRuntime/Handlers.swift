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

/// An event type that reads itself from the bytes, not through `JSONDecoder` (which
/// an open-shaped type such as a JSON value could only probe by throwing). Failures are
/// `DecodingError`s, reported as `InvalidEvent`.
public protocol LambdaEventParsing: Decodable {
    init(lambdaEvent bytes: [UInt8]) throws
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
        try LambdaCoding.encode(try await handler.handle(try LambdaCoding.decode(Handler.Event.self, from: event), context: context))
    }
}

/// How an event becomes a typed value and a response becomes bytes, with the runtime's errors:
/// for handlers that wrap another's typed interface in their own raw one.
public enum LambdaCoding {
    public static func decode<Event: Decodable>(_ type: Event.Type, from event: [UInt8]) throws -> Event {
        do {
            if let parsed = Event.self as? any LambdaEventParsing.Type {
                return try parsed.init(lambdaEvent: event) as! Event
            }
            return try JSONDecoder().decode(Event.self, from: Data(event))
        } catch let error as DecodingError {
            throw InvalidEvent(error)
        }
    }

    public static func encode(_ output: some Encodable) throws -> [UInt8] {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return Array(try encoder.encode(output))
        } catch {
            throw ResponseEncodingFailed(errorMessage: String(describing: error))
        }
    }
}
