import Primitives

/// Slack's request signing: `X-Slack-Signature: v0=<hex HMAC-SHA256(secret, "v0:<ts>:<raw body>")>`
/// with `X-Slack-Request-Timestamp: <ts>`; requests more than five minutes from now are refused
/// so a captured request cannot be replayed later.
public enum SlackSignature {
    public static let maximumSkewSeconds: Int64 = 300

    public enum Rejection: Error, Equatable, Sendable, CustomStringConvertible {
        case missingHeaders
        case malformedTimestamp
        case stale(skewSeconds: Int64)
        case badSignature
        case replayed

        public var description: String {
            switch self {
            case .missingHeaders: "X-Slack-Signature or X-Slack-Request-Timestamp missing"
            case .malformedTimestamp: "X-Slack-Request-Timestamp is not a number of seconds"
            case .stale(let skew): "timestamp \(skew) s away from now (limit \(maximumSkewSeconds) s)"
            case .badSignature: "signature does not match"
            case .replayed: "signature already used"
            }
        }
    }

    /// `v0=` + lowercase hex of the HMAC.
    public static func sign(secret: [UInt8], timestamp: String, body: [UInt8]) -> String {
        "v0=" + HMAC.sha256(key: secret, message: Array("v0:\(timestamp):".utf8) + body).hexString
    }

    public static func verify(signature: String?, timestamp: String?, body: [UInt8], secret: [UInt8],
                              now: Int64) -> Rejection? {
        guard let signature, let timestamp else { return .missingHeaders }
        guard timestamp.count <= 12, timestamp.allSatisfy(\.isASCIIDigit), let seconds = Int64(timestamp) else {
            return .malformedTimestamp
        }
        let skew = now - seconds
        guard abs(skew) <= maximumSkewSeconds else { return .stale(skewSeconds: skew) }
        let expected = sign(secret: secret, timestamp: timestamp, body: body)
        return constantTimeEqual(Array(expected.utf8), Array(signature.utf8)) ? nil : .badSignature
    }

    /// Compares every byte whatever the first difference, so the time taken does not tell an
    /// attacker how much of a guessed signature is right. (The length is public: `v0=` + 64.)
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// Signatures already accepted by this process, kept for the signature's lifetime (the skew
/// window on both sides), so a callback replayed inside the window is refused. Slack does
/// not retry interaction payloads, so a repeat is never legitimate. Per process: another
/// concurrent Lambda environment does not see this set, so the window bounds what remains.
public actor ReplayGuard {
    private var seen: [String: Int64] = [:]

    public init() {}

    /// Records `signature`; false when it was already recorded.
    public func admit(_ signature: String, timestamp: Int64, now: Int64) -> Bool {
        seen = seen.filter { now - $0.value <= 2 * SlackSignature.maximumSkewSeconds }
        guard seen[signature] == nil else { return false }
        seen[signature] = timestamp
        return true
    }
}
