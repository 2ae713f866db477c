import Primitives

/// A Windows event as the CloudWatch agent ships it, in either `event_format`:
/// `xml` (the rendered event XML) or `text`
/// (`[Channel] [LEVEL] [EventID] [Provider] [Computer] [rendered message]`).
/// `fields` uses the XML names (`TargetUserName`, `IpAddress`, …) whichever rendering arrived.
struct WindowsEventRecord: Equatable, Sendable {
    var eventID: Int
    var provider: String
    var channel: String
    var computer: String?
    var fields: [String: String]
    /// The rendered message of a `text` event, as written; nil for `xml`.
    var message: String? = nil

    static func parse(_ message: String) -> WindowsEventRecord? {
        let trimmed = message.drop { $0.isWhitespace }
        if trimmed.hasPrefix("<") { return xml(String(trimmed)) }
        if trimmed.hasPrefix("[") { return text(trimmed) }
        return nil
    }

    // MARK: - xml

    static func xml(_ text: String) -> WindowsEventRecord? {
        guard let event = try? XML.parse(Array(text.utf8)), event.name == "Event",
              let system = event.child("System"),
              let eventID = system.child("EventID").flatMap({ Int($0.text.trimmed) }),
              let provider = system.child("Provider")?.attributes["Name"] else { return nil }
        var fields: [String: String] = [:]
        // Security events: <EventData><Data Name='TargetUserName'>…</Data>…
        for data in event.child("EventData")?.children("Data") ?? [] {
            if let name = data.attributes["Name"] { fields[name] = data.text }
        }
        // TerminalServices events: <UserData><EventXML><User>…</User><Address>…</Address>…
        for container in event.child("UserData")?.children ?? [] {
            for leaf in container.children where leaf.children.isEmpty {
                fields[leaf.name] = leaf.text
            }
        }
        return WindowsEventRecord(eventID: eventID, provider: provider,
                                  channel: system.child("Channel")?.text ?? "",
                                  computer: system.child("Computer")?.text, fields: fields)
    }

    // MARK: - text

    static func text(_ line: Substring) -> WindowsEventRecord? {
        var rest = line
        var header: [Substring] = []
        for _ in 0..<5 {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
            header.append(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.first == " " else { return nil }
            rest = rest.dropFirst()
        }
        guard rest.first == "[", let eventID = Int(header[2]) else { return nil }
        var body = rest.dropFirst()
        while let last = body.last, last.isWhitespace { body = body.dropLast() }
        guard body.last == "]" else { return nil }
        let message = RenderedMessage(body.dropLast())
        return WindowsEventRecord(eventID: eventID, provider: String(header[3]), channel: String(header[0]),
                                  computer: String(header[4]), fields: message.fields(forEvent: eventID),
                                  message: String(body.dropLast()))
    }
}

/// The human-readable message Windows renders (`Account Name:\t\tAdministrator` under
/// `New Logon:`), read back into the event's XML field names.
///
/// The rendering does not escape anything, so a user name sent by a client can contain a
/// line break and a forged `Source Network Address:`. Fields are therefore taken from where
/// Windows puts them: the name from the first matching line of its own section, and the
/// network fields, which Windows writes after every client-supplied value, from the last
/// matching line.
struct RenderedMessage {
    struct Line { var section: String; var key: String; var value: String }
    let lines: [Line]

    init(_ text: Substring) {
        var section = ""
        var lines: [Line] = []
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            let indented = raw.first == "\t" || raw.first == " "
            let line = raw.trimmed
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmed
            let value = line[line.index(after: colon)...].trimmed
            if value.isEmpty, !indented {
                section = key
            } else {
                lines.append(Line(section: section, key: key, value: value))
            }
        }
        self.lines = lines
    }

    func first(_ key: String, in section: String) -> String? {
        lines.first { $0.section == section && $0.key == key }?.value
    }

    func first(_ key: String) -> String? { lines.first { $0.key == key }?.value }

    func last(_ key: String) -> String? { lines.last { $0.key == key }?.value }

    func fields(forEvent eventID: Int) -> [String: String] {
        var fields: [String: String] = [:]
        func set(_ name: String, _ value: String?) { if let value { fields[name] = value } }
        switch eventID {
        case 4624, 4625:
            let account = eventID == 4624 ? "New Logon" : "Account For Which Logon Failed"
            set("TargetUserName", first("Account Name", in: account))
            set("TargetDomainName", first("Account Domain", in: account))
            set("TargetUserSid", first("Security ID", in: account))
            set("LogonType", first("Logon Type"))
            set("Status", first("Status", in: "Failure Information"))
            set("SubStatus", first("Sub Status", in: "Failure Information"))
            set("IpAddress", last("Source Network Address"))
            set("IpPort", last("Source Port"))
            set("AuthenticationPackageName", last("Authentication Package"))
        case 4778:
            set("AccountName", first("Account Name", in: "Subject"))
            set("AccountDomain", first("Account Domain", in: "Subject"))
            set("SessionName", last("Session Name"))
            set("ClientAddress", last("Client Address"))
        default:
            // TerminalServices-LocalSessionManager: `User: DOMAIN\name`, `Source Network Address: …`.
            set("User", first("User"))
            set("SessionID", first("Session ID"))
            set("Address", last("Source Network Address"))
        }
        return fields
    }
}

extension StringProtocol {
    var trimmed: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
