import AWSClient
import FoundationEssentials

/// Can each deployed function assume its member role in the organization's accounts? A member
/// role trusts only its function's role, so the doctor's own credentials prove nothing: the
/// doctor asks the function (`lambda:InvokeFunction` with the shell's member-role probe), in a
/// sample of the accounts, or all of them.
public enum MemberRoleReadiness {
    /// The probe the shell answers (`MemberRoleProbe`), for `accounts`.
    public static func probe(_ accounts: [String]) -> [UInt8] {
        struct Probe: Encodable { let watchpostProbe = "member-roles"; let accounts: [String] }
        return (try? Array(JSONEncoder().encode(Probe(accounts: accounts)))) ?? []
    }

    /// The function's answer.
    struct Answer: Decodable {
        struct Account: Decodable { let account: String; let assumed: Bool; let reason: String? }
        let memberRole: String
        let memberRoles: [Account]
    }

    /// The accounts to ask about: every member account (not `own`), or `size` of them spread
    /// evenly over the sorted list, so repeated runs ask about the same ones.
    public static func sample(_ accounts: [String], own: String, size: Int?) -> [String] {
        let members = Array(Set(accounts.filter { $0 != own })).sorted()
        guard let size, size < members.count else { return members }
        return (0..<size).map { members[$0 * members.count / size] }
    }

    public static func notRequested(_ why: String) -> CheckResult {
        CheckResult("member-roles", scope: "organization", .skip, why)
    }

    /// The verdict for one function from what its invocation returned.
    public static func verdict(function: String, sample: [String], of total: Int, invoked: Fact<Lambda.Invoked>) -> CheckResult {
        let check = "member-roles"
        let answer: Answer
        switch invoked {
        case .failure(let failure):
            return CheckResult(check, scope: function, .fail, "the function cannot be asked: \(failure.summary)",
                               fix: failure.fix(allowing: "lambda:InvokeFunction on the stack's functions"))
        case .success(let invoked) where invoked.functionError != nil:
            // Its error type only, as for any failed call: not text an answer could fill with anything.
            struct FunctionError: Decodable { let errorType: String? }
            let type = (try? JSONDecoder().decode(FunctionError.self, from: Data(invoked.payload)))?.errorType ?? "unknown"
            return CheckResult(check, scope: function, .fail, "the function failed to answer (\(invoked.functionError!): \(type))",
                               fix: "deploy this version of watchpost: older functions do not answer the probe")
        case .success(let invoked):
            guard let decoded = try? JSONDecoder().decode(Answer.self, from: Data(invoked.payload)),
                Set(decoded.memberRoles.map(\.account)) == Set(sample)
            else {
                return CheckResult(check, scope: function, .fail, "the function's answer is not an answer to the probe",
                                   fix: "deploy this version of watchpost: older functions do not answer the probe")
            }
            answer = decoded
        }
        let refused = answer.memberRoles.filter { !$0.assumed }.sorted { $0.account < $1.account }
        let asked = sample.count == total ? "all \(total) member accounts" : "\(sample.count) sampled of \(total) member accounts"
        guard !refused.isEmpty else {
            return CheckResult(check, scope: function, .pass, "assumed \(answer.memberRole) in \(asked)")
        }
        let shown = refused.prefix(3).map { "\($0.account) (\(($0.reason ?? "refused").prefix(200)))" }.joined(separator: "; ")
            + (refused.count > 3 ? " and \(refused.count - 3) more" : "")
        return CheckResult(check, scope: function, .fail,
                           "\(answer.memberRole) refused in \(refused.count) of the \(sample.count) accounts asked (\(asked)): \(shown)",
                           fix: "deploy the member StackSet to those accounts (see member-stacks), with SecurityAccountId and "
                               + "SecurityStackName naming this stack: the role trusts only this function's role")
    }
}
