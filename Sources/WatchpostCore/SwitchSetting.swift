import LambdaRuntime
import Primitives

/// An on/off setting (`DRY_RUN`, `SECURITY_HUB`, …), read the same way by every function:
/// true/1/yes/on or false/0/no/off, in any case; unset or empty is off. Anything else is
/// refused: a typo in a safety switch (`DRY_RUN=ture`) must stop the function, not run it live.
public func switchSetting(_ name: String, in environment: [String: String]) throws(SettingError) -> Bool {
    switch environment[name]?.trimmingWhitespace().lowercased() {
    case nil, "", "false", "0", "no", "off": return false
    case "true", "1", "yes", "on": return true
    case let other?: throw SettingError(message: "\(name)=\(other.prefix(20)) is not true or false")
    }
}

/// A setting the function cannot work with; reported as the Runtime API's init error.
public struct SettingError: LambdaFunctionError, Equatable {
    public let message: String
    public var errorType: String { "InvalidConfiguration" }
    public var errorMessage: String { message }

    public init(message: String) { self.message = message }
}
