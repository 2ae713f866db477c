/// Windows' own OpenSSH server (Windows Server 2019 and later) logs to the
/// `OpenSSH/Operational` channel under the provider `OpenSSH`: each event carries the
/// process (`sshd`) and sshd's own message (`payload`), in the same words as on Unix. The
/// CloudWatch agent's `text` rendering shows it as `sshd: <message>`. These are SSH logins
/// and failures like any other, read by `OpenSSHLine`.
enum WindowsOpenSSH {
    static let provider = "OpenSSH"

    /// The verdict for an OpenSSH event; nil when another provider wrote the event.
    static func verdict(for record: WindowsEventRecord) -> LineVerdict? {
        guard record.provider == provider || record.channel.hasPrefix("OpenSSH/") else { return nil }
        guard let (process, payload) = processAndPayload(record) else { return .ignored }
        let line = SyslogLine(host: record.computer, program: process, message: Substring(payload))
        return OpenSSHLine.verdict(for: line) ?? .ignored
    }

    /// The process name without `.exe`, and sshd's message. In the text rendering the message
    /// is `<process>: <payload>`; without that prefix the whole message is the payload.
    static func processAndPayload(_ record: WindowsEventRecord) -> (process: String?, payload: String)? {
        if let payload = record.fields["payload"] {
            return (record.fields["process"].map(executableName), payload)
        }
        guard let message = record.message?.trimmed, !message.isEmpty else { return nil }
        if let colon = message.firstRange(of: ": ") {
            let process = message[..<colon.lowerBound]
            if !process.isEmpty, !process.contains(" ") {
                return (executableName(String(process)), String(message[colon.upperBound...]))
            }
        }
        return (nil, message)
    }

    private static func executableName(_ process: String) -> String {
        process.lowercased().hasSuffix(".exe") ? String(process.dropLast(4)) : process
    }
}
