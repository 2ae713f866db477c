/// Reads what sshd writes about authentication (OpenSSH `auth_log`, `Invalid user`), under
/// any prefix `SyslogLine` knows.
///
/// User names reach these lines from whoever is knocking, unescaped except for control
/// characters, so a name can contain ` from 10.0.0.1 port 22 ssh2`. Everything sshd writes
/// around the name has a fixed shape, so each line is parsed by trying every split at
/// ` from ` and keeping those whose tail is exactly what sshd writes (a numeric address,
/// `port <n>`, `ssh2`, a well-formed key description). For a failure the name is the
/// attacker's and sits left of the real tail: the rightmost valid split wins. For an
/// accepted login the name is an existing account and the text on the right (a certificate
/// id) comes from a trusted CA: the leftmost valid split wins. One failure stays ambiguous
/// by construction: a failed publickey attempt with a self-made certificate puts the
/// attacker's text on both sides of the address (name and key id); it is still a failure,
/// attributed to the rightmost valid address.
enum OpenSSHLine {
    /// Tags sshd logs under: `sshd`, and since OpenSSH 9.8 the per-session `sshd-session`
    /// (and `sshd-auth` in 10.0).
    static let programs: Set<String> = ["sshd", "sshd-session", "sshd-auth"]

    /// The verdict for a line sshd wrote; nil when another program wrote it.
    static func verdict(for line: SyslogLine) -> LineVerdict? {
        if let program = line.program, !programs.contains(program) { return nil }
        var verdict = verdict(message: line.message)
        switch verdict {
        case .login(var login): login.host = line.host; verdict = .login(login)
        case .failure(var failure): failure.host = line.host; verdict = .failure(failure)
        case .ignored: break
        }
        return verdict
    }

    static func verdict(message: Substring) -> LineVerdict {
        let (count, body) = unwrapRepeated(message)
        if body.hasPrefix("Accepted "), let auth = authentication(body.dropFirst("Accepted ".count), preferRightmost: false) {
            return .login(LoginLine(kind: .ssh, user: auth.user, sourceIp: auth.address, port: auth.port,
                                    method: auth.method, keyType: auth.key?.keyType, fingerprint: auth.key?.fingerprint,
                                    certificate: auth.key?.certificate, count: count))
        }
        if body.hasPrefix("Failed "), let auth = authentication(body.dropFirst("Failed ".count), preferRightmost: true) {
            return .failure(FailureLine(user: auth.user, sourceIp: auth.address, port: auth.port,
                                        invalidUser: auth.invalidUser, count: count))
        }
        if body.hasPrefix("Invalid user "), let attempt = invalidUser(body.dropFirst("Invalid user ".count)) {
            return .failure(FailureLine(user: attempt.user, sourceIp: attempt.address, port: attempt.port,
                                        invalidUser: true, count: count))
        }
        return .ignored
    }

    /// rsyslog's `message repeated N times: [ <message>]`: the message, N times.
    static func unwrapRepeated(_ message: Substring) -> (count: Int, body: Substring) {
        var scanner = Scanner(message)
        guard scanner.skip("message repeated "), let digits = scanner.digits(1...9), let count = Int(digits), count > 0,
              scanner.skip(" times: ["), scanner.rest.last == "]" else { return (1, message) }
        var body = scanner.rest.dropLast()
        while body.first == " " { body = body.dropFirst() }
        return (count, body)
    }

    struct Authentication: Equatable {
        var method: String
        var user: String
        var invalidUser: Bool
        var address: String
        var port: Int
        var key: SSHKeyDescription?
    }

    /// `<method> for [invalid user ]<user> from <address> port <n> ssh2[: <extra>]`.
    static func authentication(_ text: Substring, preferRightmost: Bool) -> Authentication? {
        var scanner = Scanner(text)
        let method = scanner.take { $0 != " " }
        guard !method.isEmpty, method.allSatisfy({ $0.isASCIIAlphanumeric || "-/@.".contains($0) }),
              scanner.skip(" for ") else { return nil }
        var rest = scanner.rest
        let invalidUser = rest.hasPrefix("invalid user ")
        if invalidUser { rest = rest.dropFirst("invalid user ".count) }
        // An empty name leaves " from …" right at the start, which the search finds too.
        let candidates = rest.overlappingRanges(of: " from ").compactMap { range -> Authentication? in
            guard let tail = authenticationTail(rest[range.upperBound...], method: method) else { return nil }
            return Authentication(method: String(method), user: String(rest[..<range.lowerBound]), invalidUser: invalidUser,
                                  address: tail.address, port: tail.port, key: tail.key)
        }
        return preferRightmost ? candidates.last : candidates.first
    }

    /// `<address> port <n> ssh2` then the end or `: <extra>`.
    private static func authenticationTail(_ text: Substring, method: Substring)
        -> (address: String, port: Int, key: SSHKeyDescription?)?
    {
        var scanner = Scanner(text)
        let address = scanner.word()
        guard IPAddressLiteral.isValid(address), scanner.skip(" port "), let port = scanner.port(),
              scanner.skip(" ssh2") else { return nil }
        if scanner.isAtEnd { return (String(address), port, nil) }
        guard scanner.skip(": ") else { return nil }
        // Key-based methods describe the key; sshd writes nothing else after other methods,
        // but a vendor patch may, so their extra is accepted and not interpreted.
        let base = method.split(separator: "/").first ?? method
        guard base == "publickey" || base == "hostbased" else { return (String(address), port, nil) }
        guard let key = SSHKeyDescription.parse(scanner.rest) else { return nil }
        return (String(address), port, key)
    }

    /// `Invalid user <user> from <address>[ port <n>]` (the port since OpenSSH 7.3 or so).
    static func invalidUser(_ text: Substring) -> (user: String, address: String, port: Int?)? {
        for range in text.overlappingRanges(of: " from ").reversed() {
            var scanner = Scanner(text[range.upperBound...])
            let address = scanner.word()
            guard IPAddressLiteral.isValid(address) else { continue }
            var port: Int?
            if scanner.skip(" port ") {
                guard let value = scanner.port() else { continue }
                port = value
            }
            guard scanner.isAtEnd else { continue }
            return (String(text[..<range.lowerBound]), String(address), port)
        }
        return nil
    }
}

extension Scanner {
    /// A TCP port: 1-5 digits, at most 65535.
    mutating func port() -> Int? {
        var attempt = self
        guard let digits = attempt.digits(1...5), let value = Int(digits), value <= 65535 else { return nil }
        self = attempt
        return value
    }
}

extension Substring {
    /// Every occurrence, overlapping ones included (`ranges(of:)` skips " from " inside
    /// "a from from"), so no split of a crafted name is missed.
    func overlappingRanges(of needle: String) -> [Range<Index>] {
        var result: [Range<Index>] = []
        var start = startIndex
        while start < endIndex, let range = self[start...].firstRange(of: needle) {
            result.append(range)
            start = index(after: range.lowerBound)
        }
        return result
    }
}
