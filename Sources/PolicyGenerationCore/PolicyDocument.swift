import LambdaRuntime
import Primitives

/// An IAM identity policy document (`2012-10-17`) with Allow statements only.
public struct PolicyDocument: Sendable, Equatable, Encodable {
    public struct Statement: Sendable, Equatable, Encodable {
        public var sid: String
        public var actions: [String]
        /// `["*"]` for every resource.
        public var resources: [String]

        enum CodingKeys: String, CodingKey {
            case sid = "Sid", effect = "Effect", actions = "Action", resources = "Resource"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sid, forKey: .sid)
            try container.encode("Allow", forKey: .effect)
            try container.encode(actions, forKey: .actions)
            if resources == ["*"] {
                try container.encode("*", forKey: .resources)
            } else {
                try container.encode(resources, forKey: .resources)
            }
        }
    }

    public static let version = "2012-10-17"
    public var statements: [Statement]

    enum CodingKeys: String, CodingKey { case version = "Version", statements = "Statement" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.version, forKey: .version)
        try container.encode(statements, forKey: .statements)
    }

    /// The document as IAM receives it: compact JSON, keys in a fixed order. Rendered by hand
    /// so the bytes (and so the size IAM counts) never depend on an encoder's settings.
    public var json: String {
        var out = #"{"Version":"2012-10-17","Statement":["#
        for (index, statement) in statements.enumerated() {
            if index > 0 { out += "," }
            out += #"{"Sid":"# + JSONText.quoted(statement.sid) + #","Effect":"Allow","Action":["#
            out += statement.actions.map(JSONText.quoted).joined(separator: ",") + #"],"Resource":"#
            out += statement.resources == ["*"]
                ? #""*""# : "[" + statement.resources.map(JSONText.quoted).joined(separator: ",") + "]"
            out += "}"
        }
        return out + "]}"
    }

    /// IAM's size measure: characters of the document, whitespace excluded.
    public var size: Int { json.unicodeScalars.filter { !$0.properties.isWhitespace }.count }
}
