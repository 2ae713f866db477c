import FoundationEssentials
import Primitives

/// What a CloudWatch Logs subscription filter delivers to Lambda:
/// `{"awslogs":{"data":"<base64 of gzip of JSON>"}}`. `decode(inflate:)` opens it.
public struct CloudWatchLogsEvent: Decodable, Sendable, Equatable {
    public struct AWSLogs: Decodable, Sendable, Equatable {
        public let data: String
        public init(data: String) { self.data = data }
    }

    public let awslogs: AWSLogs

    public init(data: String) { awslogs = AWSLogs(data: data) }

    /// Base64 → `inflate` (gzip) → JSON. `inflate` is injected so this module needs no zlib;
    /// the function passes `Gzip.decompress`.
    public func decode(inflate: ([UInt8]) throws -> [UInt8]) throws(CloudWatchLogsDecodingError) -> CloudWatchLogsData {
        // Lambda passes the data unwrapped; tolerate line breaks a hand-made event may carry.
        let compact = awslogs.data.filter { !$0.isWhitespace }
        guard let compressed = Data(base64Encoded: compact) else {
            throw .invalidBase64(length: awslogs.data.count)
        }
        let json: [UInt8]
        do {
            json = try inflate(Array(compressed))
        } catch {
            throw .invalidGzip(String(describing: error))
        }
        do {
            return try JSONDecoder().decode(CloudWatchLogsData.self, from: Data(json))
        } catch {
            throw .invalidJSON(String(describing: error))
        }
    }
}

/// Why a subscription payload could not be opened.
public enum CloudWatchLogsDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidBase64(length: Int)
    case invalidGzip(String)
    case invalidJSON(String)

    public var description: String {
        switch self {
        case .invalidBase64(let length): "awslogs.data is not base64 (\(length) characters)"
        case .invalidGzip(let why): "awslogs.data is not gzip: \(why)"
        case .invalidJSON(let why): "awslogs.data does not hold a subscription message: \(why)"
        }
    }
}

/// The decoded subscription message.
public struct CloudWatchLogsData: Codable, Sendable, Equatable {
    /// `DATA_MESSAGE`, or `CONTROL_MESSAGE` (CloudWatch checking that the destination is reachable).
    public let messageType: String
    /// The account the log group belongs to.
    public let owner: String
    public let logGroup: String
    public let logStream: String
    public let subscriptionFilters: [String]
    public let logEvents: [LogEvent]
    /// Log events that could not be read (1-based position in the batch, and why): one bad
    /// event never costs the others.
    public var unreadableLogEvents: [UnreadableLogEvent] = []

    public struct UnreadableLogEvent: Codable, Sendable, Equatable {
        public let position: Int
        public let reason: String

        public init(position: Int, reason: String) {
            self.position = position
            self.reason = reason
        }
    }

    public struct LogEvent: Codable, Sendable, Equatable {
        /// A numeric string (too long for a Double).
        public let id: String
        /// Epoch milliseconds.
        public let timestamp: Int64
        public let message: String

        public init(id: String, timestamp: Int64, message: String) {
            self.id = id
            self.timestamp = timestamp
            self.message = message
        }
    }

    public var isControlMessage: Bool { messageType == "CONTROL_MESSAGE" }

    public init(messageType: String = "DATA_MESSAGE", owner: String, logGroup: String, logStream: String,
                subscriptionFilters: [String] = [], logEvents: [LogEvent]) {
        self.messageType = messageType
        self.owner = owner
        self.logGroup = logGroup
        self.logStream = logStream
        self.subscriptionFilters = subscriptionFilters
        self.logEvents = logEvents
    }

    enum CodingKeys: String, CodingKey {
        case messageType, owner, logGroup, logStream, subscriptionFilters, logEvents
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messageType = try container.decode(String.self, forKey: .messageType)
        owner = try container.decode(String.self, forKey: .owner)
        logGroup = try container.decode(String.self, forKey: .logGroup)
        logStream = try container.decode(String.self, forKey: .logStream)
        subscriptionFilters = try container.decodeIfPresent([String].self, forKey: .subscriptionFilters) ?? []
        // A control message carries no events at all in some deliveries.
        let entries = try container.decodeIfPresent([Entry].self, forKey: .logEvents) ?? []
        logEvents = entries.compactMap(\.event)
        unreadableLogEvents = entries.enumerated().compactMap { index, entry in
            entry.failure.map { UnreadableLogEvent(position: index + 1, reason: $0) }
        }
    }

    /// One element of `logEvents`, read on its own so that a bad one is a failure of its own.
    private struct Entry: Decodable {
        let event: LogEvent?
        let failure: String?

        init(from decoder: any Decoder) {
            do {
                event = try LogEvent(from: decoder)
                failure = nil
            } catch {
                event = nil
                failure = Self.reason(error)
            }
        }

        static func reason(_ error: any Error) -> String {
            switch error as? DecodingError {
            case .keyNotFound(let key, _)?: "no \"\(key.stringValue)\""
            case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
                "\"\(context.codingPath.last?.stringValue ?? "?")\" is not what CloudWatch Logs sends"
            default: "not a log event"
            }
        }
    }
}
