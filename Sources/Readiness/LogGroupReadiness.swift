/// The CloudWatch Logs groups login-notifier's subscriptions read: a subscription on a group
/// that does not exist cannot be created, and a login to a machine whose logs go nowhere is
/// never seen.
public enum LogGroupReadiness {
    public enum Kind: String, Sendable {
        case ssh, rdp

        var variable: String { self == .ssh ? "SSH_LOG_GROUP" : "RDP_LOG_GROUP" }
        var parameter: String { self == .ssh ? "SshLogGroupName" : "RdpLogGroupName" }
        var shipping: String {
            self == .ssh ? "sshd's log (/var/log/secure or auth.log, or journald)" : "the Windows Security and TerminalServices logs"
        }
    }

    /// `names`: the groups found under `name` as a prefix (nil when no group is configured).
    public static func verdict(_ kind: Kind, name: String?, region: String, names: Fact<[String]>?) -> CheckResult {
        let check = "\(kind.rawValue)-log-group"
        guard let name, let names else {
            return CheckResult(check, scope: region, .skip,
                               "\(kind.variable) not set (the stack's \(kind.parameter) is empty: no \(kind.rawValue.uppercased()) subscription)")
        }
        switch names {
        case .failure(let failure):
            return CheckResult(check, scope: region, .fail, "\(name): could not read: \(failure.summary)",
                               fix: failure.fix(allowing: "logs:DescribeLogGroups"))
        case .success(let names) where names.contains(name):
            return CheckResult(check, scope: region, .pass, "\(name) exists")
        case .success:
            return CheckResult(check, scope: region, .fail, "\(name) does not exist: the login subscription cannot be created",
                               fix: "ship \(kind.shipping) there with the CloudWatch agent (it creates the group), or: "
                                   + "aws logs create-log-group --log-group-name \(name) --region \(region)")
        }
    }
}
