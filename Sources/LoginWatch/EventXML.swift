/// Just enough XML for a rendered Windows event (`EvtRender`/`EvtFormatMessage` output):
/// elements, attributes in either quote, text, entity and character references, CDATA;
/// declarations, comments and processing instructions are skipped. Malformed input is nil.
struct EventXMLElement: Equatable, Sendable {
    var name: String
    var attributes: [String: String] = [:]
    var children: [EventXMLElement] = []
    var text: String = ""

    /// The name without a namespace prefix.
    var localName: Substring { name.split(separator: ":").last ?? Substring(name) }

    func child(_ name: String) -> EventXMLElement? { children.first { $0.localName == name } }

    static func parse(_ text: String) -> EventXMLElement? {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipMisc()
        guard let root = parser.element() else { return nil }
        parser.skipMisc()
        return parser.atEnd ? root : nil
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        /// Event XML is shallow; a deep nest is hostile input, not an event.
        var depth = 0

        var atEnd: Bool { position >= bytes.count }

        func peek(_ literal: String) -> Bool {
            let utf8 = Array(literal.utf8)
            return position + utf8.count <= bytes.count && Array(bytes[position..<position + utf8.count]) == utf8
        }

        mutating func skip(until literal: String) -> Bool {
            while !atEnd {
                if peek(literal) { position += literal.utf8.count; return true }
                position += 1
            }
            return false
        }

        mutating func skipSpace() {
            while !atEnd, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        /// Whitespace, `<?…?>`, `<!--…-->`, `<!DOCTYPE …>` around the root.
        mutating func skipMisc() {
            while true {
                skipSpace()
                if peek("<?") { guard skip(until: "?>") else { return } }
                else if peek("<!--") { guard skip(until: "-->") else { return } }
                else if peek("<!") { guard skip(until: ">") else { return } }
                else { return }
            }
        }

        mutating func name() -> String? {
            let start = position
            while !atEnd, !" \t\r\n/>=".utf8.contains(bytes[position]) { position += 1 }
            return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
        }

        mutating func element() -> EventXMLElement? {
            guard depth < 32, peek("<"), !peek("</") else { return nil }
            position += 1
            guard let name = name() else { return nil }
            var element = EventXMLElement(name: name)
            while true {
                skipSpace()
                if peek("/>") { position += 2; return element }
                if peek(">") { position += 1; break }
                guard let attribute = self.name() else { return nil }
                skipSpace()
                guard peek("=") else { return nil }
                position += 1
                skipSpace()
                guard !atEnd, bytes[position] == UInt8(ascii: "'") || bytes[position] == UInt8(ascii: "\"") else { return nil }
                let quote = bytes[position]
                position += 1
                let start = position
                while !atEnd, bytes[position] != quote { position += 1 }
                guard !atEnd else { return nil }
                element.attributes[attribute] = Self.unescape(bytes[start..<position])
                position += 1
            }
            depth += 1
            defer { depth -= 1 }
            var text: [UInt8] = []
            while !atEnd {
                if peek("</") {
                    position += 2
                    guard self.name() == name else { return nil }
                    skipSpace()
                    guard peek(">") else { return nil }
                    position += 1
                    element.text = Self.unescape(text[...])
                    return element
                } else if peek("<![CDATA[") {
                    position += 9
                    let start = position
                    guard skip(until: "]]>") else { return nil }
                    // Keep CDATA literal: escape the ampersands unescape() would otherwise touch.
                    text += Array(String(decoding: bytes[start..<position - 3], as: UTF8.self)
                        .replacingAll("&", with: "&amp;").utf8)
                } else if peek("<!--") {
                    guard skip(until: "-->") else { return nil }
                } else if peek("<") {
                    guard let child = self.element() else { return nil }
                    element.children.append(child)
                } else {
                    text.append(bytes[position])
                    position += 1
                }
            }
            return nil
        }

        static func unescape(_ raw: ArraySlice<UInt8>) -> String {
            let text = String(decoding: raw, as: UTF8.self)
            guard text.contains("&") else { return text }
            var result = ""
            var rest = Substring(text)
            while let ampersand = rest.firstIndex(of: "&") {
                result += rest[..<ampersand]
                let afterAmpersand = rest.index(after: ampersand)
                guard let semicolon = rest[afterAmpersand...].prefix(12).firstIndex(of: ";") else {
                    result += "&"
                    rest = rest[afterAmpersand...]
                    continue
                }
                let entity = rest[afterAmpersand..<semicolon]
                if let decoded = decode(entity) {
                    result.unicodeScalars.append(decoded)
                } else {
                    result += rest[ampersand...semicolon]
                }
                rest = rest[rest.index(after: semicolon)...]
            }
            return result + rest
        }

        static func decode(_ entity: Substring) -> Unicode.Scalar? {
            switch entity {
            case "amp": return "&"
            case "lt": return "<"
            case "gt": return ">"
            case "quot": return "\""
            case "apos": return "'"
            default:
                guard entity.hasPrefix("#") else { return nil }
                let digits = entity.dropFirst()
                let value = digits.hasPrefix("x") || digits.hasPrefix("X")
                    ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                return value.flatMap(Unicode.Scalar.init)
            }
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        splitExactly(on: target).joined(separator: replacement)
    }
}
