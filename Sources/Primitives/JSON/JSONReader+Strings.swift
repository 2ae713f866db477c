/// A string's contents as they stand in the bytes, checked: where they are and whether any
/// escape needs decoding. Keys are compared through it without building a `String`.
public struct JSONStringRange: Sendable, Equatable {
    public let range: Range<Int>
    public let escaped: Bool
}

extension JSONReader {
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    /// The next string, escapes decoded.
    public mutating func string() throws(JSONSyntaxError) -> String {
        decode(try stringRange())
    }

    /// A string, or nil for `null`: where a string is expected, null is absent.
    public mutating func optionalString() throws(JSONSyntaxError) -> String? {
        consumeNull() ? nil : try string()
    }

    /// Checks the next string (UTF-8, escapes, no raw control characters) and steps over it.
    public mutating func stringRange() throws(JSONSyntaxError) -> JSONStringRange {
        skipWhitespace()
        guard index < end, bytes[index] == Self.quote else { throw failure("expected a string") }
        index += 1
        let start = index
        var escaped = false
        while index < end {
            index = Self.plainRunEnd(bytes, from: index, end: end)
            guard index < end else { break }
            let byte = bytes[index]
            if byte == Self.quote {
                index += 1
                return JSONStringRange(range: start..<(index - 1), escaped: escaped)
            } else if byte == Self.backslash {
                escaped = true
                try checkEscape()
            } else if byte < 0x20 {
                throw failure("raw control character in a string")
            } else if byte < 0x80 {
                index += 1
            } else {
                guard let length = UTF8Check.sequenceLength(bytes, at: index, end: end) else { throw failure("invalid UTF-8") }
                index += length
            }
        }
        throw failure("unterminated string")
    }

    /// Where the run of plain bytes from `start` ends (no quote, backslash, control or
    /// non-ASCII byte: nothing to check one by one), eight bytes at a time: most of a trail's
    /// bytes are such runs. Each kind of byte is found with the has-zero-byte trick; the lowest
    /// byte it flags is always a real one (a false flag needs a borrow from a real one below
    /// it), and on a little-endian machine (x86-64, arm64) the lowest byte comes first.
    @inline(__always)
    static func plainRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return start }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }
        var at = start
        while end - at >= 8 {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            let special = word & highs | (word &- ones &* 0x20) & ~word & highs
                | zeroBytes(word ^ (ones &* UInt64(quote))) | zeroBytes(word ^ (ones &* UInt64(backslash)))
            if special != 0 { return at + special.trailingZeroBitCount / 8 }
            at += 8
        }
        return at
    }

    private mutating func checkEscape() throws(JSONSyntaxError) {
        guard index + 1 < end else { throw failure("unterminated string") }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
        case UInt8(ascii: "u"):
            guard Self.hex4(bytes, at: index + 2, end: end) != nil else { throw failure("bad \\u escape") }
            index += 6
        default:
            throw failure("bad escape")
        }
    }

    /// The contents of a string `stringRange` checked, escapes decoded. Surrogate pairs join;
    /// a lone surrogate becomes U+FFFD.
    public func decode(_ string: JSONStringRange) -> String {
        let contents = UnsafeBufferPointer(rebasing: bytes[string.range])
        guard string.escaped else { return String(decoding: contents, as: UTF8.self) }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(contents.count)
        var at = string.range.lowerBound
        let stop = string.range.upperBound
        while at < stop {
            let byte = bytes[at]
            guard byte == Self.backslash else {
                utf8.append(byte)
                at += 1
                continue
            }
            let escape = bytes[at + 1]
            at += 2
            switch escape {
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "u"):
                let unit = Self.hex4(bytes, at: at, end: stop) ?? 0xFFFD
                at += 4
                var scalar = Unicode.Scalar(unit) ?? "\u{FFFD}"
                if (0xD800..<0xDC00).contains(unit), at + 6 <= stop, bytes[at] == Self.backslash, bytes[at + 1] == UInt8(ascii: "u"),
                    let low = Self.hex4(bytes, at: at + 2, end: stop), (0xDC00..<0xE000).contains(low) {
                    scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
                    at += 6
                }
                utf8.append(contentsOf: String(scalar).utf8)
            default: utf8.append(escape)  // \" \\ \/
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Whether a key `stringRange` read is `name`, escaped or not.
    public func key(_ key: JSONStringRange, is name: StaticString) -> Bool {
        let literal = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        if key.escaped { return decode(key).utf8.elementsEqual(literal) }
        return key.range.count == literal.count && bytes[key.range].elementsEqual(literal)
    }

    static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> UInt32? {
        guard end - start >= 4 else { return nil }
        var value: UInt32 = 0
        for byte in bytes[start..<(start + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}

/// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
enum UTF8Check {
    /// The length of the valid sequence whose lead byte (≥ 0x80) is at `at`, or nil.
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at: Int, end: Int) -> Int? {
        let lead = bytes[at]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // range of the second byte
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard end - at >= length, (low...high).contains(bytes[at + 1]) else { return nil }
        for offset in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[at + offset]) { return nil }
        return length
    }
}
