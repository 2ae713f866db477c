/// Do the member accounts' SSH and RDP logins reach login-notifier? The security stack's
/// destination (`<stack>-logins`) must exist, and the member StackSet must give its instances a
/// log group to subscribe and this stack as where to send it: each CURRENT instance (see
/// member-stacks) then holds the subscriptions, created by CloudFormation.
public enum LogSubscriptionReadiness {
    public static func destinationName(stack: String) -> String { "\(stack)-logins" }

    public static func notRequested(_ why: String) -> CheckResult {
        CheckResult("log-subscriptions", scope: "organization", .skip, why)
    }

    public static func verdict(stack: String, own: String, stackSet: String, destinations: Fact<[String]>,
                               parameters: Fact<[String: String]>) -> CheckResult {
        let check = "log-subscriptions", destination = destinationName(stack: stack)
        switch destinations {
        case .failure(let failure):
            return CheckResult(check, scope: destination, .fail, "the destinations cannot be listed: \(failure.summary)",
                               fix: failure.fix(allowing: "logs:DescribeDestinations"))
        case .success(let names) where !names.contains(destination):
            return CheckResult(check, scope: destination, .fail, "no destination \(destination): member accounts' logins have nowhere to go",
                               fix: "deploy stack \(stack) with OrganizationId or LogSourceAccounts")
        case .success:
            break
        }
        let given: [String: String]
        switch parameters {
        case .failure(let failure):
            return CheckResult(check, scope: destination, .fail, "the StackSet \(stackSet) cannot be read: \(failure.summary)",
                               fix: failure.fix(allowing: "cloudformation:DescribeStackSet"))
        case .success(let values):
            given = values
        }
        let groups = ["SshLogGroupName", "RdpLogGroupName"].compactMap { key in given[key].flatMap { $0.isEmpty ? nil : $0 } }
        // The member template's default when the StackSet leaves the parameter out.
        let sendsTo = given["SecurityStackName"] ?? "watchpost"
        var problems: [String] = []
        if groups.isEmpty { problems.append("it names no SshLogGroupName or RdpLogGroupName to subscribe") }
        if given["SecurityAccountId"] != own { problems.append("its SecurityAccountId is \(given["SecurityAccountId"].map { "\"\($0)\"" } ?? "unset"), not \(own)") }
        if sendsTo != stack { problems.append("its SecurityStackName is \"\(sendsTo)\", not \(stack)") }
        guard problems.isEmpty else {
            return CheckResult(check, scope: destination, .fail, "the member StackSet \(stackSet) sends no logins here: " + problems.joined(separator: "; "),
                               fix: "aws cloudformation update-stack-set --stack-set-name \(stackSet) --use-previous-template --parameters "
                                   + "ParameterKey=SshLogGroupName,ParameterValue=<group> ParameterKey=SecurityAccountId,ParameterValue=\(own) "
                                   + "ParameterKey=SecurityStackName,ParameterValue=\(stack) (and the others with UsePreviousValue=true)")
        }
        return CheckResult(check, scope: destination, .pass,
                           "the member StackSet \(stackSet) subscribes \(groups.joined(separator: " and ")) in each of its accounts to \(destination)")
    }
}
