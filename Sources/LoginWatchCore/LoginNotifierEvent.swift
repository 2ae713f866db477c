import WatchpostCore
import SecurityEvents

/// What arrives: a CloudWatch Logs subscription batch, or Slack's callback through the
/// function URL. Decoding never fails on shape; the handler names what it cannot use.
public enum LoginNotifierEvent: Decodable, Sendable {
    case logs(CloudWatchLogsEvent)
    /// Member accounts' logs through the security account's CloudWatch Logs destination: each
    /// record's data is what `awslogs.data` would be.
    case stream(KinesisEvent)
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
            } else if keys.contains("Records"), let stream = try? KinesisEvent(from: decoder),
                      !stream.records.isEmpty, stream.records.allSatisfy({ $0.eventSource == KinesisEvent.eventSource }) {
                self = .stream(stream)
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
    /// `answer` is what a "was this you?" button decided, for findings and events; Slack sees
    /// only the HTTP response. Nil when the callback was refused or not about a login.
    case http(FunctionURLResponse, answer: SlackAnswer? = nil)

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .report(let report): try report.encode(to: encoder)
        case .http(let response, _): try response.encode(to: encoder)
        }
    }
}

/// A verified answer to "was this you?": the login it is about and, for "no", the incident
/// and whether it was published (done), held back by a dry run (skipped), or could not be
/// (failed: no incident topic, or SNS refused).
public struct SlackAnswer: Encodable, Sendable, Equatable {
    public var login: LoginReference
    public var incident: SlackInteraction.Incident?
    public var incidentStatus: StepStatus?

    public init(login: LoginReference, incident: SlackInteraction.Incident? = nil, incidentStatus: StepStatus? = nil) {
        self.login = login
        self.incident = incident
        self.incidentStatus = incidentStatus
    }
}
