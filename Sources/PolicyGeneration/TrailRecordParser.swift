import SecurityEvents

/// Reads one CloudTrail record straight from a log file's bytes into an `ActivityRecord`:
/// the fields the generator needs, every other member skipped without building it. A
/// generic decoder spends most of its time on what is thrown away (and on `try?` probing
/// for each open-ended value); this is the hot loop of a million-record trail.
enum TrailRecordParser {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws -> ActivityRecord {
        var parser = JSONBytes(bytes: bytes, index: range.lowerBound, end: range.upperBound)
        var record = ActivityRecord()
        try parser.members { key, parser in
            if parser.key(key, is: "eventTime") {
                record.eventTime = try parser.string() ?? ""
            } else if parser.key(key, is: "eventSource") {
                record.eventSource = try parser.string() ?? ""
            } else if parser.key(key, is: "eventName") {
                record.eventName = try parser.string() ?? ""
            } else if parser.key(key, is: "awsRegion") {
                record.awsRegion = try parser.string()
            } else if parser.key(key, is: "errorCode") {
                record.errorCode = try parser.string()
            } else if parser.key(key, is: "errorMessage") {
                record.errorMessage = try parser.string()
            } else if parser.key(key, is: "eventType") {
                record.eventType = try parser.string()
            } else if parser.key(key, is: "recipientAccountId") {
                record.recipientAccountId = try parser.string()
            } else if parser.key(key, is: "requestParameters") {
                record.requestParameters = try parser.value()
            } else if parser.key(key, is: "resources") {
                try parser.elements { parser in
                    try parser.members { key, parser in
                        if parser.key(key, is: "ARN"), let arn = try parser.string() {
                            record.resourceARNs.append(arn)
                        } else {
                            try parser.skipValue()
                        }
                    }
                }
            } else if parser.key(key, is: "userIdentity") {
                try parser.members { key, parser in
                    if parser.key(key, is: "arn") {
                        record.identityARN = try parser.string()
                    } else if parser.key(key, is: "accountId") {
                        record.identityAccount = try parser.string()
                    } else if parser.key(key, is: "sessionContext") {
                        try parser.members { key, parser in
                            guard parser.key(key, is: "sessionIssuer") else { return try parser.skipValue() }
                            try parser.members { key, parser in
                                if parser.key(key, is: "arn") { record.issuerARN = try parser.string() } else { try parser.skipValue() }
                            }
                        }
                    } else {
                        try parser.skipValue()
                    }
                }
            } else {
                try parser.skipValue()
            }
        }
        guard !record.eventTime.isEmpty, !record.eventSource.isEmpty, !record.eventName.isEmpty else {
            throw TrailFileScanner.Error.malformed("a record without eventTime, eventSource or eventName")
        }
        return record
    }
}

/// A cursor over JSON bytes: just enough of a parser for `TrailRecordParser`.
struct JSONBytes {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    private func failure(_ what: String) -> TrailFileScanner.Error {
        .malformed("\(what) at byte \(index)")
    }

    mutating func skipWhitespace() {
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard index < end, bytes[index] == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        if index < end, bytes[index] == byte {
            index += 1
            return true
        }
        return false
    }

    /// Calls `body` with each member's raw key range, the cursor at its value (which `body`
    /// must read or skip). `null` is an object with no members.
    mutating func members(_ body: (Range<Int>, inout JSONBytes) throws -> Void) throws {
        skipWhitespace()
        if try literal("null") { return }
        try expect(UInt8(ascii: "{"))
        if consume(UInt8(ascii: "}")) { return }
        repeat {
            skipWhitespace()
            let key = try rawString()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            try body(key, &self)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
    }

    /// Calls `body` with the cursor at each element. `null` is an empty array.
    mutating func elements(_ body: (inout JSONBytes) throws -> Void) throws {
        skipWhitespace()
        if try literal("null") { return }
        try expect(UInt8(ascii: "["))
        if consume(UInt8(ascii: "]")) { return }
        repeat {
            skipWhitespace()
            try body(&self)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
    }

    func key(_ range: Range<Int>, is name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let literal = name.utf8Start
        var offset = 0
        while offset < range.count {
            if bytes[range.lowerBound + offset] != literal[offset] { return false }
            offset += 1
        }
        return true
    }

    /// A string (escapes decoded), or nil for `null`.
    mutating func string() throws -> String? {
        skipWhitespace()
        if try literal("null") { return nil }
        guard index < end, bytes[index] == Self.quote else { throw failure("expected a string") }
        guard let close = TrailFileScanner.closingQuote(bytes, from: index + 1, end: end) else {
            throw failure("unterminated string")
        }
        let contents = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<close])
        if !contents.contains(Self.backslash) {
            index = close + 1
            return String(decoding: contents, as: UTF8.self)
        }
        return try escapedString()
    }

    /// The raw contents of a string (for keys, which CloudTrail never escapes).
    private mutating func rawString() throws -> Range<Int> {
        guard index < end, bytes[index] == Self.quote else { throw failure("expected a string") }
        let start = index + 1
        guard let close = TrailFileScanner.closingQuote(bytes, from: start, end: end) else {
            throw failure("unterminated string")
        }
        index = close + 1
        return start..<close
    }

    private mutating func escapedString() throws -> String {
        index += 1
        var utf8: [UInt8] = []
        while index < end {
            let byte = bytes[index]
            index += 1
            switch byte {
            case Self.quote:
                return String(decoding: utf8, as: UTF8.self)
            case Self.backslash:
                guard index < end else { break }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), index + 1 < end,
                        bytes[index] == Self.backslash, bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    utf8 += Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
                default: utf8.append(escaped)  // \" \\ \/
                }
            default:
                utf8.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= end else { throw failure("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("bad \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func literal(_ word: StaticString) throws -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= end else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    /// Any value, built.
    mutating func value() throws -> JSONValue {
        skipWhitespace()
        guard index < end else { throw failure("value expected") }
        switch bytes[index] {
        case Self.quote:
            return .string(try string() ?? "")
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            try self.members { key, parser in
                let name = String(decoding: UnsafeBufferPointer(rebasing: parser.bytes[key]), as: UTF8.self)
                members[name] = try parser.value()
            }
            return .object(members)
        case UInt8(ascii: "["):
            var items: [JSONValue] = []
            try elements { parser in items.append(try parser.value()) }
            return .array(items)
        default:
            if try literal("null") { return .null }
            if try literal("true") { return .bool(true) }
            if try literal("false") { return .bool(false) }
            let start = index
            while index < end, Self.isNumberByte(bytes[index]) { index += 1 }
            guard index > start, let number = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) else {
                throw failure("unexpected value")
            }
            return .number(number)
        }
    }

    /// Any value, skipped: strings honour escapes, containers nest.
    mutating func skipValue() throws {
        skipWhitespace()
        guard index < end else { throw failure("value expected") }
        switch bytes[index] {
        case Self.quote:
            _ = try rawString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < end {
                let byte = bytes[index]
                if byte == Self.quote {
                    _ = try rawString()
                    continue
                }
                if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    depth += 1
                } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return
                    }
                }
                index += 1
            }
            throw failure("unterminated object or array")
        default:
            if try literal("null") || literal("true") || literal("false") { return }
            let start = index
            while index < end, Self.isNumberByte(bytes[index]) { index += 1 }
            if index == start { throw failure("unexpected byte") }
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }
}
