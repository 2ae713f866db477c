import SecurityEvents
import Primitives

/// What the principal is granted now and did not use: each Allow statement's action entries
/// (exact or wildcard) that match none of the actions found in the window.
public enum UnusedPermissions {
    /// A policy the principal has: attached (by ARN) or inline (by name), with its document.
    public struct GrantedPolicy: Sendable, Equatable {
        public let name: String
        public let document: JSONValue
        public init(name: String, document: JSONValue) {
            self.name = name
            self.document = document
        }
    }

    public struct Entry: Sendable, Equatable, Encodable, Comparable {
        public let policy: String
        public let action: String
        public static func < (a: Entry, b: Entry) -> Bool { (a.policy, a.action) < (b.policy, b.action) }
    }

    public static func report(granted: [GrantedPolicy], used: [String]) -> [Entry] {
        var entries = Set<String>()
        var result: [Entry] = []
        for policy in granted {
            let statements = policy.document["Statement"].map { $0.arrayValue ?? [$0] } ?? []
            for statement in statements where statement["Effect"]?.stringValue == "Allow" {
                // NotAction grants everything but a list: there is no entry to call unused.
                for pattern in statement["Action"]?.stringList ?? []
                where !used.contains(where: { matches($0, pattern: pattern) }) {
                    if entries.insert(policy.name + "\u{0}" + pattern).inserted {
                        result.append(Entry(policy: policy.name, action: pattern))
                    }
                }
            }
        }
        return result.sorted()
    }

    /// IAM action matching: case-insensitive, `*` any run, `?` one character.
    public static func matches(_ action: String, pattern: String) -> Bool {
        glob(Array(action.lowercased().utf8)[...], Array(pattern.lowercased().utf8)[...])
    }

    private static func glob(_ text: ArraySlice<UInt8>, _ pattern: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case UInt8(ascii: "*"):
            var rest = text
            while true {
                if glob(rest, pattern.dropFirst()) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        case UInt8(ascii: "?"):
            return !text.isEmpty && glob(text.dropFirst(), pattern.dropFirst())
        default:
            return text.first == first && glob(text.dropFirst(), pattern.dropFirst())
        }
    }
}
