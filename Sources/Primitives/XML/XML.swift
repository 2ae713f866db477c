/// A small XML reader for AWS responses (Query, EC2 and REST-XML protocols) and an escaper
/// for the few XML request bodies. Namespaces are not resolved: element names lose their
/// prefix, which is all AWS documents need.
public enum XML {
    /// Documents nested deeper than this are rejected (AWS responses nest a few dozen levels).
    public static let maximumDepth = 256

    public struct Element: Sendable, Equatable {
        /// Local name, namespace prefix stripped ("s3:Bucket" → "Bucket").
        public var name: String
        /// Attributes by name as written, prefix included ("xsi:type", "xmlns:xsi").
        public var attributes: [String: String]
        public var children: [Element]
        /// Character data and CDATA directly inside this element, concatenated, entities
        /// decoded, not trimmed.
        public var text: String

        public init(name: String, attributes: [String: String] = [:], children: [Element] = [], text: String = "") {
            self.name = name
            self.attributes = attributes
            self.children = children
            self.text = text
        }

        /// The first child with this local name.
        public func child(_ name: String) -> Element? {
            children.first { $0.name == name }
        }

        /// Every child with this local name, in document order.
        public func children(_ name: String) -> [Element] {
            children.filter { $0.name == name }
        }

        /// Text at a child path, e.g. root.value("instanceState", "name"); nil when absent.
        /// With no path, this element's own text.
        public func value(_ path: String...) -> String? {
            var element = self
            for name in path {
                guard let next = element.child(name) else { return nil }
                element = next
            }
            return element.text
        }
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Byte offset into the input where the problem was found.
        public let offset: Int
        public let reason: String

        public init(offset: Int, reason: String) {
            self.offset = offset
            self.reason = reason
        }

        public var description: String { "XML parse error at byte \(offset): \(reason)" }
    }

    /// Parses a whole document and returns its root element.
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> Element {
        var reader = XMLReader(bytes)
        return try reader.parseDocument()
    }

    /// Escapes &, <, >, ", ' for writing XML bodies (S3 PutPublicAccessBlock etc.).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
