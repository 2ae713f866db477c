import FoundationEssentials

/// A Lambda function URL request (payload format 2.0), as the function receives it.
/// Header names arrive lower-cased.
public struct FunctionURLRequest: Decodable, Sendable, Equatable {
    public struct RequestContext: Decodable, Sendable, Equatable {
        public struct HTTP: Decodable, Sendable, Equatable {
            public let method: String
            public let path: String?
            public let sourceIp: String?
            public let userAgent: String?
        }
        public let http: HTTP
        public let requestId: String?
        /// Epoch milliseconds when the request reached the URL.
        public let timeEpoch: Int64?
    }

    public let version: String
    public let rawPath: String
    public let rawQueryString: String?
    public let headers: [String: String]
    public let requestContext: RequestContext
    public let body: String?
    public let isBase64Encoded: Bool

    enum CodingKeys: String, CodingKey {
        case version, rawPath, rawQueryString, headers, requestContext, body, isBase64Encoded
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(String.self, forKey: .version)
        rawPath = try container.decodeIfPresent(String.self, forKey: .rawPath) ?? "/"
        rawQueryString = try container.decodeIfPresent(String.self, forKey: .rawQueryString)
        let raw = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        // Function URLs lower-case header names already; a hand-written event may not.
        headers = Dictionary(raw.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        requestContext = try container.decode(RequestContext.self, forKey: .requestContext)
        body = try container.decodeIfPresent(String.self, forKey: .body)
        isBase64Encoded = try container.decodeIfPresent(Bool.self, forKey: .isBase64Encoded) ?? false
    }

    /// A header by case-insensitive name.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The body exactly as the client sent it (base64-decoded when the URL encoded it);
    /// nil when `isBase64Encoded` is set and the body is not base64.
    public var rawBody: [UInt8]? {
        guard let body else { return [] }
        guard isBase64Encoded else { return Array(body.utf8) }
        return Data(base64Encoded: body).map(Array.init)
    }
}

/// What a function URL expects back: status, headers and a string body.
public struct FunctionURLResponse: Codable, Sendable, Equatable {
    public let statusCode: Int
    public let headers: [String: String]
    public let body: String

    public init(statusCode: Int, headers: [String: String] = [:], body: String) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
    }
}
