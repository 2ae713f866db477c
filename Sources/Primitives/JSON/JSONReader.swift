/// Why bytes are not the JSON value they were read as: refused, never guessed at.
public enum JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Objects and arrays nested deeper than `JSONReader.maximumDepth`.
    case tooDeep(limit: Int, offset: Int)
    /// Not JSON (RFC 8259) at `offset`.
    case invalid(String, offset: Int)

    public var description: String {
        switch self {
        case .tooDeep(let limit, let offset): "nested deeper than \(limit) at byte \(offset)"
        case .invalid(let reason, let offset): "\(reason) at byte \(offset)"
        }
    }
}

/// A strict cursor over JSON bytes (RFC 8259): valid UTF-8 only, no raw control characters in
/// strings, only the escapes JSON has, lone surrogates read as U+FFFD, nesting bounded by
/// `maximumDepth` (a typed error, never a stack overflow). Every read is one pass over the bytes
/// it covers, so cost is linear in the input whatever its shape.
public struct JSONReader {
    /// As deep as Foundation's `JSONDecoder` goes.
    public static let maximumDepth = 512

    public let bytes: UnsafeBufferPointer<UInt8>
    public var index: Int
    public let end: Int
    /// Objects and arrays open around the cursor.
    public private(set) var depth = 0

    public init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil) {
        self.bytes = bytes
        index = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
    }

    public func failure(_ reason: String) -> JSONSyntaxError { .invalid(reason, offset: index) }

    public var peek: UInt8? { index < end ? bytes[index] : nil }

    public mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    public mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        skipWhitespace()
        guard index < end, bytes[index] == byte else {
            throw failure(index < end ? "expected '\(Character(Unicode.Scalar(byte)))'" : "unexpected end")
        }
        index += 1
    }

    public mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < end, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Only whitespace is left: a document ends after its one value.
    public mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        if index < end { throw failure("trailing data after the JSON value") }
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw .tooDeep(limit: Self.maximumDepth, offset: index) }
    }

    mutating func leave() { depth -= 1 }

    /// Reads `null` when it is next (after whitespace).
    public mutating func consumeNull() -> Bool {
        skipWhitespace()
        return literal("null")
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard end - index >= count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }
}
