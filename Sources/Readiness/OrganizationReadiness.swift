/// The organization path (`ORGANIZATION=true`): can the sweep list the organization's
/// accounts, and does every active account have the member stack (the roles the functions
/// assume there: without them an account is only reported, never checked)?
public enum OrganizationReadiness {
    /// One account of a StackSet as CloudFormation lists it.
    public struct StackInstance: Sendable, Equatable {
        public let account: String
        /// CURRENT once deployed; OUTDATED or INOPERABLE otherwise.
        public let status: String

        public init(account: String, status: String) {
            self.account = account
            self.status = status
        }
    }

    public static func notRequested() -> CheckResult {
        CheckResult("organization", scope: "account", .skip, "ORGANIZATION not set: the sweep covers this account (or SWEEP_ACCOUNTS)")
    }

    /// `accounts`: the active accounts listed (through `role` when one is named).
    public static func accounts(_ accounts: Fact<[String]>, role: String?) -> CheckResult {
        let fix = role == nil
            ? "from the management account: aws organizations register-delegated-administrator --account-id <this account> "
                + "--service-principal member.org.stacksets.cloudformation.amazonaws.com; or set ORGANIZATION_ROLE_ARN "
                + "(the stack's OrganizationRoleArn) to a role there allowed organizations:ListAccounts"
            : "allow sts:AssumeRole on \(role!) here, and organizations:ListAccounts in its policy"
        switch accounts {
        case .success(let ids) where ids.isEmpty:
            return CheckResult("organization", scope: "account", .fail, "no active account listed: no organization to sweep", fix: fix)
        case .success(let ids):
            return CheckResult("organization", scope: "account", .pass,
                               "\(ids.count) active accounts listed\(role.map { " through \($0)" } ?? " as a delegated administrator")")
        case .failure(let failure):
            return CheckResult("organization", scope: "account", .fail, "the accounts cannot be listed: \(failure.summary)", fix: fix)
        }
    }

    /// Every active account (but this one) should hold a CURRENT instance of the member StackSet.
    public static func memberStacks(stackSet: String, accounts: [String], own: String, instances: Fact<[StackInstance]>) -> CheckResult {
        let check = "member-stacks"
        switch instances {
        case .failure(let failure):
            return CheckResult(check, scope: stackSet, .fail, "the StackSet's instances cannot be read: \(failure.summary)",
                               fix: failure.fix(allowing: "cloudformation:ListStackInstances (with --call-as DELEGATED_ADMIN)"))
        case .success(let instances):
            let current = Set(instances.filter { $0.status == "CURRENT" }.map(\.account))
            let missing = accounts.filter { $0 != own && !current.contains($0) }.sorted()
            guard !missing.isEmpty else {
                return CheckResult(check, scope: stackSet, .pass, "every member account (\(accounts.filter { $0 != own }.count)) has it")
            }
            let shown = missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? " and \(missing.count - 10) more" : "")
            return CheckResult(check, scope: stackSet, .fail,
                               "\(missing.count) member accounts have no current instance: \(shown); the sweep reports them unreachable",
                               fix: "aws cloudformation create-stack-instances --stack-set-name \(stackSet) "
                                   + "--deployment-targets OrganizationalUnitIds=<root or OU id> --regions <region>")
        }
    }
}
