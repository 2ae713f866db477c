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
        if body.hasPrefix("Accepted ") {
            let text = body.dropFirst("Accepted ".count)
            guard let auth = authentication(text, preferRightmost: false) else { return withCount(unreadLogin(text), count) }
            return .login(LoginLine(kind: .ssh, user: auth.user, sourceIp: auth.address, port: auth.port,
                                    method: auth.method, keyType: auth.key?.keyType, fingerprint: auth.key?.fingerprint,
                                    certificate: auth.key?.certificate, count: count,
                                    unparsed: auth.unparsedExtra.map { UnparsedDetail(part: auth.isKeyMethod ? "key" : "extra", text: $0) }))
        }
        if body.hasPrefix("Failed ") {
            let text = body.dropFirst("Failed ".count)
            guard let auth = authentication(text, preferRightmost: true) else { return withCount(unreadFailure(text), count) }
            return .failure(FailureLine(user: auth.user, sourceIp: auth.address, port: auth.port,
                                        invalidUser: auth.invalidUser, count: count))
        }
        if body.hasPrefix("Invalid user "), let attempt = invalidUser(body.dropFirst("Invalid user ".count)) {
            return .failure(FailureLine(user: attempt.user, sourceIp: attempt.address, port: attempt.port,
                                        invalidUser: true, count: count))
        }
        return .ignored
    }

    /// An `Accepted` line whose tail has no shape sshd writes (a patched, older or future
    /// sshd): still a login, with what `looseAuthentication` could read and the whole text
    /// kept as unparsed. A line without `<method> for ` is not sshd's login message.
    static func unreadLogin(_ text: Substring) -> LineVerdict {
        guard let loose = looseAuthentication(text) else { return .ignored }
        return .login(LoginLine(kind: .ssh, user: loose.user, sourceIp: loose.address, port: loose.port, method: loose.method,
                                unparsed: UnparsedDetail(part: "line", text: String(text))))
    }

    /// A `Failed` line of another shape (OpenSSH before 5.x wrote no port, `ssh1`, `: ruser …`):
    /// still a failure.
    static func unreadFailure(_ text: Substring) -> LineVerdict {
        guard let loose = looseAuthentication(text) else { return .ignored }
        return .failure(FailureLine(user: loose.user, sourceIp: loose.address, port: loose.port, invalidUser: loose.invalidUser))
    }

    /// `<method> for [invalid user ]<user> from <address>[ port <n>]…`, reading only what is
    /// there: the rightmost ` from <address>` splits the user off; without one, everything
    /// after `for ` is the user and the address is unknown.
    static func looseAuthentication(_ text: Substring)
        -> (method: String, user: String, invalidUser: Bool, address: String?, port: Int?)?
    {
        var scanner = Scanner(text)
        let method = scanner.word()
        guard !method.isEmpty, scanner.skip(" for ") else { return nil }
        var rest = scanner.rest
        let invalidUser = rest.hasPrefix("invalid user ")
        if invalidUser { rest = rest.dropFirst("invalid user ".count) }
        for range in rest.overlappingRanges(of: " from ").reversed() {
            var tail = Scanner(rest[range.upperBound...])
            let address = tail.word()
            guard IPAddressLiteral.isValid(address) else { continue }
            let port = tail.skip(" port ") ? tail.port() : nil
            return (String(method), String(rest[..<range.lowerBound]), invalidUser, String(address), port)
        }
        return (String(method), String(rest), invalidUser, nil, nil)
    }

    private static func withCount(_ verdict: LineVerdict, _ count: Int) -> LineVerdict {
        switch verdict {
        case .login(var login): login.count = count; return .login(login)
        case .failure(var failure): failure.count = count; return .failure(failure)
        case .ignored: return .ignored
        }
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
        /// Text after `ssh2: ` that could not be read (a redacted or unknown key description).
        var unparsedExtra: String? = nil
        var isKeyMethod: Bool { OpenSSHLine.isKeyMethod(Substring(method)) }
    }

    /// publickey and hostbased name the key after `ssh2: `.
    static func isKeyMethod(_ method: Substring) -> Bool {
        let base = method.split(separator: "/").first ?? method
        return base == "publickey" || base == "hostbased"
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
        // Splits whose key description reads are preferred; a split whose only flaw is an
        // unreadable key description still counts (fail open), with the text kept. Linear in
        // the line: each split's tail is checked in place, the key of each only until one
        // reads (the certificate suffix is found once per line), and strings are built for the
        // chosen split alone.
        var tails = rest.overlappingRanges(of: " from ").compactMap { range in
            authenticationTail(rest[range.upperBound...]).map { (user: rest[..<range.lowerBound], tail: $0) }
        }
        if preferRightmost { tails.reverse() }
        guard let fallback = tails.first else { return nil }
        let certificates = SSHKeyDescription.CertificateSuffix(rest)
        func authentication(_ user: Substring, _ tail: Tail, key: SSHKeyDescription?, unparsed: Substring?) -> Authentication {
            Authentication(method: String(method), user: String(user), invalidUser: invalidUser, address: String(tail.address),
                           port: tail.port, key: key, unparsedExtra: unparsed.map(String.init))
        }
        guard isKeyMethod(method) else {
            // sshd writes nothing after other methods, but a vendor patch may: kept, not interpreted.
            return authentication(fallback.user, fallback.tail, key: nil, unparsed: fallback.tail.extra)
        }
        for (user, tail) in tails {
            guard let extra = tail.extra else { return authentication(user, tail, key: nil, unparsed: nil) }
            if let key = SSHKeyDescription.parse(extra, certificates: certificates) {
                return authentication(user, tail, key: key, unparsed: nil)
            }
        }
        let extra = fallback.tail.extra ?? ""
        let firstWord = extra.prefix { $0 != " " }
        let keyType = SSHKeyDescription.isKeyType(firstWord) ? SSHKeyDescription(keyType: String(firstWord)) : nil
        return authentication(fallback.user, fallback.tail, key: keyType, unparsed: extra)
    }

    /// What follows ` from `: `<address> port <n> ssh2`, then the end or `: <extra>`.
    struct Tail {
        var address: Substring
        var port: Int
        var extra: Substring?
    }

    /// The tail, read in place (bounded work: the extra is not looked at).
    private static func authenticationTail(_ text: Substring) -> Tail? {
        var scanner = Scanner(text)
        let address = scanner.word()
        guard IPAddressLiteral.isValid(address), scanner.skip(" port "), let port = scanner.port(),
              scanner.skip(" ssh2") else { return nil }
        if scanner.isAtEnd { return Tail(address: address, port: port, extra: nil) }
        guard scanner.skip(": ") else { return nil }
        return Tail(address: address, port: port, extra: scanner.rest)
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
