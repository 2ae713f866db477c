/// How one step ended, as every response lists it: s3-policy-checker's `actions`,
/// forensic-isolator's `steps`, policy-generator's `applied.steps`, login-notifier's
/// `notifications`. The step's name type says the key and the words.
public struct StepOutcome<Name: StepName>: Sendable, Equatable, Encodable {
    public let step: Name
    public let status: StepStatus
    /// What was done, or why not.
    public let detail: String

    public init(_ step: Name, _ status: StepStatus, _ detail: String) {
        self.step = step
        self.status = status
        self.detail = detail
    }

    /// The status in the response's words.
    public var statusWord: String { step.word(for: status) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ListingKey.self)
        try container.encode(step.name, forKey: ListingKey(Name.key))
        try container.encode(statusWord, forKey: ListingKey("status"))
        if Name.listsDetail { try container.encode(detail, forKey: ListingKey("detail")) }
    }
}

/// A key of a listed step: the name's key is the name type's to choose.
private struct ListingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ key: String) { stringValue = key }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
