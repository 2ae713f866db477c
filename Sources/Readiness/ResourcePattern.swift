/// Fills in a declared call's resource pattern (`AWSCall.resource`) from a deployment:
/// `{partition}`, `{region}`, `{account}` and `{<logical id>}`, a stack resource's physical id.
public enum ResourcePattern {
    /// `pattern` with its placeholders filled in, or the name of the first one that cannot be.
    public static func resolve(_ pattern: String, values: [String: String]) -> Result<String, MissingValue> {
        var resolved = ""
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            resolved += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            guard let value = values[name], !value.isEmpty else { return .failure(MissingValue(name: name)) }
            resolved += value
            rest = rest[rest.index(after: close)...]
        }
        return .success(resolved + rest)
    }

    public struct MissingValue: Error, Sendable, Equatable {
        public let name: String
    }
}
