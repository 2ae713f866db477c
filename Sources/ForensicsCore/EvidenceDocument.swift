import SecurityEvents
import Primitives

/// The evidence bucket stores the instance's DescribeInstances record as JSON (what
/// investigators' tools read), converted from the EC2 XML without losing anything.
public enum EvidenceDocument {
    /// Elements holding only `<item>`s (EC2) or `<member>`s (Query) become arrays, so do empty
    /// `…Set` elements; other elements with children become objects (a repeated name becomes an
    /// array); leaves become strings.
    public static func json(_ element: XML.Element) -> JSONValue {
        if element.children.isEmpty {
            return element.name.hasSuffix("Set") && element.text.allSatisfy(\.isWhitespace) ? .array([]) : .string(element.text)
        }
        if element.children.allSatisfy({ $0.name == "item" || $0.name == "member" }) {
            return .array(element.children.map(json))
        }
        var members: [String: JSONValue] = [:]
        for name in Set(element.children.map(\.name)) {
            let values = element.children(name).map(json)
            members[name] = values.count == 1 ? values[0] : .array(values)
        }
        return .object(members)
    }
}
