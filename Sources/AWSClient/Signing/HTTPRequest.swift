/// An HTTP request as it goes on the wire: what every protocol builder produces and what the
/// signer and the transport consume.
public struct HTTPRequest: Sendable {
    public var method: String
    public var scheme: String
    /// The authority, possibly with ":port"; also the value of the Host header the signer adds.
    public var host: String
    /// Already URI-encoded as sent, e.g. "/my%20key".
    public var path: String
    /// Query parameters, not encoded: `url` and the signer encode them.
    public var query: [(name: String, value: String)]
    /// In order; a name may repeat.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(
        method: String, scheme: String = "https", host: String, path: String = "/",
        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// scheme://host/path?query, each query name and value RFC 3986 encoded the way SigV4
    /// encodes them, in the order given. A parameter with an empty value is sent as "name=".
    public var url: String {
        var url = "\(scheme)://\(host)\(path.isEmpty ? "/" : path)"
        if !query.isEmpty {
            url += "?" + query.map { URIEncoding.encode($0.name) + "=" + URIEncoding.encode($0.value) }
                .joined(separator: "&")
        }
        return url
    }

    /// The first value of the header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Replaces every header of this name (case-insensitively) with one `name: value`.
    public mutating func setHeader(_ name: String, _ value: String) {
        removeHeader(name)
        headers.append((name: name, value: value))
    }

    /// Removes every header of this name, compared case-insensitively.
    public mutating func removeHeader(_ name: String) {
        let unwanted = name.lowercased()
        headers.removeAll { $0.name.lowercased() == unwanted }
    }
}
