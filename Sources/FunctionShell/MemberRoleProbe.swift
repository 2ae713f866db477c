import FoundationEssentials
import LambdaRuntime
import Primitives

/// `make doctor`'s question to a deployed function, answered by the shell for all four before
/// the event is read as the function's own: can you assume your member role in these accounts?
/// `{"watchpostProbe": "member-roles", "accounts": ["111122223333", …]}` →
/// `{"memberRole", "memberRoles": [{"account", "assumed", "reason"?}]}`. Only the function itself
/// can answer it (a member role trusts only its function's role). It calls AssumeRole and
/// nothing else; the credentials never leave the process.
struct MemberRoleProbe: Decodable {
    static let question = "member-roles"
    /// More than a sample: a doctor asks in slices.
    static let maximumAccounts = 100
    /// As the sweep's plan: AssumeRole calls at once, against STS's limits.
    static let concurrency = 8

    let watchpostProbe: String
    let accounts: [String]

    struct Answer: Encodable {
        struct Account: Encodable {
            let account: String
            let assumed: Bool
            let reason: String?
        }

        let memberRole: String
        let memberRoles: [Account]
    }

    /// Whether `event` can be a probe: a byte search first, so no other event is parsed twice.
    static func request(in event: [UInt8]) -> MemberRoleProbe? {
        guard event.firstRange(of: Array(#""watchpostProbe""#.utf8)) != nil,
            let probe = try? JSONDecoder().decode(MemberRoleProbe.self, from: Data(event)),
            probe.watchpostProbe == question
        else { return nil }
        return probe
    }

    func answer(_ invocation: Invocation) async throws -> Answer {
        guard accounts.count <= Self.maximumAccounts else {
            throw InvalidEvent(message: "watchpostProbe: at most \(Self.maximumAccounts) accounts a probe, not \(accounts.count)")
        }
        let valid = accounts.filter { $0.count == 12 && $0.allSatisfy(\.isASCIIDigit) }
        let refusals = await invocation.memberRoleRefusals(valid, limit: Self.concurrency)
        let reasons = Dictionary(zip(valid, refusals), uniquingKeysWith: { first, _ in first })
        return Answer(memberRole: invocation.settings.memberRoleName, memberRoles: accounts.map { account in
            guard let reason = reasons[account] else {
                return .init(account: account, assumed: false, reason: "not an AWS account id (twelve digits)")
            }
            return .init(account: account, assumed: reason == nil, reason: reason)
        })
    }
}
