import FoundationEssentials

/// What a "was this you?" button carries back: enough to name the login in the reply and
/// the instance in an incident. Slack echoes a button's `value` (at most 2000 characters).
public struct LoginReference: Codable, Sendable, Equatable {
    public var instanceId: String
    public var instanceName: String?
    public var account: String?
    public var region: String?
    public var user: String
    public var sourceIp: String?
    public var time: String?

    public init(instanceId: String, instanceName: String? = nil, account: String? = nil, region: String? = nil,
                user: String, sourceIp: String? = nil, time: String? = nil) {
        self.instanceId = instanceId
        self.instanceName = instanceName
        self.account = account
        self.region = region
        self.user = user
        self.sourceIp = sourceIp
        self.time = time
    }

    /// Compact JSON for a button value; fields are cut so the whole stays under Slack's limit.
    public var buttonValue: String {
        var copy = self
        copy.instanceName = copy.instanceName.map { String($0.prefix(200)) }
        copy.user = String(copy.user.prefix(200))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(copy)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    public init?(buttonValue: String) {
        guard let decoded = try? JSONDecoder().decode(LoginReference.self, from: Data(buttonValue.utf8)) else { return nil }
        self = decoded
    }

    /// `i-` + 8 or 17 lowercase hex digits: the only instance ids an incident may name.
    public static func isInstanceId(_ text: String) -> Bool {
        guard text.hasPrefix("i-") else { return false }
        let digits = text.dropFirst(2)
        return (digits.count == 8 || digits.count == 17) && digits.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
