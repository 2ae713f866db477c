import Glibc
import SecurityEvents
import Primitives

/// Splits a CloudTrail log file (`{"Records":[{…},{…}]}`) into the byte ranges of its
/// records without building them, so a reader can skip the records that cannot be the
/// principal's and decode only the rest, one at a time.
public enum TrailFileScanner {
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case malformed(String)
        public var description: String {
            switch self { case .malformed(let reason): reason }
        }
    }

    /// Calls `body` with the byte range of each element of the top-level `Records` array, and
    /// why it is not one valid JSON value (nil when it is). The file around the records is read
    /// strictly (one object, keys unescaped, nothing after it); each record is checked in the
    /// same pass that finds its end, and a record that fails the check is stepped over by its
    /// brackets and quotes alone, so it costs only itself.
    public static func forEachRecord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Error?) -> Void) throws(Error) {
        var reader = JSONReader(bytes)
        do throws(JSONSyntaxError) {
            reader.skipWhitespace()
            guard reader.peek == UInt8(ascii: "{") else { throw reader.failure("a trail file must be an object") }
            try reader.members { key, reader throws(JSONSyntaxError) in
                guard reader.key(key, is: "Records") else { return try reader.skipValue() }
                guard reader.peek == UInt8(ascii: "[") else { throw reader.failure("Records must be an array") }
                try reader.elements { reader throws(JSONSyntaxError) in
                    let start = reader.index
                    // Its own reader: a record may nest as deep as a document.
                    var record = JSONReader(bytes, range: start..<reader.end)
                    do throws(JSONSyntaxError) {
                        try record.skipValue()
                        reader.index = record.index
                        body(start..<reader.index, nil)
                    } catch {
                        try skipRecord(&reader)
                        body(start..<reader.index, .malformed(error.description))
                    }
                }
            }
            try reader.expectEnd()
        } catch {
            throw .malformed(error.description)
        }
    }

    /// Steps over one record by its structure only: strings by their closing quote, objects
    /// and arrays by a depth count (no recursion), anything else to the next delimiter.
    static func skipRecord(_ reader: inout JSONReader) throws(JSONSyntaxError) {
        let bytes = reader.bytes, end = reader.end
        func stringEnd(_ at: Int) throws(JSONSyntaxError) -> Int {
            guard let close = closingQuote(bytes, from: at + 1, end: end) else { throw .invalid("unterminated string", offset: at) }
            return close + 1
        }
        guard let first = reader.peek else { throw reader.failure("value expected") }
        switch first {
        case UInt8(ascii: "\""):
            reader.index = try stringEnd(reader.index)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while reader.index < end {
                switch bytes[reader.index] {
                case UInt8(ascii: "\""):
                    reader.index = try stringEnd(reader.index)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        reader.index += 1
                        return
                    }
                default:
                    break
                }
                reader.index += 1
            }
            throw reader.failure("unterminated object or array")
        default:
            let start = reader.index
            while reader.index < end {
                switch bytes[reader.index] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: break
                default:
                    reader.index += 1
                    continue
                }
                break
            }
            if reader.index == start { throw reader.failure("unexpected byte") }
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
}
