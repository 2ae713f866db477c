/// Which Windows events are interactive logins (RDP or console), which are failures, and
/// which are the machine talking to itself.
enum WindowsLogon {
    static let securityProvider = "Microsoft-Windows-Security-Auditing"
    static let sessionManagerProvider = "Microsoft-Windows-TerminalServices-LocalSessionManager"

    static func verdict(for record: WindowsEventRecord) -> LineVerdict {
        let field = { (name: String) -> String? in
            guard let value = record.fields[name]?.trimmed, !value.isEmpty, value != "-" else { return nil }
            return value
        }
        switch (record.provider, record.eventID) {
        case (securityProvider, 4624):
            guard let logonType = field("LogonType").flatMap(Int.init),
                  let user = field("TargetUserName"),
                  isPerson(user: user, domain: field("TargetDomainName"), sid: field("TargetUserSid")) else { return .ignored }
            let address = field("IpAddress")
            let kind: LoginKind
            switch logonType {
            case 10, 12: kind = .rdp  // RemoteInteractive, CachedRemoteInteractive
            case 7, 13:  // Unlock, CachedUnlock: a login only when it unlocks a remote session
                guard let address, isRemote(address) else { return .ignored }
                kind = .rdp
            case 2, 11: kind = .console  // Interactive, CachedInteractive
            default: return .ignored  // 3 network, 4 batch, 5 service, 8 cleartext network, 9 new credentials
            }
            return .login(LoginLine(kind: kind, user: user, domain: field("TargetDomainName"), sourceIp: address,
                                    port: field("IpPort").flatMap(Int.init), method: field("AuthenticationPackageName"),
                                    logonType: logonType, host: record.computer))
        case (securityProvider, 4625):
            let status = (field("SubStatus") ?? field("Status"))?.uppercased()
            return .failure(FailureLine(user: field("TargetUserName"), sourceIp: field("IpAddress"),
                                        port: field("IpPort").flatMap(Int.init),
                                        invalidUser: status == noSuchUser, host: record.computer))
        case (securityProvider, 4778):
            guard let user = field("AccountName"), isPerson(user: user, domain: field("AccountDomain"), sid: nil) else { return .ignored }
            let address = field("ClientAddress")
            let remote = address.map(isRemote) ?? false
            return .login(LoginLine(kind: remote ? .rdp : .console, user: user, domain: field("AccountDomain"),
                                    sourceIp: address, host: record.computer))
        case (sessionManagerProvider, 21), (sessionManagerProvider, 25):
            // 21: session logon succeeded; 25: session reconnection succeeded. `Address` is
            // "LOCAL" for the console, which the Security log reports on its own; a loopback
            // address is a remote session tunnelled in (e.g. RDP over SSM port forwarding).
            guard let qualified = field("User"), let address = field("Address"), IPAddressLiteral.isValid(address) else { return .ignored }
            let (domain, user) = splitQualifiedName(qualified)
            guard isPerson(user: user, domain: domain, sid: nil) else { return .ignored }
            return .login(LoginLine(kind: .rdp, user: user, domain: domain, sourceIp: address, host: record.computer))
        default:
            return .ignored
        }
    }

    /// STATUS_NO_SUCH_USER: the name does not exist.
    static let noSuchUser = "0XC0000064"

    /// Not a person: the machine account (`NAME$`), the built-in service identities, the
    /// per-session virtual accounts of the desktop window manager and font driver host.
    static func isPerson(user: String, domain: String?, sid: String?) -> Bool {
        let upperUser = user.uppercased()
        if upperUser.hasSuffix("$") { return false }
        if ["SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE", "ANONYMOUS LOGON", "LOCALSERVICE", "NETWORKSERVICE"].contains(upperUser) {
            return false
        }
        for prefix in ["DWM-", "UMFD-"] where upperUser.hasPrefix(prefix) {
            if upperUser.dropFirst(prefix.count).allSatisfy(\.isASCIIDigit) { return false }
        }
        if let domain, ["WINDOW MANAGER", "FONT DRIVER HOST", "NT AUTHORITY", "NT SERVICE"].contains(domain.uppercased()) {
            return false
        }
        if let sid = sid?.uppercased() {
            // SYSTEM, LOCAL SERVICE, NETWORK SERVICE, ANONYMOUS; virtual DWM and UMFD accounts.
            if ["S-1-5-18", "S-1-5-19", "S-1-5-20", "S-1-5-7"].contains(sid) || sid.hasPrefix("S-1-5-90-") || sid.hasPrefix("S-1-5-96-") {
                return false
            }
        }
        return true
    }

    /// A client address, not the machine itself ("LOCAL", "-", loopback).
    static func isRemote(_ address: String) -> Bool {
        guard IPAddressLiteral.isValid(address) else { return false }
        return !(address.hasPrefix("127.") || address == "::1" || address == "0.0.0.0" || address == "::")
    }

    /// `DOMAIN\user` → ("DOMAIN", "user"); a bare name has no domain.
    static func splitQualifiedName(_ name: String) -> (domain: String?, user: String) {
        guard let slash = name.firstIndex(of: "\\") else { return (nil, name) }
        let domain = String(name[..<slash])
        return (domain.isEmpty ? nil : domain, String(name[name.index(after: slash)...]))
    }
}
