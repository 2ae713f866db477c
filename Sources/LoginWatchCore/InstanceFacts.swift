/// What the function learned about the instance a log stream belongs to.
public enum InstanceLookup: Sendable, Equatable {
    /// DescribeInstances answered: its tags (Name among them).
    case found(tags: [String: String])
    /// The stream names an instance that does not exist (terminated long ago, other region).
    case notFound
    /// The stream name carries no instance id (a custom `log_stream_name`).
    case unidentified
    /// The lookup itself failed (permissions, throttling): why.
    case failed(String)

    public var tags: [String: String]? {
        if case .found(let tags) = self { return tags }
        return nil
    }
}

/// The tag that marks production (`PRODUCTION_TAG`, default `Environment=production`):
/// `Key=Value` (value compared ignoring case) or `Key` alone (any value).
public struct ProductionTag: Sendable, Equatable {
    public let key: String
    public let value: String?

    public static let `default` = ProductionTag(key: "Environment", value: "production")

    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    /// nil when the setting is empty or has no key.
    public init?(setting: String) {
        let parts = setting.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let key = parts[0].trimmed
        guard !key.isEmpty else { return nil }
        self.key = key
        self.value = parts.count > 1 ? parts[1].trimmed : nil
    }

    public func matches(_ tags: [String: String]) -> Bool {
        guard let actual = tags[key] else { return false }
        guard let value else { return true }
        return actual.lowercased() == value.lowercased()
    }
}

/// The CloudWatch agent names streams `{instance_id}` by default; setups that add a suffix
/// or prefix (`{instance_id}/secure`, `web/{instance_id}`) keep it as a component.
public enum LogStreamName {
    public static func instanceId(in stream: String) -> String? {
        stream.split(whereSeparator: { !($0.isASCIIAlphanumeric || $0 == "-") })
            .map(String.init)
            .first(where: LoginReference.isInstanceId)
    }
}
