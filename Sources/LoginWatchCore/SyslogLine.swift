import FoundationEssentials

/// One line of a Unix log, split into who wrote it and what it says. Recognises the prefixes
/// real systems put in front of a message: BSD syslog (`Dec 10 09:32:20 host sshd[24680]: `),
/// RFC 3339 timestamps (rsyslog on Debian 12+ and Ubuntu 24.04), the macOS unified log's
/// `2020-03-24 08:38:44.727732-0700  host sshd[pid]: ` (EC2 Mac instances), RFC 5424, journalctl's
/// `short-*` outputs, journalctl `-o json` lines and `-o export` records (shipped whole with a
/// multi-line pattern, or line by line), and a bare message with no prefix at all.
struct SyslogLine: Equatable, Sendable {
    var host: String?
    /// The tag (`sshd`, `sshd-session`, …); nil for a bare message.
    var program: String?
    var message: Substring

    init(host: String? = nil, program: String? = nil, message: Substring) {
        self.host = host
        self.program = program
        self.message = message
    }

    static func parse(_ line: String) -> SyslogLine {
        let trimmed = Substring(line).trimmingTrailingNewlines
        if trimmed.first == "{", let journal = journalJSON(trimmed) { return journal }
        if let journal = journalExport(trimmed) { return journal }
        var scanner = Scanner(trimmed)
        scanner.skipPriority()
        if let parsed = rfc5424(scanner) { return parsed }
        let timestamps: [(inout Scanner) -> Bool] = [
            { $0.skipBSDTimestamp() }, { $0.skipISOTimestamp() }, { $0.skipWeekdayTimestamp() }, { $0.skipUnixTimestamp() },
            { $0.skipSpacedTimestamp() },
        ]
        for timestamp in timestamps {
            var attempt = scanner
            guard timestamp(&attempt), attempt.skip(" ") else { continue }
            while attempt.skip(" ") {}  // macOS pads the timestamp with two spaces
            if let parsed = hostAndTag(attempt) { return parsed }
        }
        return SyslogLine(message: trimmed)
    }

    /// `host tag[pid]: message`, or `host facility.level tag[pid]: message` (busybox syslogd
    /// on Alpine).
    private static func hostAndTag(_ start: Scanner) -> SyslogLine? {
        var scanner = start
        let host = scanner.word()
        guard !host.isEmpty, scanner.skip(" ") else { return nil }
        var withPriority = scanner
        let priority = withPriority.word()
        if withPriority.skip(" "), isFacilityLevel(priority), let parsed = tag(withPriority, host: host) { return parsed }
        return tag(scanner, host: host)
    }

    private static func isFacilityLevel(_ word: Substring) -> Bool {
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }
    }

    private static func tag(_ start: Scanner, host: Substring) -> SyslogLine? {
        var scanner = start
        let tag = scanner.take { $0 != " " && $0 != "[" && $0 != ":" }
        guard !tag.isEmpty else { return nil }
        if scanner.skip("[") {
            _ = scanner.take { $0 != "]" && $0 != " " }  // the pid
            guard scanner.skip("]") else { return nil }
        }
        guard scanner.skip(":") else { return nil }
        _ = scanner.skip(" ")
        return SyslogLine(host: String(host), program: String(tag), message: scanner.rest)
    }

    /// `<PRI>1 TIMESTAMP HOST APP-NAME PROCID MSGID STRUCTURED-DATA MSG` (RFC 5424).
    private static func rfc5424(_ start: Scanner) -> SyslogLine? {
        var scanner = start
        guard scanner.skip("1 ") else { return nil }
        let fields = (0..<5).map { _ -> Substring in
            let value = scanner.word()
            _ = scanner.skip(" ")
            return value
        }
        guard fields.allSatisfy({ !$0.isEmpty }), scanner.skipStructuredData() else { return nil }
        _ = scanner.skip(" ")
        let value = { (field: Substring) in field == "-" ? nil : String(field) }
        return SyslogLine(host: value(fields[1]), program: value(fields[2]), message: scanner.rest)
    }

    /// A `journalctl -o json` line: the fields journald keeps, MESSAGE among them.
    private static func journalJSON(_ line: Substring) -> SyslogLine? {
        guard let object = try? JSONDecoder().decode([String: JournalField].self, from: Data(line.utf8)),
              let message = object["MESSAGE"]?.text else { return nil }
        return SyslogLine(host: object["_HOSTNAME"]?.text,
                          program: object["SYSLOG_IDENTIFIER"]?.text ?? object["_COMM"]?.text,
                          message: Substring(message))
    }

    /// A `journalctl -o export` record: `KEY=value` lines, MESSAGE among them. A record split
    /// into single lines leaves `MESSAGE=…` alone, read as a bare message.
    private static func journalExport(_ text: Substring) -> SyslogLine? {
        guard text.hasPrefix("__CURSOR=") || text.hasPrefix("MESSAGE=") || text.contains("\nMESSAGE=") else { return nil }
        var fields: [Substring: Substring] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }  // binary fields have no '='
            let key = line[..<equals]
            if fields[key] == nil { fields[key] = line[line.index(after: equals)...] }
        }
        guard let message = fields["MESSAGE"] else { return nil }
        return SyslogLine(host: fields["_HOSTNAME"].map(String.init),
                          program: (fields["SYSLOG_IDENTIFIER"] ?? fields["_COMM"]).map(String.init), message: message)
    }

    /// journald writes strings, but a field with non-UTF-8 bytes becomes an array of numbers.
    private enum JournalField: Decodable {
        case text(String), other
        init(from decoder: any Decoder) throws {
            self = (try? decoder.singleValueContainer().decode(String.self)).map(JournalField.text) ?? .other
        }
        var text: String? { if case .text(let value) = self { value } else { nil } }
    }
}

/// A forward-only reader over a substring for the fixed-shape prefixes above.
struct Scanner {
    private(set) var rest: Substring

    init(_ text: Substring) { rest = text }

    var isAtEnd: Bool { rest.isEmpty }

    mutating func skip(_ literal: String) -> Bool {
        guard rest.hasPrefix(literal) else { return false }
        rest = rest.dropFirst(literal.count)
        return true
    }

    mutating func take(while predicate: (Character) -> Bool) -> Substring {
        let taken = rest.prefix(while: predicate)
        rest = rest[taken.endIndex...]
        return taken
    }

    mutating func word() -> Substring { take { $0 != " " } }

    /// Up to `range.upperBound` digits, at least `range.lowerBound`.
    mutating func digits(_ range: ClosedRange<Int>) -> Substring? {
        let taken = rest.prefix(while: \.isASCIIDigit).prefix(range.upperBound)
        guard range.contains(taken.count) else { return nil }
        rest = rest[taken.endIndex...]
        return taken
    }

    mutating func skipPriority() {
        var attempt = self
        if attempt.skip("<"), attempt.digits(1...3) != nil, attempt.skip(">") { self = attempt }
    }

    /// `hh:mm:ss` with optional fraction.
    mutating func skipClock() -> Bool {
        guard digits(2...2) != nil, skip(":"), digits(2...2) != nil, skip(":"), digits(2...2) != nil else { return false }
        if skip(".") || skip(",") { return digits(1...9) != nil }
        return true
    }

    /// `Dec 10 09:32:20`, `Dec  1 09:32:20`, `May 01 10:00:00.123456` (journalctl short-precise).
    mutating func skipBSDTimestamp() -> Bool {
        let month = take { $0.isASCIIAlphanumeric }
        guard Self.months.contains(String(month)), skip(" ") else { return false }
        _ = skip(" ")
        guard digits(1...2) != nil, skip(" ") else { return false }
        return skipClock()
    }

    /// RFC 3339 / ISO 8601: `2024-05-01T10:00:00.123456+00:00`, `…+0000` (journalctl short-iso), `…Z`.
    mutating func skipISOTimestamp() -> Bool {
        guard skipDate(), skip("T"), skipClock() else { return false }
        if skip("Z") { return true }
        return skipOffset()
    }

    /// `+hh:mm`, `-hhmm`.
    private mutating func skipOffset() -> Bool {
        guard skip("+") || skip("-"), digits(2...2) != nil else { return false }
        _ = skip(":")
        return digits(2...2) != nil
    }

    /// A date and a clock separated by a space, with an optional offset: the macOS unified
    /// log (`log show`, `/var/log/system.log` on recent macOS) writes
    /// `2020-03-24 08:38:44.727732-0700`.
    mutating func skipSpacedTimestamp() -> Bool {
        guard skipDate(), skip(" "), skipClock() else { return false }
        var withOffset = self
        if withOffset.skipOffset() { self = withOffset }
        return true
    }

    /// journalctl short-full: `Wed 2024-05-01 10:00:00 UTC`.
    mutating func skipWeekdayTimestamp() -> Bool {
        let weekday = take { $0.isASCIIAlphanumeric }
        guard weekday.count == 3, skip(" "), skipDate(), skip(" "), skipClock(), skip(" ") else { return false }
        return !take { $0.isASCIIAlphanumeric || "+-:/_".contains($0) }.isEmpty
    }

    /// journalctl short-unix: `1714557600.123456`.
    mutating func skipUnixTimestamp() -> Bool {
        guard digits(9...11) != nil else { return false }
        if skip(".") { return digits(1...9) != nil }
        return true
    }

    private mutating func skipDate() -> Bool {
        digits(4...4) != nil && skip("-") && digits(2...2) != nil && skip("-") && digits(2...2) != nil
    }

    /// RFC 5424 STRUCTURED-DATA: `-` or one or more `[id k="v" …]` (values may escape `]`).
    mutating func skipStructuredData() -> Bool {
        if skip("-") { return true }
        guard rest.first == "[" else { return false }
        while rest.first == "[" {
            var escaped = false
            var index = rest.index(after: rest.startIndex)
            while index < rest.endIndex {
                let character = rest[index]
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "]" { break }
                index = rest.index(after: index)
            }
            guard index < rest.endIndex else { return false }
            rest = rest[rest.index(after: index)...]
        }
        return true
    }

    private static let months: Set<String> = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

extension Substring {
    var trimmingTrailingNewlines: Substring {
        var copy = self
        while let last = copy.last, last == "\n" || last == "\r" || last == "\r\n" { copy = copy.dropLast() }
        return copy
    }
}
