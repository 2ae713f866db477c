extension JSONReader {
    /// Calls `body` with each member's key, the cursor at its value (which `body` must read
    /// or skip). `null` is an object with no members.
    public mutating func members(_ body: (JSONStringRange, inout JSONReader) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        if consumeNull() { return }
        try expect(UInt8(ascii: "{"))
        try enter()
        if !consume(UInt8(ascii: "}")) {
            repeat {
                let key = try stringRange()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                try body(key, &self)
            } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
        }
        leave()
    }

    /// Calls `body` with the cursor at each element. `null` is an empty array.
    public mutating func elements(_ body: (inout JSONReader) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        if consumeNull() { return }
        try expect(UInt8(ascii: "["))
        try enter()
        if !consume(UInt8(ascii: "]")) {
            repeat {
                skipWhitespace()
                try body(&self)
            } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
        }
        leave()
    }

    /// Any value, built.
    public mutating func value() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard let byte = peek else { throw failure("value expected") }
        switch byte {
        case Self.quote:
            return .string(try string())
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            try self.members { key, reader throws(JSONSyntaxError) in
                members[reader.decode(key)] = try reader.value()
            }
            return .object(members)
        case UInt8(ascii: "["):
            var items: [JSONValue] = []
            try elements { reader throws(JSONSyntaxError) in items.append(try reader.value()) }
            return .array(items)
        default:
            if literal("null") { return .null }
            if literal("true") { return .bool(true) }
            if literal("false") { return .bool(false) }
            return .number(try number())
        }
    }

    /// Any value, checked as strictly as `value()` reads it, and stepped over. The same
    /// grammar as `members` and `elements`, written out without their closures: this is how a
    /// trail reader checks every record it does not decode.
    public mutating func skipValue() throws(JSONSyntaxError) {
        skipWhitespace()
        guard let byte = peek else { throw failure("value expected") }
        switch byte {
        case Self.quote:
            _ = try stringRange()
        case UInt8(ascii: "{"):
            index += 1
            try enter()
            if !consume(UInt8(ascii: "}")) {
                repeat {
                    _ = try stringRange()
                    try expect(UInt8(ascii: ":"))
                    try skipValue()
                } while consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "}"))
            }
            leave()
        case UInt8(ascii: "["):
            index += 1
            try enter()
            if !consume(UInt8(ascii: "]")) {
                repeat {
                    try skipValue()
                } while consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "]"))
            }
            leave()
        default:
            if literal("null") || literal("true") || literal("false") { return }
            try skipNumber()
        }
    }

    /// A number by JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    public mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        try skipNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw .invalid("unreadable number", offset: start) }
        return value
    }

    /// Steps over a number, checking its grammar (any such text is a Double, if an infinite one).
    private mutating func skipNumber() throws(JSONSyntaxError) {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        if peek == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            index = start
            throw failure("unexpected byte")
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw failure("a digit must follow '.'") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw failure("a digit must follow the exponent") }
        }
    }

    private mutating func digits() -> Int {
        let start = index
        while index < end, (0x30...0x39).contains(bytes[index]) { index += 1 }
        return index - start
    }
}

extension JSONValue {
    /// One JSON document (RFC 8259, nothing after it), read in one linear pass.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
        var reader = JSONReader(bytes)
        self = try reader.value()
        try reader.expectEnd()
    }

    public init(parsing bytes: [UInt8]) throws(JSONSyntaxError) {
        self = try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try JSONValue(parsing: buffer) }
    }

    public init(parsing text: String) throws(JSONSyntaxError) {
        try self.init(parsing: Array(text.utf8))
    }
}
