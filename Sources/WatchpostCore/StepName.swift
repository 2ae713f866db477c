/// The names of one function's steps, and how its response lists them. Each function names
/// its own steps (the contract's words); the name type says the rest, so that every step of
/// every function is reported through one `StepOutcome`.
public protocol StepName: Hashable, Sendable {
    /// The key a step's name is listed under: "action" in s3-policy-checker's `actions`, "step"
    /// in forensic-isolator's and policy-generator's `steps`, "channel" for a delivery.
    static var key: String { get }
    /// Whether a listed step carries its `detail` (true unless a contract leaves it out).
    static var listsDetail: Bool { get }
    /// The step's name in the response.
    var name: String { get }
    /// The word the response uses for `status` at this step (default: the status's own).
    func word(for status: StepStatus) -> String
    /// The detail of this step when it was not attempted because `prerequisite` failed.
    func notAttempted(after prerequisite: StepOutcome<Self>) -> String
}

extension StepName {
    public static var listsDetail: Bool { true }

    public func word(for status: StepStatus) -> String { status.rawValue }

    public func notAttempted(after prerequisite: StepOutcome<Self>) -> String {
        "not attempted: \(prerequisite.step.name) \(prerequisite.statusWord) (\(prerequisite.detail))"
    }
}

extension StepName where Self: RawRepresentable, RawValue == String {
    public var name: String { rawValue }
}
