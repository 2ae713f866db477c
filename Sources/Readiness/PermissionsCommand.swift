import AWSClient
import FoundationEssentials
import LambdaRuntime

/// `watchpost-doctor permissions --json`: the derivation, every function in every mode, as JSON on
/// standard output, for the tests that hold template.yaml to it. Each distinct call is listed once
/// (`calls`); a derivation names its calls by their index there:
/// `{"platform": [{actions, resource, why}], "calls": [{operation, actions, resource, account, only?}],
///   "derivations": [{function, mode: {setting: value}, role: [action], memberRole: [action], calls: [index]}]}`.
public enum PermissionsCommand {
    /// The command's exit status, or nil when the arguments ask for something else.
    public static func runIfRequested(_ arguments: [String]) -> Int32? {
        guard arguments.count > 1, arguments[1] == "permissions" else { return nil }
        guard arguments.count == 3, arguments[2] == "--json" else {
            Logger.writeLine("usage: watchpost-doctor permissions --json")
            return 2
        }
        do {
            print(String(decoding: try document(), as: UTF8.self))
            return 0
        } catch {
            Logger.writeLine("watchpost-doctor permissions: \(error)")
            return 1
        }
    }

    static func document() throws -> Data {
        var calls: [AWSCall] = []
        var index: [AWSCall: Int] = [:]
        let derivations = DerivedPermissions.all.map { derived in
            Derivation(function: derived.function, mode: derived.settings, role: derived.roleActions.sorted(),
                       memberRole: derived.memberRoleActions.sorted(), calls: derived.calls.map { call in
                if let known = index[call] { return known }
                index[call] = calls.count
                calls.append(call)
                return calls.count - 1
            })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(platform: PlatformPermission.all, calls: calls.map(Call.init), derivations: derivations))
    }

    struct Document: Encodable {
        let platform: [PlatformPermission]
        let calls: [Call]
        let derivations: [Derivation]
    }

    struct Call: Encodable {
        let operation: String
        let actions: [String]
        let resource: String
        let account: AWSCall.Account
        let only: String?

        init(_ call: AWSCall) {
            operation = call.operation.label
            actions = call.operation.iamActions
            resource = call.resource
            account = call.account
            only = call.only
        }
    }

    struct Derivation: Encodable {
        let function: String
        let mode: [String: String]
        let role: [String]
        let memberRole: [String]
        let calls: [Int]
    }
}
