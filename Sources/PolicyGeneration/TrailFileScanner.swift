/// Splits a CloudTrail log file (`{"Records":[{…},{…}]}`) into the byte ranges of its
/// records without building them, so a reader can skip the records that cannot be the
/// principal's and decode only the rest, one at a time.
public enum TrailFileScanner {
    public enum Error: Swift.Error, Equatable { case malformed(String) }

    /// Calls `body` with the byte range of each element of the top-level `Records` array.
    public static func forEachRecord(
        in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) throws -> Void
    ) throws {
        var scanner = Scanner(bytes: bytes)
        scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: "{"))
        scanner.skipWhitespace()
        if scanner.peek == UInt8(ascii: "}") { return }
        while true {
            scanner.skipWhitespace()
            let key = try scanner.stringRange()
            scanner.skipWhitespace()
            try scanner.expect(UInt8(ascii: ":"))
            scanner.skipWhitespace()
            if scanner.equals(key, "Records") {
                try scanner.expect(UInt8(ascii: "["))
                scanner.skipWhitespace()
                if scanner.peek == UInt8(ascii: "]") {
                    scanner.index += 1
                } else {
                    while true {
                        scanner.skipWhitespace()
                        let start = scanner.index
                        try scanner.skipValue()
                        try body(start..<scanner.index)
                        scanner.skipWhitespace()
                        if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
                        try scanner.expect(UInt8(ascii: "]"))
                        break
                    }
                }
            } else {
                try scanner.skipValue()
            }
            scanner.skipWhitespace()
            if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
            try scanner.expect(UInt8(ascii: "}"))
            return
        }
    }

    /// Whether `needle` (lowercase ASCII) occurs in `bytes[range]`, ignoring ASCII case: the
    /// cheap test that a record may name the principal before it is decoded.
    public static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, lowercased needle: [UInt8]) -> Bool {
        guard let first = needle.first, range.count >= needle.count else { return needle.isEmpty }
        var index = range.lowerBound
        let last = range.upperBound - needle.count
        while index <= last {
            if bytes[index] | 0x20 == first | 0x20 {
                var offset = 1
                while offset < needle.count, lower(bytes[index + offset]) == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    @inline(__always) private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws {
            guard peek == byte else {
                throw Error.malformed("expected '\(Character(Unicode.Scalar(byte)))' at byte \(index)")
            }
            index += 1
        }

        /// The range of a string's contents (escapes left as they are); leaves `index` after it.
        mutating func stringRange() throws -> Range<Int> {
            try expect(UInt8(ascii: "\""))
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""):
                    index += 1
                    return start..<(index - 1)
                default: index += 1
                }
            }
            throw Error.malformed("unterminated string")
        }

        func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
            guard range.count == text.utf8CodeUnitCount else { return false }
            return text.withUTF8Buffer { literal in
                zip(range, literal).allSatisfy { bytes[$0] == $1 }
            }
        }

        /// Skips one JSON value: a string, an object or array (strings inside them
        /// included), or a literal/number.
        mutating func skipValue() throws {
            guard let byte = peek else { throw Error.malformed("value expected at end of file") }
            switch byte {
            case UInt8(ascii: "\""):
                _ = try stringRange()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: "\""):
                        _ = try stringRange()
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return
                        }
                    default:
                        break
                    }
                    index += 1
                }
                throw Error.malformed("unterminated object or array")
            default:
                let start = index
                while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) {
                    index += 1
                }
                if index == start { throw Error.malformed("unexpected byte at \(index)") }
            }
        }
    }
}
