import AWSClient
import Integrations

/// What one function's roles must allow in one mode, derived from every call it can make there:
/// those its handler declares, the findings and events every function delivers (Reporting), and
/// the member roles every function assumes; its own role also needs what the platform does with it.
public struct DerivedPermissions: Sendable {
    public let function: String
    /// The mode, by name: the function's own settings and the shared ones.
    public let settings: [String: String]
    /// Every call it can make, in declaration order.
    public let calls: [AWSCall]

    init(_ function: DeployedFunction, _ mode: DeployedFunction.Mode, _ shared: SharedSettings) {
        self.function = function.name
        settings = mode.settings.merging(shared.settings) { own, _ in own }
        calls = mode.calls(shared.alerts)
            + Delivery.calls(securityHub: shared.securityHub, eventBus: shared.eventBus)
            + AWSClient.memberAccountCalls(memberRole: "{MemberRoleName}-\(function.name)")
    }

    /// Every function in every mode.
    public static var all: [DerivedPermissions] {
        DeployedFunction.all.flatMap { function in
            function.modes.flatMap { mode in SharedSettings.all.map { DerivedPermissions(function, mode, $0) } }
        }
    }

    /// The function's own role (the security account's stack): every call, and the platform's needs.
    public var roleActions: Set<String> {
        Set(calls.flatMap(\.operation.iamActions) + PlatformPermission.all.flatMap(\.actions))
    }

    /// Its member role (a member account's stack): the calls it makes in the account it acts in.
    public var memberRoleActions: Set<String> {
        Set(calls.filter { $0.account == .actedIn }.flatMap(\.operation.iamActions))
    }
}
