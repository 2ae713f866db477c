import SecurityEvents
import Primitives

/// What the echo function is asked to do; every member is optional, and they are acted on in
/// this order: `log`, `sleep`, `exit`, `fail`, then the response (`httpGet`, `big`, `context`
/// or `echo`).
struct EchoEvent: Decodable {
    /// Writes a log line through the invocation's logger.
    struct LogLine: Decodable {
        let level: String
        let message: String
        let fields: [String: String]?
    }

    /// Returned as the response.
    let echo: JSONValue?
    /// Thrown as an `EchoFailure` with this message.
    let fail: String?
    /// Milliseconds to sleep before answering.
    let sleep: Int?
    /// Answer with a JSON string of this many bytes (quotes included).
    let big: Int?
    /// Exits the process at once with this status, as a crash would.
    let exit: Int32?
    let log: LogLine?
    /// Answer with what the invocation context holds.
    let context: Bool?
    /// GET this URL through AWSClient's libcurl transport; answer status, body, libcurl file.
    let httpGet: String?
}
