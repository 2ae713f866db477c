import SecurityEvents
import WatchpostCore

/// The function's response for a log batch — a contract: tests and tools read these names.
/// Every listed field is always present; what a line does not carry is JSON null. `unreadable`
/// (log events that could not be read, by position and reason) appears only when there are any.
public struct LoginReport: Encodable, Sendable, Equatable {
    public var logins: [LoginEntry]
    public var failures: [FailureEntry]
    public var ignored: Int
    public var notifications: [AlertDelivery]
    /// Log events that could not be read, by position and reason (in the response only when any).
    public var unreadable: [CloudWatchLogsData.UnreadableLogEvent] = []
    /// Not in the response: indices into `logins` of the ones alerted on (or that would have
    /// been, in a dry run), and the failure bursts alerted on. Findings and metrics read them.
    public var alerted: [Int] = []
    public var bursts: [LoginAssessment.Burst] = []
    /// Not in the response: where the batch came from, for the log line.
    public var batch: BatchOrigin?
    /// For a Kinesis batch only (present, possibly empty): the records to deliver again, by
    /// sequence number. A record that cannot be read is one: after its retries, Lambda sends it
    /// to the on-failure destination, so it is never lost.
    public var batchItemFailures: [BatchItemFailure]?

    public struct BatchOrigin: Sendable, Equatable {
        public var logGroup: String
        public var logStream: String
        /// How the instance was looked up (`InstanceLookup.summary`).
        public var instance: String
        public var dryRun: Bool
        /// CloudWatch Logs' check that the destination is reachable: nothing to assess.
        public var controlMessage: Bool

        public init(logGroup: String, logStream: String, instance: String, dryRun: Bool, controlMessage: Bool) {
            self.logGroup = logGroup
            self.logStream = logStream
            self.instance = instance
            self.dryRun = dryRun
            self.controlMessage = controlMessage
        }
    }

    public init(logins: [LoginEntry] = [], failures: [FailureEntry] = [], ignored: Int = 0, notifications: [AlertDelivery] = []) {
        self.logins = logins
        self.failures = failures
        self.ignored = ignored
        self.notifications = notifications
    }

    enum CodingKeys: String, CodingKey { case logins, failures, ignored, notifications, unreadable, batchItemFailures }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(logins, forKey: .logins)
        try container.encode(failures, forKey: .failures)
        try container.encode(ignored, forKey: .ignored)
        try container.encode(notifications, forKey: .notifications)
        if !unreadable.isEmpty { try container.encode(unreadable, forKey: .unreadable) }
        if let batchItemFailures { try container.encode(batchItemFailures, forKey: .batchItemFailures) }
    }

    /// The reports of a stream batch's records as one: everything listed once, in record order.
    public static func merging(_ reports: [LoginReport], failures: [BatchItemFailure]) -> LoginReport {
        var merged = LoginReport()
        for report in reports {
            merged.alerted += report.alerted.map { $0 + merged.logins.count }
            merged.logins += report.logins
            merged.failures += report.failures
            merged.ignored += report.ignored
            merged.notifications += report.notifications
            merged.unreadable += report.unreadable
            merged.bursts += report.bursts
        }
        merged.batchItemFailures = failures
        let origins = reports.compactMap(\.batch)
        merged.batch = BatchOrigin(
            logGroup: Array(Set(origins.map(\.logGroup))).sorted().joined(separator: ","),
            logStream: "\(reports.count + failures.count) stream records, \(failures.count) unreadable",
            instance: origins.map(\.instance).joined(separator: ","), dryRun: origins.contains(where: \.dryRun), controlMessage: false)
        return merged
    }
}

public struct LoginEntry: Encodable, Sendable, Equatable {
    public var line: LoginLine
    public var instanceId: String?
    public var instanceName: String?
    public var account: String
    public var region: String
    /// ISO 8601 UTC, from the log event's timestamp.
    public var time: String
    public var production: Bool
    public var notified: Bool

    enum CodingKeys: String, CodingKey {
        case kind, user, domain, sourceIp, port, method, keyType, fingerprint, certificate, logonType, count, host, unparsed
        case instanceId, instanceName, account, region, time, production, notified
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line.kind, forKey: .kind)
        try container.encode(line.user, forKey: .user)
        try container.encode(line.domain, forKey: .domain)
        try container.encode(line.sourceIp, forKey: .sourceIp)
        try container.encode(line.port, forKey: .port)
        try container.encode(line.method, forKey: .method)
        try container.encode(line.keyType, forKey: .keyType)
        try container.encode(line.fingerprint, forKey: .fingerprint)
        try container.encode(line.certificate, forKey: .certificate)
        try container.encode(line.logonType, forKey: .logonType)
        try container.encode(line.count, forKey: .count)
        try container.encode(line.host, forKey: .host)
        try container.encode(line.unparsed, forKey: .unparsed)
        try container.encode(instanceId, forKey: .instanceId)
        try container.encode(instanceName, forKey: .instanceName)
        try container.encode(account, forKey: .account)
        try container.encode(region, forKey: .region)
        try container.encode(time, forKey: .time)
        try container.encode(production, forKey: .production)
        try container.encode(notified, forKey: .notified)
    }
}

public struct FailureEntry: Encodable, Sendable, Equatable {
    public var line: FailureLine

    enum CodingKeys: String, CodingKey { case user, sourceIp, port, invalidUser, count }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line.user, forKey: .user)
        try container.encode(line.sourceIp, forKey: .sourceIp)
        try container.encode(line.port, forKey: .port)
        try container.encode(line.invalidUser, forKey: .invalidUser)
        try container.encode(line.count, forKey: .count)
    }
}
