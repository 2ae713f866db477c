import WatchpostCore
import Primitives

/// What a log batch or a Slack answer means for Security Hub, EventBridge and the metrics.
/// A login is an event, not a state: its finding is never archived by this function, and
/// its id names the login (time and user) so a redelivered batch updates it, while the next
/// login to the same instance is a finding of its own.
extension LoginEntry {
    /// Only logins known to be production: an alert about an instance that could not be
    /// looked up says "maybe", and a finding would say "production" without knowing it.
    var finding: Finding? {
        guard production, let instanceId else { return nil }
        let user = line.domain.map { "\($0)\\\(line.user)" } ?? line.user
        var finding = Finding(
            kind: "production-login/\(time)/\(line.user.prefix(100))", account: account,
            resource: instanceResource(instanceId, account: account, region: region),
            types: ["Unusual Behaviors/User"], severity: .low,
            title: "Interactive login to production instance \(instanceName.map { "\($0) (\(instanceId))" } ?? instanceId)",
            description: "\(user) logged in \(how) to \(instanceId) in \(account) \(region)"
                + (line.sourceIp.map { " from \($0)" } ?? "") + " at \(time)"
                + (line.count > 1 ? ", \(line.count) times" : "") + ". Production is changed by pipelines, not by hand.",
            recommendation: "Ask the user whether the login was theirs (the Slack alert asks with \"was this you?\") and why a "
                + "shell was needed. If nobody claims it, treat the instance as compromised and isolate it with forensic-isolator.")
        finding.details = ["watchpost/user": user, "watchpost/loginKind": line.kind.rawValue, "watchpost/time": time,
                           "watchpost/notified": String(notified)]
        finding.details["watchpost/sourceIp"] = line.sourceIp
        finding.details["watchpost/method"] = line.method
        finding.details["watchpost/fingerprint"] = line.fingerprint
        finding.details["watchpost/certificate"] = line.certificate.map { "\($0.id) (serial \($0.serial))" }
        finding.details["watchpost/unparsed"] = line.unparsed.map { "\($0.part): \($0.text)" }
        return finding
    }

    var how: String {
        switch line.kind {
        case .ssh: "over SSH"
        case .rdp: "over Remote Desktop"
        case .console: "at the console"
        }
    }
}

extension SlackAnswer {
    /// A "no" is the strongest signal this function gets: someone holds working credentials
    /// to production and its owner says it was not them. The finding names the same login
    /// as the production-login finding, under a kind of its own, so both stay visible. A
    /// button without account or region (made by an older version) gives no finding: the
    /// resource could not be named.
    var finding: Finding? {
        guard let incident, let account = login.account, let region = login.region else { return nil }
        var finding = Finding(
            kind: "login-denied/\(login.time ?? "unknown-time")/\(login.user.prefix(100))", account: account,
            resource: instanceResource(login.instanceId, account: account, region: region),
            types: ["TTPs/Initial Access/Valid Accounts", "Unusual Behaviors/User"], severity: .critical,
            title: "Login to production instance \(login.instanceId) disowned in Slack",
            description: incident.reason + " " + Self.outcome(incidentStatus),
            recommendation: "Treat the instance as compromised: check that forensic-isolator quarantined it (or isolate it now), "
                + "disable the credentials of \(login.user.prefix(100)), and review what the session did.")
        finding.details = ["watchpost/user": login.user, "watchpost/incident": incidentStatus?.rawValue ?? "unknown"]
        finding.details["watchpost/sourceIp"] = login.sourceIp
        finding.details["watchpost/time"] = login.time
        return finding
    }

    static func outcome(_ status: StepStatus?) -> String {
        switch status {
        case .done: "An incident was published for forensic-isolator."
        case .skipped: "Dry run: no incident was published."
        case .alreadyDone, .failed, nil: "No incident could be published: isolate the instance by hand."
        }
    }

    var decision: String { incident == nil ? "confirmed" : "denied" }
}

/// `arn:<partition>:ec2:<region>:<account>:instance/<id>`.
func instanceResource(_ instanceId: String, account: String, region: String) -> Finding.Resource {
    .init(type: .ec2Instance, arn: "arn:\(AWSPartition.of(region: region)):ec2:\(region):\(account):instance/\(instanceId)", region: region)
}

extension LoginNotifierOutput: Reportable {
    public var findings: [Finding] {
        switch self {
        case .report(let report): report.logins.compactMap(\.finding)
        case .http(_, let answer): answer?.finding.map { [$0] } ?? []
        }
    }

    /// One "Production Login" per login the alert went out for, its detail the report narrowed
    /// to that login, so a rule can match on the user or instance; a burst of failures, also
    /// alerted, is "Login Failures Alerted" with the whole report. A dry run or a failed alert
    /// sent nothing, so there is nothing to announce.
    public var events: [OutboundEvent] {
        switch self {
        case .report(let report):
            var events = report.logins.filter(\.notified).map { login in
                OutboundEvent(detailType: "Production Login",
                              detail: LoginReport(logins: [login], notifications: report.notifications))
            }
            if !report.bursts.isEmpty, report.notifications.contains(where: { $0.status == .done }) {
                events.append(OutboundEvent(detailType: "Login Failures Alerted", detail: report))
            }
            return events
        case .http(_, let answer):
            guard let answer, answer.incidentStatus == .done else { return [] }
            return [OutboundEvent(detailType: "Login Denied", detail: answer)]
        }
    }

    /// "login" per login alerted on, "failure-burst" per burst, "confirmed" or "denied" per answer.
    public var decisions: [String] {
        switch self {
        case .report(let report): Array(repeating: "login", count: report.alerted.count)
            + Array(repeating: "failure-burst", count: report.bursts.count)
        case .http(_, let answer): answer.map { [$0.decision] } ?? []
        }
    }

    /// Each alert channel's delivery; for a "no", the incident's publication.
    public var stepStatuses: [StepStatus] {
        switch self {
        case .report(let report):
            report.notifications.map(\.status)
        case .http(_, let answer): answer?.incidentStatus.map { [$0] } ?? []
        }
    }
}
