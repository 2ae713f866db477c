import Primitives
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Log lines on stderr, one per call: plain text by default, JSON lines (timestamp, level,
/// requestId, message, then the fields) when `AWS_LAMBDA_LOG_FORMAT=JSON`; lines below
/// `AWS_LAMBDA_LOG_LEVEL` (default INFO) are dropped. Never pass secrets in messages or fields.
public struct Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case trace, debug, info, warn, error, fatal

        /// Lambda's level names, case-insensitive (`WARN`; `WARNING` is accepted too).
        public init?(name: String) {
            switch name.uppercased() {
            case "TRACE": self = .trace
            case "DEBUG": self = .debug
            case "INFO": self = .info
            case "WARN", "WARNING": self = .warn
            case "ERROR": self = .error
            case "FATAL": self = .fatal
            default: return nil
            }
        }

        public var name: String {
            switch self {
            case .trace: "TRACE"
            case .debug: "DEBUG"
            case .info: "INFO"
            case .warn: "WARN"
            case .error: "ERROR"
            case .fatal: "FATAL"
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public enum Format: Sendable, Equatable {
        case text, json
    }

    public let format: Format
    public let minimumLevel: Level
    public let requestID: String?

    public init(format: Format = .text, minimumLevel: Level = .info, requestID: String? = nil) {
        self.format = format
        self.minimumLevel = minimumLevel
        self.requestID = requestID
    }

    /// The logger Lambda's settings ask for.
    public init(environment: [String: String], requestID: String? = nil) {
        self.init(
            format: environment["AWS_LAMBDA_LOG_FORMAT"]?.uppercased() == "JSON" ? .json : .text,
            minimumLevel: environment["AWS_LAMBDA_LOG_LEVEL"].flatMap(Level.init(name:)) ?? .info,
            requestID: requestID)
    }

    /// The same settings, for one invocation.
    public func with(requestID: String?) -> Logger {
        Logger(format: format, minimumLevel: minimumLevel, requestID: requestID)
    }

    public func debug(_ message: String, _ fields: [String: String] = [:]) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: [String: String] = [:]) { log(.info, message, fields) }
    public func warn(_ message: String, _ fields: [String: String] = [:]) { log(.warn, message, fields) }
    public func error(_ message: String, _ fields: [String: String] = [:]) { log(.error, message, fields) }

    public func log(_ level: Level, _ message: String, _ fields: [String: String] = [:]) {
        guard level >= minimumLevel else { return }
        let line = render(level, message, fields, timestamp: UTCTimestamp.now())
        // One write per line: lines from concurrent tasks never interleave mid-line.
        Self.writeStandardError(line + "\n")
    }

    /// One log line, without its newline.
    public func render(_ level: Level, _ message: String, _ fields: [String: String], timestamp: String) -> String {
        let sortedFields = fields.sorted { $0.key < $1.key }
        switch format {
        case .json:
            var line = #"{"timestamp":\#(JSONText.quoted(timestamp)),"level":"\#(level.name)""#
            if let requestID { line += #","requestId":\#(JSONText.quoted(requestID))"# }
            line += #","message":\#(JSONText.quoted(message))"#
            for (key, value) in sortedFields where !Self.reservedKeys.contains(key) {
                line += ",\(JSONText.quoted(key)):\(JSONText.quoted(value))"
            }
            return line + "}"
        case .text:
            var line = "\(timestamp)\t\(requestID ?? "-")\t\(level.name)\t\(Self.singleLine(message))"
            for (key, value) in sortedFields {
                let plain = !value.isEmpty && !value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
                line += " \(Self.singleLine(key))=\(plain ? value : JSONText.quoted(value))"
            }
            return line
        }
    }

    /// Field names that would overwrite the JSON line's own members.
    private static let reservedKeys: Set<String> = ["timestamp", "level", "requestId", "message"]

    /// Writes a line as it is, whatever the level or format: for lines other tools parse (a
    /// CloudWatch Embedded Metric Format line), which must stay exactly as written.
    public static func writeLine(_ line: String) {
        writeStandardError(singleLine(line) + "\n")
    }

    static func writeStandardError(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { raw in Socket.retryingInterrupts { write(2, raw.baseAddress!, raw.count) } }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    private static func singleLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return text.replacingNewlines
    }
}

extension String {
    fileprivate var replacingNewlines: String {
        var out = ""
        for character in self {
            switch character {
            case "\n": out += "\\n"
            case "\r\n": out += "\\r\\n"
            case "\r": out += "\\r"
            default: out.append(character)
            }
        }
        return out
    }
}
