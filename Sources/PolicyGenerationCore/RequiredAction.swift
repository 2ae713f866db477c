/// One IAM action a CloudTrail record shows the principal needed.
public struct RequiredAction: Hashable, Sendable {
    /// Canonical `prefix:Name`, as the catalogue spells it.
    public let action: String
    /// The resources the record names that this action can be scoped to; empty means `*`.
    public let resources: [String]
    /// True when CloudTrail never shows the action itself (`iam:PassRole`, `sts:TagSession`)
    /// and it was inferred from the request's parameters.
    public let inferred: Bool

    public init(action: String, resources: [String] = [], inferred: Bool = false) {
        self.action = action
        self.resources = resources
        self.inferred = inferred
    }
}

/// What a record maps to: the actions found, and whether part of it is not in the catalogue.
public struct RecordMapping: Equatable, Sendable {
    public var actions: [RequiredAction]
    /// True when the record (or one action it needs) has no action in the catalogue.
    public var unmapped: Bool

    public init(actions: [RequiredAction], unmapped: Bool) {
        self.actions = actions
        self.unmapped = unmapped
    }
}
