import SecurityEvents
import Primitives
import WatchpostCore

/// The decision for one log batch: which lines are logins and failures, which logins are
/// news (production), and whether failures from one address amount to a burst.
public struct LoginAssessment: Sendable, Equatable {
    public struct Settings: Sendable, Equatable {
        public var productionTag: ProductionTag
        /// Alert when the instance cannot be identified or looked up: it may be production,
        /// and a login nobody hears about is worse than one message too many.
        public var alertWhenUnknown: Bool
        /// Failures from one address in one batch at or above this count are alerted; nil: never.
        public var failureBurstThreshold: Int?

        public init(productionTag: ProductionTag = .default, alertWhenUnknown: Bool = true, failureBurstThreshold: Int? = nil) {
            self.productionTag = productionTag
            self.alertWhenUnknown = alertWhenUnknown
            self.failureBurstThreshold = failureBurstThreshold
        }
    }

    public struct Burst: Sendable, Equatable {
        public let sourceIp: String
        public let attempts: Int
        public let users: [String]
    }

    /// The batch's instance, as far as it is known, and whether it is production.
    public var instanceId: String?
    public var instanceName: String?
    public var production: Bool
    /// Logins in log order, `notified` still false (the handler sets it after delivery).
    public var logins: [LoginEntry]
    public var failures: [FailureEntry]
    public var ignored: Int
    /// Indices into `logins` of the ones to notify about.
    public var alerting: [Int]
    public var bursts: [Burst]
    /// Log events of the batch that could not be read: reported, never a reason to drop the rest.
    public var unreadable: [CloudWatchLogsData.UnreadableLogEvent] = []

    public var needsNotification: Bool { !alerting.isEmpty || !bursts.isEmpty }

    /// Classifies every line. Instance facts are only needed when there is a login or a
    /// failure, so the handler can skip the lookup for a batch of noise.
    public static func verdicts(_ data: CloudWatchLogsData) -> [LineVerdict] {
        data.logEvents.map { LogLineClassifier.verdict(for: $0.message) }
    }

    public static func assess(_ data: CloudWatchLogsData, verdicts: [LineVerdict], region: String,
                              instanceId: String?, instance: InstanceLookup, settings: Settings) -> LoginAssessment {
        let tags = instance.tags
        let production = tags.map(settings.productionTag.matches) ?? false
        let unknown = tags == nil
        let alertable = production || (unknown && settings.alertWhenUnknown)
        var assessment = LoginAssessment(instanceId: instanceId, instanceName: tags?["Name"], production: production,
                                         logins: [], failures: [], ignored: 0, alerting: [], bursts: [])
        for (event, verdict) in zip(data.logEvents, verdicts) {
            switch verdict {
            case .login(let line):
                if alertable { assessment.alerting.append(assessment.logins.count) }
                assessment.logins.append(LoginEntry(
                    line: line, instanceId: instanceId, instanceName: tags?["Name"], account: data.owner, region: region,
                    time: UTCTime(epochMilliseconds: event.timestamp).iso8601, production: production, notified: false))
            case .failure(let line):
                assessment.failures.append(FailureEntry(line: line))
            case .ignored:
                assessment.ignored += 1
            }
        }
        assessment.unreadable = data.unreadableLogEvents
        if alertable, let threshold = settings.failureBurstThreshold {
            assessment.bursts = bursts(assessment.failures.map(\.line), threshold: threshold)
        }
        return assessment
    }

    static func bursts(_ failures: [FailureLine], threshold: Int) -> [Burst] {
        var attempts: [String: Int] = [:]
        var users: [String: [String]] = [:]
        var order: [String] = []
        for failure in failures {
            let source = failure.sourceIp ?? "unknown"
            if attempts[source] == nil { order.append(source) }
            attempts[source, default: 0] += failure.count
            if let user = failure.user, !(users[source]?.contains(user) ?? false) { users[source, default: []].append(user) }
        }
        return order.filter { attempts[$0, default: 0] >= max(threshold, 1) }
            .map { Burst(sourceIp: $0, attempts: attempts[$0, default: 0], users: users[$0] ?? []) }
    }

    /// The response, once delivery is done: logins that went out in a sent notification are marked.
    public func report(notifications: [AlertDelivery]) -> LoginReport {
        let delivered = notifications.contains { $0.status == .done }
        var logins = self.logins
        if delivered { for index in alerting { logins[index].notified = true } }
        var report = LoginReport(logins: logins, failures: failures, ignored: ignored, notifications: notifications)
        report.unreadable = unreadable
        report.alerted = alerting
        report.bursts = bursts
        return report
    }
}
