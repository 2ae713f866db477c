import FoundationEssentials
import Primitives

/// The tags watchpost writes: on the instance (the quarantine and what it changed, for
/// people: a release restores from the record in the evidence bucket, never from these), on
/// its own security groups, snapshots and workstation (in the creating call).
public enum QuarantineTags {
    public static let incident = "watchpost:quarantine"
    public static let reason = "watchpost:quarantine-reason"
    public static let finding = "watchpost:quarantine-finding"
    public static let time = "watchpost:quarantine-time"
    public static let originalGroupsPrefix = "watchpost:original-groups:"
    public static let originalProfile = "watchpost:original-profile"
    public static let originalASG = "watchpost:original-asg"
    public static let originalEIPPrefix = "watchpost:original-eip:"
    public static let released = "watchpost:released"
    /// When the incident was last published: a redelivery that changes nothing stays silent.
    public static let notified = "watchpost:quarantine-notified"

    /// On watchpost's security groups: which of the two (or the workstation's) a group is.
    public static let groupRole = "watchpost:group"
    /// Added once watchpost has configured its group (the role tag is there from creation).
    public static let groupReady = "watchpost:group-ready"
    public static let allowAllRole = "allow-all"
    public static let isolationRole = "isolation"
    public static let forensicRole = "forensic"
    /// On snapshots, volumes and the workstation: the incident they belong to.
    public static let incidentResource = "watchpost:incident"
    public static let workstationFor = "watchpost:forensic-workstation-for"

    /// EC2 tag values are at most 256 characters.
    static let maximumValueLength = 256

    public static func originalGroups(_ interfaceId: String) -> String { originalGroupsPrefix + interfaceId }
    public static func originalEIP(_ interfaceId: String) -> String { originalEIPPrefix + interfaceId }

    /// "sg-1,sg-2" ⇄ ["sg-1", "sg-2"].
    public static func groupList(_ groups: [String]) -> String { groups.joined(separator: ",") }
    public static func groups(fromTag value: String) -> [String] {
        value.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    static func truncated(_ value: String) -> String {
        value.count <= maximumValueLength ? value : String(value.prefix(maximumValueLength - 1)) + "…"
    }

    /// Every instance tag a quarantine adds (what a release removes).
    public static func isQuarantineTag(_ key: String) -> Bool {
        [incident, reason, finding, time, notified, originalProfile, originalASG].contains(key)
            || key.hasPrefix(originalGroupsPrefix) || key.hasPrefix(originalEIPPrefix)
    }
}

/// The incident a quarantine belongs to: its id names tags, snapshots, the evidence prefix,
/// the session-deny policy and the message to the team.
public struct IncidentContext: Sendable, Equatable {
    public var incidentId: String
    public var account: String
    public var region: String
    public var reason: String
    public var findingId: String?
    public var now: Date

    public init(incidentId: String, account: String, region: String, reason: String, findingId: String?, now: Date) {
        self.incidentId = incidentId
        self.account = account
        self.region = region
        self.reason = reason
        self.findingId = findingId
        self.now = now
    }

    /// The instance's existing incident when already quarantined (a redelivery, or GuardDuty
    /// re-sending the finding), else a new one: `wp-<instance>-<UTC time>`.
    public static func incidentId(for instanceId: String, existing: String?, now: Date) -> String {
        if let existing, !existing.isEmpty { return existing }
        return "wp-\(instanceId)-\(compactTimestamp(now))"
    }

    /// 2026-11-25T22:33:12Z → 20261125T223312Z.
    static func compactTimestamp(_ date: Date) -> String {
        String(timestamp(date).filter { $0 != "-" && $0 != ":" })
    }

    static func timestamp(_ date: Date) -> String { date.formatted(.iso8601) }

    public var timestamp: String { Self.timestamp(now) }

    /// Where this incident's evidence goes in EVIDENCE_BUCKET.
    public func evidencePrefix(instanceId: String) -> String {
        "watchpost/\(account)/\(region)/\(instanceId)/\(incidentId)/"
    }

    /// The inline policy on the role that denies sessions issued before the quarantine.
    public var sessionDenyPolicyName: String { "watchpost-deny-sessions-\(incidentId)" }
}
