/// The meaning of one CloudWatch log event's message, whichever system wrote it.
public enum LogLineClassifier {
    public static func verdict(for message: String) -> LineVerdict {
        if let record = WindowsEventRecord.parse(message) {
            if let ssh = WindowsOpenSSH.verdict(for: record) { return ssh }
            return WindowsLogon.verdict(for: record)
        }
        return OpenSSHLine.verdict(for: SyslogLine.parse(message)) ?? .ignored
    }
}
