import FoundationEssentials

extension AWSClient {
    public var eventBridge: EventBridge { EventBridge(client: self) }
}

extension AWSOperation {
    public enum EventBridge {
        public static let putEvents = AWSOperation(.eventBridge, "PutEvents", iam: ["events:PutEvents"])
    }
}

/// Amazon EventBridge: putting events on a bus.
public struct EventBridge: Sendable {
    let client: AWSClient

    /// PutEvents takes at most this many entries per call.
    public static let batchLimit = 10

    public struct Entry: Sendable, Equatable, Encodable {
        public let Source: String
        public let DetailType: String
        /// The event's `detail`: a JSON object, as text.
        public let Detail: String
        public let EventBusName: String

        public init(source: String, detailType: String, detail: String, eventBusName: String) {
            Source = source
            DetailType = detailType
            Detail = detail
            EventBusName = eventBusName
        }
    }

    /// An entry EventBridge did not take, after the retries.
    public struct FailedEntry: Sendable, Equatable, Encodable {
        public let detailType: String
        public let code: String
        public let message: String

        public init(detailType: String, code: String, message: String) {
            self.detailType = detailType
            self.code = code
            self.message = message
        }
    }

    public struct PutResult: Sendable, Equatable {
        public var sent = 0
        public var failed: [FailedEntry] = []
    }

    private struct PutInput: Encodable { let Entries: [Entry] }
    private struct PutOutput: Decodable {
        struct Result: Decodable { let EventId: String?; let ErrorCode: String?; let ErrorMessage: String? }
        let Entries: [Result]
    }

    /// Entry errors worth sending again: EventBridge's own faults and throttling. Anything else
    /// (a malformed detail, a missing bus, access denied) fails the same way the next time.
    static let retryableEntryCodes: Set<String> = ["InternalFailure", "InternalException", "ThrottlingException",
                                                   "ServiceUnavailable"]

    /// Puts the entries, `batchLimit` per call. PutEvents can succeed as a call and still
    /// refuse some entries: those with a retryable code are sent again under the client's
    /// retry policy (backoff, attempts, deadline); the rest, and any still refused, come back
    /// in `failed`. A call that fails outright throws, after earlier batches were sent.
    public func putEvents(_ entries: [Entry]) async throws -> PutResult {
        var result = PutResult()
        for start in stride(from: 0, to: entries.count, by: Self.batchLimit) {
            var pending = Array(entries[start..<min(start + Self.batchLimit, entries.count)])
            var attempt = 0
            while !pending.isEmpty {
                attempt += 1
                let output = try await client.json(.EventBridge.putEvents, input: PutInput(Entries: pending),
                                                   as: PutOutput.self)
                var retry: [Entry] = []
                for (entry, answer) in zip(pending, output.Entries) {
                    guard let code = answer.ErrorCode else { result.sent += 1; continue }
                    if Self.retryableEntryCodes.contains(code), attempt < client.retryPolicy.maxAttempts {
                        retry.append(entry)
                    } else {
                        result.failed.append(FailedEntry(detailType: entry.DetailType, code: code, message: answer.ErrorMessage ?? ""))
                    }
                }
                if !retry.isEmpty {
                    AWSCallTally.current?.recordRetry()
                    guard try await client.pause(after: attempt) else {
                        result.failed += retry.map { FailedEntry(detailType: $0.DetailType, code: "DeadlineExceeded",
                                                                 message: "no time left to retry") }
                        break
                    }
                }
                pending = retry
            }
        }
        return result
    }
}
