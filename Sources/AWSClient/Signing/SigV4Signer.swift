import FoundationEssentials
import Primitives

/// AWS credentials: an access key pair, plus a session token for temporary credentials.
public struct Credentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    public var expiration: Date?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }
}

/// AWS Signature Version 4 for the Authorization header, as the SigV4 specification and its
/// test suite define it. Each step is exposed so the tests can check the suite's
/// intermediate results (canonical request, string to sign, signature).
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    public let credentials: Credentials
    public let region: String
    /// The signing name: s3, ec2, sts, iam, ...
    public let service: String
    let rules: Rules

    /// How a service wants its requests canonicalised. S3 is the exception to every rule.
    struct Rules: Sendable, Equatable {
        /// Remove "." and ".." segments and empty segments from the path before signing.
        var normalizesPath: Bool
        /// Percent-encode the (already encoded) path once more for the canonical URI.
        var encodesPath: Bool
        /// Send the payload hash as x-amz-content-sha256 (and sign it).
        var sendsContentHash: Bool

        static let standard = Rules(normalizesPath: true, encodesPath: true, sendsContentHash: false)
        static let s3 = Rules(normalizesPath: false, encodesPath: false, sendsContentHash: true)
    }

    /// `service` is the signing name (s3, ec2, sts, iam, ...); S3 uses its path as-is
    /// (no normalisation, no double encoding) and sends x-amz-content-sha256.
    public init(credentials: Credentials, region: String, service: String) {
        self.init(credentials: credentials, region: region, service: service, rules: service == "s3" ? .s3 : .standard)
    }

    init(credentials: Credentials, region: String, service: String, rules: Rules) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.rules = rules
    }

    /// Adds Host (if absent), X-Amz-Date, X-Amz-Security-Token (when a session token),
    /// x-amz-content-sha256 (S3), and Authorization. Signing again (a retry) replaces them.
    ///
    /// A request that already carries x-amz-content-sha256 (for example "UNSIGNED-PAYLOAD")
    /// is signed with that value as its payload hash.
    public func sign(_ request: inout HTTPRequest, date: Date) {
        let stamp = SigningTimestamp(date)
        request.removeHeader("Authorization")
        if request.header("Host") == nil {
            request.setHeader("Host", request.host)
        }
        request.setHeader("X-Amz-Date", stamp.dateTime)
        if let token = credentials.sessionToken {
            request.setHeader("X-Amz-Security-Token", token)
        }
        let payloadHash = request.header("x-amz-content-sha256") ?? SHA256.hash(request.body).hexString
        if rules.sendsContentHash {
            request.setHeader("x-amz-content-sha256", payloadHash)
        }
        let canonical = canonicalRequest(request, payloadHash: payloadHash)
        let toSign = stringToSign(canonicalRequest: canonical, date: date)
        request.setHeader("Authorization", authorization(
            signedHeaders: Self.canonicalHeaders(request).signedHeaders,
            signature: signature(stringToSign: toSign, date: date), date: date))
    }

    // MARK: The steps of the signing process

    /// Task 1: the canonical request.
    public func canonicalRequest(_ request: HTTPRequest, payloadHash: String) -> String {
        let headers = Self.canonicalHeaders(request)
        return [
            request.method,
            canonicalURI(request.path),
            Self.canonicalQuery(request.query),
            headers.block,
            headers.signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
    }

    /// Task 2: the string to sign.
    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        let stamp = SigningTimestamp(date)
        return [
            Self.algorithm,
            stamp.dateTime,
            scope(stamp),
            SHA256.hash(canonicalRequest.utf8).hexString,
        ].joined(separator: "\n")
    }

    /// Task 3: the signing key for the day, region and service.
    public func signingKey(date: Date) -> [UInt8] {
        let dateKey = HMAC.sha256(key: Array("AWS4\(credentials.secretAccessKey)".utf8),
                                  message: Array(SigningTimestamp(date).day.utf8))
        let regionKey = HMAC.sha256(key: dateKey, message: Array(region.utf8))
        let serviceKey = HMAC.sha256(key: regionKey, message: Array(service.utf8))
        return HMAC.sha256(key: serviceKey, message: Array("aws4_request".utf8))
    }

    /// Task 3: the signature, lowercase hex.
    public func signature(stringToSign: String, date: Date) -> String {
        HMAC.sha256(key: signingKey(date: date), message: Array(stringToSign.utf8)).hexString
    }

    /// Task 4: the Authorization header value.
    public func authorization(signedHeaders: String, signature: String, date: Date) -> String {
        "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(SigningTimestamp(date))), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    // MARK: Canonical forms

    private func scope(_ stamp: SigningTimestamp) -> String {
        "\(stamp.day)/\(region)/\(service)/aws4_request"
    }

    func canonicalURI(_ path: String) -> String {
        var uri = path.isEmpty ? "/" : path
        if rules.normalizesPath { uri = Self.removingDotAndEmptySegments(uri) }
        if rules.encodesPath { uri = URIEncoding.encodePath(uri) }
        return uri
    }

    /// RFC 3986 §5.2.4 dot-segment removal, plus collapsing of empty segments ("//"), keeping
    /// a trailing "/" when the path had one.
    static func removingDotAndEmptySegments(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        var result = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/") && !segments.isEmpty { result += "/" }
        return result
    }

    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        // Sorted by encoded name, then encoded value, comparing bytes (all ASCII once encoded).
        let pairs: [String] = query.map { URIEncoding.encode($0.name) + "=" + URIEncoding.encode($0.value) }
        let sorted = pairs.sorted { lhs, rhs in
            let left = lhs.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let right = rhs.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if left[0] != right[0] { return left[0].utf8.lexicographicallyPrecedes(right[0].utf8) }
            return left[1].utf8.lexicographicallyPrecedes(right[1].utf8)
        }
        return sorted.joined(separator: "&")
    }

    /// Headers that are never signed: Authorization is the signature itself; the others may
    /// be changed or added by the transport or by proxies (botocore skips the same ones).
    static let unsignedHeaders: Set<String> = ["authorization", "user-agent", "expect", "transfer-encoding", "x-amzn-trace-id"]

    /// The canonical header block (each line "name:value\n") and the signed-header list.
    static func canonicalHeaders(_ request: HTTPRequest) -> (block: String, signedHeaders: String) {
        var values: [String: [String]] = [:]
        for header in request.headers {
            let name = header.name.lowercased()
            guard !unsignedHeaders.contains(name) else { continue }
            values[name, default: []].append(trimmingAll(header.value))
        }
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let block = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    /// Trims surrounding whitespace and turns every inner run of whitespace (including the
    /// line breaks of a folded header) into one space.
    static func trimmingAll(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .joined(separator: " ")
    }
}

/// The two renderings of the signing time: 20150830T123600Z and 20150830 (always UTC).
struct SigningTimestamp: Equatable {
    let dateTime: String
    let day: String

    init(_ date: Date) {
        let time = UTCTime(date)
        day = UTCTime.pad(time.year, 4) + UTCTime.pad(time.month, 2) + UTCTime.pad(time.day, 2)
        dateTime = day + "T" + UTCTime.pad(time.hour, 2) + UTCTime.pad(time.minute, 2) + UTCTime.pad(time.second, 2) + "Z"
    }
}
