import FoundationEssentials

/// The half-open window `[start, end)` whose activity is read.
public struct TimeWindow: Sendable, Equatable {
    public let start: Date
    public let end: Date
    /// `start` and `end` as CloudTrail writes `eventTime` (`2026-11-20T08:38:05Z`): such
    /// strings order like the instants they name, so a record is filtered without parsing.
    public let startText: String
    public let endText: String

    /// LookupEvents reaches 90 days back.
    public static let lookupEventsLimit: TimeInterval = 90 * 86_400

    public init(start: Date, end: Date) throws(PolicyRequestError) {
        guard start < end else {
            throw .invalidWindow(start == end ? "the window is empty (start == end)" : "the window is inverted (start after end)")
        }
        self.start = start
        self.end = end
        startText = Self.format(start)
        endText = Self.format(end)
    }

    public init(start: String, end: String) throws(PolicyRequestError) {
        guard let from = Self.parse(start) else { throw .invalidWindow("start is not an ISO 8601 time: \(start)") }
        guard let to = Self.parse(end) else { throw .invalidWindow("end is not an ISO 8601 time: \(end)") }
        try self.init(start: from, end: to)
    }

    /// Whether a record's `eventTime` lies in the window.
    public func contains(eventTime: String) -> Bool {
        if eventTime.utf8.count == 20, eventTime.utf8.last == UInt8(ascii: "Z") {
            return startText <= eventTime && eventTime < endText
        }
        guard let time = Self.parse(eventTime) else { return false }
        return start <= time && time < end
    }

    public var duration: TimeInterval { end.timeIntervalSince(start) }

    /// ISO 8601 with or without fractional seconds, or a bare date (midnight UTC).
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        if text.count == 10, let date = try? Date.ISO8601FormatStyle().parse(text + "T00:00:00Z") { return date }
        return nil
    }

    public static func format(_ date: Date) -> String {
        // Whole seconds: CloudTrail's own precision.
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(Date.ISO8601FormatStyle())
    }
}
