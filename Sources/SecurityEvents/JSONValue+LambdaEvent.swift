import FoundationEssentials
import LambdaRuntime
import Primitives

/// An event decoded as a `JSONValue` is read by the strict linear reader: invalid JSON and
/// nesting past the limit are `InvalidEvent`s.
extension JSONValue: LambdaEventParsing {
    public init(lambdaEvent bytes: [UInt8]) throws {
        do {
            self = try JSONValue(parsing: bytes)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "The event is not valid JSON: \(error)"))
        }
    }

    /// A typed value read from this one (see `JSONValueDecoder`).
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try JSONValueDecoder().decode(type, from: self)
    }
}
