/// One line of the doctor's table: what was checked, where, the verdict, why, and what to do.
public struct CheckResult: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable {
        /// Ready.
        case pass
        /// Works, but not as well as it should (e.g. only write events are logged).
        case warn
        /// Not ready, or not provably ready; fails the run.
        case fail
        /// Not wanted by the settings, or not checkable here (the reason says which).
        case skip
    }

    /// "cloudtrail", "guardduty", "role", …
    public let check: String
    /// Where: "account", a region, a function.
    public let scope: String
    public let status: Status
    public let detail: String
    /// A command or step that makes the check pass; nil when there is nothing to do.
    public let fix: String?

    public init(_ check: String, scope: String, _ status: Status, _ detail: String, fix: String? = nil) {
        self.check = check
        self.scope = scope
        self.status = status
        self.detail = detail
        self.fix = fix
    }
}
