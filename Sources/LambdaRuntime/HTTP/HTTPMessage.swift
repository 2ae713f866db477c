// The few HTTP/1.1 message shapes the Runtime API needs, shared by the runtime (a client) and
// lambda-local (a server). Plain loopback HTTP: no TLS, no compression, no pipelining.

/// A message's start line and headers. Header names are stored lower-cased (HTTP header names
/// are case-insensitive), values as received with surrounding whitespace trimmed.
public struct HTTPHead: Sendable, Equatable {
    /// The request line (`GET /path HTTP/1.1`) or status line (`HTTP/1.1 200 OK`).
    public var startLine: String
    public var headers: [(name: String, value: String)]

    public init(startLine: String, headers: [(name: String, value: String)]) {
        self.init(startLine: startLine, lowercasedHeaders: headers.map { (name: $0.name.lowercased(), value: $0.value) })
    }

    init(startLine: String, lowercasedHeaders: [(name: String, value: String)]) {
        self.startLine = startLine
        self.headers = lowercasedHeaders
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        let wanted = name.utf8.contains { $0 >= 65 && $0 <= 90 } ? name.lowercased() : name
        return headers.first { $0.name == wanted }?.value
    }

    /// A request's method and target, e.g. ("POST", "/2018-06-01/runtime/init/error").
    public var requestLine: (method: String, target: String)? {
        let parts = startLine.utf8.split(separator: 32)
        guard parts.count == 3, parts[2].starts(with: "HTTP/".utf8) else { return nil }
        return (String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self))
    }

    /// A response's status code: the three digits after `HTTP/x.y `.
    public var statusCode: Int? {
        let bytes = startLine.utf8
        guard bytes.starts(with: "HTTP/".utf8), let space = bytes.firstIndex(of: 32) else { return nil }
        let digits = bytes[bytes.index(after: space)...].prefix { $0 != 32 }
        guard digits.count == 3, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    /// Whether the connection ends after this message (`Connection: close`, or HTTP/1.0,
    /// whose keep-alive extension we do not speak).
    public var closesConnection: Bool {
        header("connection")?.lowercased().contains("close") == true
            || startLine.hasPrefix("HTTP/1.0") || startLine.hasSuffix("HTTP/1.0")
    }

    public static func == (lhs: HTTPHead, rhs: HTTPHead) -> Bool {
        lhs.startLine == rhs.startLine && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
    }
}

/// A whole message: head and (de-chunked) body.
public struct HTTPMessage: Sendable, Equatable {
    public var head: HTTPHead
    public var body: [UInt8]

    public init(head: HTTPHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    /// A request ready to write: `Content-Length` is added, and `Host` when given.
    public static func request(
        method: String, target: String, host: String? = nil,
        headers: [(String, String)] = [], body: [UInt8] = []
    ) -> [UInt8] {
        var all = headers
        if let host { all.insert(("Host", host), at: 0) }
        return serialize(startLine: "\(method) \(target) HTTP/1.1", headers: all, body: body)
    }

    /// A response ready to write, with `Content-Length`.
    public static func response(
        status: Int, reason: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) -> [UInt8] {
        serialize(startLine: "HTTP/1.1 \(status) \(reason)", headers: headers, body: body)
    }

    private static func serialize(startLine: String, headers: [(String, String)], body: [UInt8]) -> [UInt8] {
        var head = startLine + "\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        var bytes = Array(head.utf8)
        bytes.reserveCapacity(bytes.count + body.count)
        bytes.append(contentsOf: body)
        return bytes
    }
}

/// Why a message could not be read or written.
public enum HTTPWireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The peer closed the connection before a whole message arrived (`receivedAny`: mid-message).
    case closed(receivedAny: Bool)
    case malformed(String)
    case tooLarge(String)
    /// A system call failed, with its errno.
    case system(call: String, errno: Int32)
    case resolve(host: String, reason: String)

    public var description: String {
        switch self {
        case .closed(let receivedAny):
            receivedAny ? "connection closed in the middle of a message" : "connection closed by peer"
        case .malformed(let why): "malformed HTTP message: \(why)"
        case .tooLarge(let what): "HTTP message too large: \(what)"
        case .system(let call, let errno): "\(call) failed: \(systemErrorText(errno))"
        case .resolve(let host, let reason): "cannot resolve \(host): \(reason)"
        }
    }
}
