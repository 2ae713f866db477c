/// The parser behind `XML.parse`: one pass over the bytes with an explicit stack of open
/// elements (no recursion, so hostile nesting cannot overflow the call stack).
///
/// Supported: the prolog, elements, attributes, character data, the five predefined entities,
/// numeric character references, CDATA sections, comments and processing instructions.
/// Rejected: DTDs (`<!DOCTYPE`), so no entity expansion; invalid UTF-8; control characters.
struct XMLReader {
    private let bytes: [UInt8]
    private var position = 0

    /// Open elements, innermost last, with the qualified name their end tag must repeat.
    private var open: [(element: XML.Element, qualifiedName: String)] = []
    private var root: XML.Element?
    /// Where the document starts (after a byte order mark): the only place for `<?xml`.
    private var documentStart = 0

    init(_ bytes: [UInt8]) {
        self.bytes = Self.normalizingLineEnds(bytes)
    }

    /// XML 1.0 §2.11: CRLF and a lone CR are read as LF, before anything else (a `&#13;`
    /// reference still gives a CR).
    static func normalizingLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0x0D) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D {
                out.append(0x0A)
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            } else {
                out.append(bytes[index])
            }
            index += 1
        }
        return out
    }

    mutating func parseDocument() throws(XML.ParseError) -> XML.Element {
        try validateCharacters()
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }  // UTF-8 byte order mark
        documentStart = position
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "<") {
                try parseMarkup()
            } else {
                try parseText()
            }
        }
        if let innermost = open.last {
            throw error("unexpected end of input: <\(innermost.qualifiedName)> is not closed")
        }
        guard let root else { throw error("no root element") }
        return root
    }

    // MARK: Markup

    private mutating func parseMarkup() throws(XML.ParseError) {
        if lookingAt("<?") {
            let start = position
            position += 2
            let target = (try? parseName()) ?? ""
            if target.lowercased() == "xml", start != documentStart {
                throw error("an XML declaration after the start of the document", at: start)
            }
            try skip(past: "?>", what: "processing instruction")
        } else if lookingAt("<!--") {
            let start = position
            position += 4
            // "--" may appear in a comment only as the start of its end, "-->".
            guard let dashes = find("--") else { throw error("unterminated comment", at: start) }
            position = dashes
            guard lookingAt("-->") else { throw error("\"--\" inside a comment", at: dashes) }
            position += 3
        } else if lookingAt("<![CDATA[") {
            let start = position
            position += 9
            guard !open.isEmpty else { throw error("CDATA outside the root element", at: start) }
            guard let end = find("]]>") else { throw error("unterminated CDATA section", at: start) }
            open[open.count - 1].element.text += String(decoding: bytes[position..<end], as: UTF8.self)
            position = end + 3
        } else if lookingAt("<!") {
            throw error("DOCTYPE and other declarations are not supported")
        } else if lookingAt("</") {
            try parseEndTag()
        } else {
            try parseStartTag()
        }
    }

    private mutating func parseStartTag() throws(XML.ParseError) {
        let start = position
        position += 1  // "<"
        if root != nil { throw error("content after the root element", at: start) }
        guard open.count < XML.maximumDepth else {
            throw error("elements nested deeper than \(XML.maximumDepth)", at: start)
        }
        let qualifiedName = try parseName()
        var element = XML.Element(name: Self.localName(qualifiedName))
        while true {
            let hadSpace = skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in <\(qualifiedName)>") }
            if lookingAt("/>") {
                position += 2
                close(element)
                return
            }
            if bytes[position] == UInt8(ascii: ">") {
                position += 1
                open.append((element, qualifiedName))
                return
            }
            guard hadSpace else { throw error("expected whitespace, \">\" or \"/>\" in <\(qualifiedName)>") }
            let attributeStart = position
            let (name, value) = try parseAttribute()
            guard element.attributes[name] == nil else {
                throw error("duplicate attribute \"\(name)\"", at: attributeStart)
            }
            element.attributes[name] = value
        }
    }

    private mutating func parseEndTag() throws(XML.ParseError) {
        let start = position
        position += 2  // "</"
        let name = try parseName()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else {
            throw error("expected \">\" to end </\(name)>")
        }
        position += 1
        guard let innermost = open.popLast() else {
            throw error("end tag </\(name)> without a start tag", at: start)
        }
        guard innermost.qualifiedName == name else {
            throw error("end tag </\(name)> does not match <\(innermost.qualifiedName)>", at: start)
        }
        close(innermost.element)
    }

    /// Attaches a finished element to its parent, or makes it the root.
    private mutating func close(_ element: XML.Element) {
        if open.isEmpty {
            root = element
        } else {
            open[open.count - 1].element.children.append(element)
        }
    }

    private mutating func parseAttribute() throws(XML.ParseError) -> (String, String) {
        let name = try parseName()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
            throw error("expected \"=\" after attribute \"\(name)\"")
        }
        position += 1
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
            throw error("expected a quoted value for attribute \"\(name)\"")
        }
        let quote = bytes[position]
        position += 1
        let start = position
        while position < bytes.count && bytes[position] != quote {
            if bytes[position] == UInt8(ascii: "<") { throw error("\"<\" in the value of attribute \"\(name)\"") }
            position += 1
        }
        guard position < bytes.count else { throw error("unterminated value of attribute \"\(name)\"", at: start - 1) }
        let value = try decodeEntities(start..<position, normalizingWhitespace: true)
        position += 1
        return (name, value)
    }

    // MARK: Text

    private mutating func parseText() throws(XML.ParseError) {
        let start = position
        while position < bytes.count && bytes[position] != UInt8(ascii: "<") { position += 1 }
        let end = position
        if open.isEmpty {
            guard bytes[start..<position].allSatisfy(Self.isWhitespace) else {
                throw error(root == nil ? "text before the root element" : "text after the root element", at: start)
            }
            return
        }
        position = start
        if let marker = find("]]>"), marker < end {
            throw error("\"]]>\" in character data", at: marker)
        }
        position = end
        let text = try decodeEntities(start..<position, normalizingWhitespace: false)
        open[open.count - 1].element.text += text
    }

    /// Decodes &lt; &gt; &amp; &quot; &apos; &#N; &#xH; in a range of the input. Attribute
    /// values also turn literal tabs and line breaks into spaces, as XML requires.
    private func decodeEntities(_ range: Range<Int>, normalizingWhitespace: Bool) throws(XML.ParseError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte != UInt8(ascii: "&") {
                let isBreak = byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                out.append(normalizingWhitespace && isBreak ? UInt8(ascii: " ") : byte)
                index += 1
                continue
            }
            // The longest valid reference is "&#x10FFFF;" (10 bytes); stop looking after 12.
            let limit = min(range.upperBound, index + 12)
            guard let semicolon = bytes[index..<limit].firstIndex(of: UInt8(ascii: ";")) else {
                throw error("\"&\" that does not start an entity reference", at: index)
            }
            let reference = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            guard let scalar = Self.resolve(reference) else {
                throw error("unknown or invalid entity \"&\(reference);\"", at: index)
            }
            out.append(contentsOf: String(scalar).utf8)
            index = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func resolve(_ reference: String) -> Unicode.Scalar? {
        switch reference {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default: break
        }
        guard reference.hasPrefix("#") else { return nil }
        let digits = reference.dropFirst()
        let value: UInt32?
        if digits.hasPrefix("x") {
            value = digits.count > 1 ? UInt32(digits.dropFirst(), radix: 16) : nil
        } else {
            value = digits.isEmpty ? nil : UInt32(digits, radix: 10)
        }
        // XML's Char production: no NUL or other C0 controls except tab, LF and CR.
        guard let value, value >= 0x20 || value == 0x9 || value == 0xA || value == 0xD, value != 0xFFFE, value != 0xFFFF else { return nil }
        return Unicode.Scalar(value)  // nil for surrogates and values past U+10FFFF
    }

    // MARK: Lexical helpers

    private mutating func parseName() throws(XML.ParseError) -> String {
        let start = position
        guard position < bytes.count, Self.isNameStart(bytes[position]) else {
            throw error(position < bytes.count ? "expected a name" : "unexpected end of input, expected a name")
        }
        position += 1
        while position < bytes.count && Self.isNameCharacter(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private static func localName(_ qualified: String) -> String {
        guard let colon = qualified.lastIndex(of: ":") else { return qualified }
        return String(qualified[qualified.index(after: colon)...])
    }

    /// ASCII letters, "_", ":" and any non-ASCII byte (multi-byte UTF-8 names are allowed).
    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private static func isNameCharacter(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = position
        while position < bytes.count && Self.isWhitespace(bytes[position]) { position += 1 }
        return position > start
    }

    private func lookingAt(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { literalBytes in
            literalBytes.elementsEqual(bytes[position..<(position + count)])
        }
    }

    /// The index where `literal` next occurs at or after the current position.
    private func find(_ literal: StaticString) -> Int? {
        literal.withUTF8Buffer { needle -> Int? in
            guard bytes.count >= needle.count else { return nil }
            var index = position
            while index <= bytes.count - needle.count {
                if bytes[index] == needle[0] && needle.elementsEqual(bytes[index..<(index + needle.count)]) {
                    return index
                }
                index += 1
            }
            return nil
        }
    }

    private mutating func skip(past terminator: StaticString, what: String) throws(XML.ParseError) {
        let start = position
        guard let end = find(terminator) else { throw error("unterminated \(what)", at: start) }
        position = end + terminator.utf8CodeUnitCount
    }

    /// Rejects invalid UTF-8 and the control characters XML does not allow, up front, so the
    /// rest of the parser can decode any slice without loss.
    private func validateCharacters() throws(XML.ParseError) {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, let byte = encoded.first, byte < 0x20, !Self.isWhitespace(byte) {
                    throw error("control character 0x\(String(byte, radix: 16)) is not allowed", at: offset)
                }
                // U+FFFE and U+FFFF are not XML characters (EF BF BE, EF BF BF).
                if encoded.count == 3, encoded.elementsEqual([0xEF, 0xBF, 0xBE]) || encoded.elementsEqual([0xEF, 0xBF, 0xBF]) {
                    throw error("U+FFFE and U+FFFF are not allowed", at: offset)
                }
                offset += encoded.count
            case .error:
                throw error("invalid UTF-8", at: offset)
            case .emptyInput:
                return
            }
        }
    }

    private func error(_ reason: String, at offset: Int? = nil) -> XML.ParseError {
        XML.ParseError(offset: min(offset ?? position, bytes.count), reason: reason)
    }
}
