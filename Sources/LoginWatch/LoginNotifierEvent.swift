import SecurityEvents

/// What arrives: a CloudWatch Logs subscription batch, or Slack's callback through the
/// function URL. Decoding never fails on shape; the handler names what it cannot use.
public enum LoginNotifierEvent: Decodable, Sendable {
    case logs(CloudWatchLogsEvent)
    case functionURL(FunctionURLRequest)
    /// Neither: the top-level keys that did arrive, for the error message.
    case unsupported(keys: [String])
    /// The right keys with the wrong contents.
    case malformed(String)

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: AnyKey.self) else {
            self = .unsupported(keys: [])
            return
        }
        let keys = container.allKeys.map(\.stringValue)
        do {
            if keys.contains("awslogs") {
                self = .logs(try CloudWatchLogsEvent(from: decoder))
            } else if keys.contains("requestContext"), keys.contains("version") {
                self = .functionURL(try FunctionURLRequest(from: decoder))
            } else {
                self = .unsupported(keys: keys.sorted())
            }
        } catch {
            self = .malformed(String(describing: error))
        }
    }
}

/// The response: the login report for a log batch, the HTTP response for a function URL.
public enum LoginNotifierOutput: Encodable, Sendable, Equatable {
    case report(LoginReport)
    case http(FunctionURLResponse)

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .report(let report): try report.encode(to: encoder)
        case .http(let response): try response.encode(to: encoder)
        }
    }
}
