import WatchpostCore
import FoundationEssentials

/// The alert for one batch: a Slack message (one section per distinct login, with the
/// "was this you?" buttons when the callback is configured) and the same facts as JSON for SNS.
public struct LoginAlertMessage: Sendable, Equatable {
    public let slack: SlackMessage
    public let snsSubject: String
    public let snsMessage: String

    /// Slack allows 50 blocks; each login takes up to three.
    static let maximumSlackLogins = 10
    static let maximumSlackBursts = 5
    /// SNS takes at most 256 KB; a login is about half a kilobyte of JSON.
    static let maximumSNSLogins = 200

    public init(assessment: LoginAssessment, logGroup: String, logStream: String, askConfirmation: Bool) {
        let logins = assessment.alerting.map { assessment.logins[$0] }
        let groups = Self.group(logins)
        let instance = Self.instanceLabel(name: assessment.instanceName, id: assessment.instanceId,
                                          host: logins.first?.line.host ?? assessment.failures.first?.line.host)
        // Only production and unidentified instances are alerted (see LoginAssessment.Settings).
        let target = assessment.production ? "production" : "an unidentified instance"
        let total = logins.reduce(0) { $0 + $1.line.count }
        let title = switch total {
        case 0: "Failed logins to \(target)"
        case 1: "Interactive login to \(target)"
        default: "\(total) interactive logins to \(target)"
        }
        var blocks: [SlackMessage.Block] = [.header(title)]
        for (index, group) in groups.prefix(Self.maximumSlackLogins).enumerated() {
            blocks.append(.section(Self.summary(group), fields: Self.fields(group)))
            if askConfirmation, let reference = Self.reference(group.first) {
                blocks.append(.actions(blockID: "login-\(index)", [
                    .init(text: "Yes, it was me", actionID: "login_was_me", value: reference.buttonValue, style: .primary),
                    .init(text: "No, it was not me", actionID: "login_not_me", value: reference.buttonValue, style: .danger),
                ]))
            }
            blocks.append(.divider)
        }
        if groups.count > Self.maximumSlackLogins {
            blocks.append(.context(["…and \(groups.count - Self.maximumSlackLogins) more distinct logins, listed in the SNS message."]))
        }
        for burst in assessment.bursts.prefix(Self.maximumSlackBursts) {
            let users = burst.users.prefix(5).map(Self.code).joined(separator: ", ")
            blocks.append(.section("*\(burst.attempts) failed logins* from \(Self.code(burst.sourceIp))"
                + (users.isEmpty ? "" : " as \(users)") + " on \(instance)."))
        }
        blocks.append(.context(["watchpost login-notifier · log group \(Self.code(logGroup)) · stream \(Self.code(logStream))"]))
        let fallback = groups.first.map { "\(title): \(Self.plain($0.first.line.user)) on \(instance)" } ?? "\(title) on \(instance)"
        slack = SlackMessage(text: fallback, blocks: blocks)

        snsSubject = Self.subject("watchpost: \(title) (\(assessment.instanceId ?? logStream))")
        var notified = logins
        for index in notified.indices { notified[index].notified = true }
        snsMessage = Self.json(SNSBody(logGroup: logGroup, logStream: logStream, logins: Array(notified.prefix(Self.maximumSNSLogins)),
                                       omittedLogins: max(0, notified.count - Self.maximumSNSLogins),
                                       failureBursts: assessment.bursts.prefix(Self.maximumSNSLogins).map {
                                           .init(sourceIp: $0.sourceIp, attempts: $0.attempts, users: Array($0.users.prefix(20)))
                                       }))
    }

    // MARK: grouping

    /// Logins that differ only in time are one section ("3 times").
    struct Group: Equatable, Sendable {
        var first: LoginEntry
        var count: Int
        var last: String
    }

    static func group(_ logins: [LoginEntry]) -> [Group] {
        var groups: [Group] = []
        for login in logins {
            if let index = groups.firstIndex(where: { sameLogin($0.first, login) }) {
                groups[index].count += login.line.count
                groups[index].last = login.time
            } else {
                groups.append(Group(first: login, count: login.line.count, last: login.time))
            }
        }
        return groups
    }

    static func sameLogin(_ a: LoginEntry, _ b: LoginEntry) -> Bool {
        a.instanceId == b.instanceId && a.line.kind == b.line.kind && a.line.user == b.line.user
            && a.line.domain == b.line.domain && a.line.sourceIp == b.line.sourceIp
            && a.line.fingerprint == b.line.fingerprint && a.line.certificate == b.line.certificate
    }

    // MARK: text

    static func summary(_ group: Group) -> String {
        let login = group.first
        let user = login.line.domain.map { "\(code($0 + "\\" + login.line.user))" } ?? code(login.line.user)
        let how = switch login.line.kind {
        case .ssh: "over SSH"
        case .rdp: "over Remote Desktop"
        case .console: "at the console"
        }
        let instance = instanceLabel(name: login.instanceName, id: login.instanceId, host: login.line.host)
        return "*\(user)* logged in \(how) to *\(instance)*" + (group.count > 1 ? " — \(group.count) times" : "")
    }

    static func fields(_ group: Group) -> [String] {
        let login = group.first
        let line = login.line
        var fields: [String] = []
        let from = line.sourceIp.map { code($0) + (line.port.map { " port \($0)" } ?? "") } ?? "not logged"
        fields.append("*From*\n\(from)")
        fields.append("*How*\n\(method(line))")
        fields.append("*When*\n\(login.time)" + (group.count > 1 && group.last != login.time ? " to \(group.last)" : ""))
        fields.append("*Where*\naccount \(login.account), \(login.region)")
        if let host = line.host { fields.append("*Host*\n\(code(host))") }
        return fields
    }

    static func method(_ line: LoginLine) -> String {
        switch line.kind {
        case .ssh:
            var text = line.method.map(code) ?? "SSH"
            if let keyType = line.keyType { text += ", \(code(keyType))" }
            if let fingerprint = line.fingerprint { text += " \(code(fingerprint))" }
            if let certificate = line.certificate {
                text += "\ncertificate \(code(certificate.id)) (serial \(certificate.serial)), CA \(code(certificate.caType)) \(code(certificate.caFingerprint))"
            }
            if let unparsed = line.unparsed { text += "\ncould not read the \(unparsed.part): \(code(unparsed.text))" }
            return text
        case .rdp, .console:
            var parts: [String] = [line.kind == .rdp ? "RDP" : "console"]
            if let logonType = line.logonType { parts.append("logon type \(logonType)") }
            if let method = line.method { parts.append(code(method)) }
            return parts.joined(separator: ", ")
        }
    }

    /// `web-1 (i-0abc…)`; the host name the log carries when the instance is unknown.
    static func instanceLabel(name: String?, id: String?, host: String?) -> String {
        switch (name, id) {
        case let (name?, id?): "\(plain(name)) (\(id))"
        case let (nil, id?): id
        case let (name?, nil): plain(name)
        case (nil, nil): host.map(plain) ?? "an unidentified instance"
        }
    }

    /// Untrusted text (user names, key ids, tags) as inline code: escaped for Slack, no
    /// backticks or line breaks to break out of the span, bounded in length.
    static func code(_ text: String) -> String {
        "`" + SlackMessage.escape(String(text.prefix(120)).map { $0 == "`" ? "'" : ($0.isNewline ? " " : $0) }.reduce(into: "") { $0.append($1) }) + "`"
    }

    static func plain(_ text: String) -> String {
        SlackMessage.escape(String(text.prefix(120).map { $0.isNewline ? " " : $0 }))
    }

    static func reference(_ login: LoginEntry) -> LoginReference? {
        guard let instanceId = login.instanceId else { return nil }
        return LoginReference(instanceId: instanceId, instanceName: login.instanceName, account: login.account,
                              region: login.region, user: login.line.user, sourceIp: login.line.sourceIp, time: login.time)
    }

    /// SNS subjects: printable ASCII, at most 100 characters.
    static func subject(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.map(Character.init).prefix(100))
    }

    struct SNSBody: Encodable {
        struct Burst: Encodable { let sourceIp: String; let attempts: Int; let users: [String] }
        let source = "watchpost.login-notifier"
        let logGroup: String
        let logStream: String
        let logins: [LoginEntry]
        /// Logins beyond what fits in one SNS message (the function's response lists them all).
        let omittedLogins: Int
        let failureBursts: [Burst]
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
