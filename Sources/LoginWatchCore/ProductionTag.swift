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
