import WatchpostCore
import Primitives

/// What to do about a public bucket (`REMEDIATION`).
public enum RemediationMode: String, Sendable, Equatable, CaseIterable {
    /// Report and alert only (the default).
    case alert
    /// Turn on the bucket's four Block Public Access settings.
    case blockPublicAccess = "block-public-access"
    /// Rewrite the policy without exactly the public statements (delete it when nothing remains)
    /// and make a public ACL private.
    case removePublicStatements = "remove-public-statements"
}

/// The function's settings, read once from its environment.
public struct CheckerConfiguration: Sendable, Equatable {
    public let mode: RemediationMode
    public let dryRun: Bool
    /// `ALLOW_PUBLIC_BUCKETS`: bucket names, separated by commas or whitespace.
    public let allowPublicBuckets: Set<String>
    /// `EVIDENCE_BUCKET`: where an original policy is kept before it is changed.
    public let evidenceBucket: String?
    /// `ALERT_TOPIC_ARN`, `SLACK_WEBHOOK_URL` or `SLACK_WEBHOOK_PARAMETER` is set.
    public let alertConfigured: Bool
    /// `SWEEP_CONCURRENCY`: buckets checked at once in a sweep (default 8).
    public let sweepConcurrency: Int
    /// `SWEEP_QUEUE_URL`: a scheduled run fans the sweep out over the organization through this
    /// queue (one message per account, and per further page of buckets); unset, it sweeps the
    /// function's own account itself.
    public let sweepQueueURL: String?
    /// `ORGANIZATION_ROLE_ARN`: a read-only role in the management account to list the
    /// organization's accounts with; unset, the function's own role lists them (a delegated administrator).
    public let organizationRoleARN: String?
    /// `SWEEP_ACCOUNTS`: the accounts to sweep when the organization cannot be listed.
    public let sweepAccounts: [String]

    /// `shared` is what the function shell read for every function (dry run, alert channels).
    public init(environment: [String: String], shared: FunctionSettings) throws(ConfigurationError) {
        func value(_ name: String) -> String? {
            (environment[name]?.trimmingWhitespace()).flatMap { $0.isEmpty ? nil : $0 }
        }
        let rawMode = value("REMEDIATION") ?? ""
        guard let mode = rawMode.isEmpty ? .alert : RemediationMode(rawValue: rawMode.lowercased()) else {
            throw ConfigurationError(
                "REMEDIATION=\(rawMode) is not one of \(RemediationMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.mode = mode
        dryRun = shared.dryRun
        alertConfigured = shared.alertsConfigured
        allowPublicBuckets = Set((environment["ALLOW_PUBLIC_BUCKETS"] ?? "")
            .split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init))
        evidenceBucket = value("EVIDENCE_BUCKET")
        if let raw = value("SWEEP_CONCURRENCY") {
            guard let concurrency = Int(raw), (1...64).contains(concurrency) else {
                throw ConfigurationError("SWEEP_CONCURRENCY=\(raw) is not a number from 1 to 64")
            }
            sweepConcurrency = concurrency
        } else {
            sweepConcurrency = 8
        }
        sweepQueueURL = value("SWEEP_QUEUE_URL")
        organizationRoleARN = value("ORGANIZATION_ROLE_ARN")
        switch SweepPlanner.accountList(environment["SWEEP_ACCOUNTS"] ?? "") {
        case .success(let accounts): sweepAccounts = accounts
        case .failure(let error): throw ConfigurationError(error.reason)
        }
    }

    /// Why the bucket's exposure is accepted, or nil: the `watchpost:allow-public` tag (its value
    /// says why) or `ALLOW_PUBLIC_BUCKETS`.
    public func exemption(bucket: String, tags: [String: String]) -> String? {
        if let why = tags[exemptionTag] {
            return why.isEmpty ? "tagged \(exemptionTag)" : "tagged \(exemptionTag): \(why)"
        }
        return allowPublicBuckets.contains(bucket) ? "listed in ALLOW_PUBLIC_BUCKETS" : nil
    }
}

public let exemptionTag = "watchpost:allow-public"

public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
