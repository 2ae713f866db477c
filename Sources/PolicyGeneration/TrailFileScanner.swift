import Glibc

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
    /// cheap test that a record may name the principal before it is decoded. It memchr()s to
    /// a byte of the needle that has no case (`-`, a digit) when there is one, else to either
    /// case of its first letter, and compares around it.
    public static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, lowercased needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard range.count >= needle.count, let base = bytes.baseAddress else { return false }
        let anchor = needle.firstIndex { !(0x61...0x7A).contains($0) } ?? 0
        let anchorByte = needle[anchor]
        let otherCase: UInt8? = (0x61...0x7A).contains(anchorByte) ? anchorByte - 0x20 : nil
        // Positions of the anchor byte that leave room for the whole needle.
        var from = range.lowerBound + anchor
        let lastAnchor = range.upperBound - needle.count + anchor
        while from <= lastAnchor {
            let length = lastAnchor - from + 1
            var next = memchr(base + from, Int32(anchorByte), length).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
            if let otherCase, let other = memchr(base + from, Int32(otherCase), length) {
                let position = base.distance(to: other.assumingMemoryBound(to: UInt8.self))
                next = min(next ?? position, position)
            }
            guard let position = next else { return false }
            let start = position - anchor
            var offset = 0
            while offset < needle.count, lower(bytes[start + offset]) == needle[offset] { offset += 1 }
            if offset == needle.count { return true }
            from = position + 1
        }
        return false
    }

    /// The index of the quote that ends a string whose contents start at `start`: memchr to
    /// each quote, skipping those an odd run of backslashes escapes.
    static func closingQuote(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var from = start
        while from < end {
            guard let found = memchr(base + from, Int32(UInt8(ascii: "\"")), end - from) else { return nil }
            let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var backslashes = 0
            while quote - backslashes - 1 >= start, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 { return quote }
            from = quote + 1
        }
        return nil
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
            guard let close = TrailFileScanner.closingQuote(bytes, from: start, end: bytes.count) else {
                throw Error.malformed("unterminated string")
            }
            index = close + 1
            return start..<close
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
