/// How a login happened: OpenSSH, Remote Desktop, or at the (virtual) console.
public enum LoginKind: String, Codable, Sendable {
    case ssh, rdp, console
}

/// An OpenSSH certificate as sshd logs it: `ID <id> (serial <n>) CA <type> <fingerprint>`.
public struct SSHCertificate: Codable, Sendable, Equatable {
    public let id: String
    public let serial: UInt64
    public let caType: String
    public let caFingerprint: String

    public init(id: String, serial: UInt64, caType: String, caFingerprint: String) {
        self.id = id
        self.serial = serial
        self.caType = caType
        self.caFingerprint = caFingerprint
    }
}

/// A part of a login line the parser could not read: which part, and the text as written.
/// The login is reported all the same (an alerting tool fails open).
public struct UnparsedDetail: Codable, Sendable, Equatable {
    /// `key` (the key or certificate description after `ssh2: `), `extra` (text a vendor
    /// appended after a non-key method), or `line` (the tail after the method and user).
    public let part: String
    public let text: String

    public init(part: String, text: String) {
        self.part = part
        self.text = text
    }
}

/// What one log line says about an interactive login. Fields a line does not carry are nil.
public struct LoginLine: Sendable, Equatable {
    public var kind: LoginKind
    public var user: String
    public var domain: String?
    public var sourceIp: String?
    public var port: Int?
    public var method: String?
    public var keyType: String?
    public var fingerprint: String?
    public var certificate: SSHCertificate?
    public var logonType: Int?
    /// N for rsyslog's `message repeated N times: [ … ]`, else 1.
    public var count: Int
    public var host: String?
    /// What could not be read, kept as written; nil when every part was understood.
    public var unparsed: UnparsedDetail?

    public init(kind: LoginKind, user: String, domain: String? = nil, sourceIp: String? = nil, port: Int? = nil,
                method: String? = nil, keyType: String? = nil, fingerprint: String? = nil,
                certificate: SSHCertificate? = nil, logonType: Int? = nil, count: Int = 1, host: String? = nil,
                unparsed: UnparsedDetail? = nil) {
        self.kind = kind
        self.user = user
        self.domain = domain
        self.sourceIp = sourceIp
        self.port = port
        self.method = method
        self.keyType = keyType
        self.fingerprint = fingerprint
        self.certificate = certificate
        self.logonType = logonType
        self.count = count
        self.host = host
        self.unparsed = unparsed
    }
}

/// A failed attempt: a wrong password or key, or a user name that does not exist.
public struct FailureLine: Sendable, Equatable {
    public var user: String?
    public var sourceIp: String?
    public var port: Int?
    public var invalidUser: Bool
    public var count: Int
    public var host: String?

    public init(user: String?, sourceIp: String?, port: Int?, invalidUser: Bool, count: Int = 1, host: String? = nil) {
        self.user = user
        self.sourceIp = sourceIp
        self.port = port
        self.invalidUser = invalidUser
        self.count = count
        self.host = host
    }
}

/// The meaning of one log line.
public enum LineVerdict: Sendable, Equatable {
    case login(LoginLine)
    case failure(FailureLine)
    /// Anything else: session bookkeeping, other programs, other event ids. Counted, never an error.
    case ignored
}
