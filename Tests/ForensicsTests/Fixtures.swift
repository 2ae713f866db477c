import Foundation

@testable import ForensicsCore
@testable import Forensics

/// Instances in the states the planners must handle, described as the handler would find them.
enum Fixtures {
    static let now = Date(timeIntervalSince1970: 1_795_647_192)  // 2026-11-25T22:53:12Z
    static let incidentId = "wp-i-0123456789abcdef0-20261125T225312Z"
    static let incident = IncidentContext(
        incidentId: incidentId, account: "111122223333", region: "us-east-1",
        reason: "Command and Control server domain name queried", findingId: "7ac6f1f0", now: now)
    static let profile = "arn:aws:iam::111122223333:instance-profile/web-app"

    /// Running, in an Auto Scaling group with a target group, a second target group of its own,
    /// two interfaces (one with an Elastic IP), two volumes, an instance profile; nothing done.
    static var fresh: InstanceFacts {
        InstanceFacts(
            instanceId: "i-0123456789abcdef0", state: "running", vpcId: "vpc-1", subnetId: "subnet-1",
            availabilityZone: "us-east-1a", rootDeviceName: "/dev/xvda",
            tags: ["Name": "web-app", "aws:autoscaling:groupName": "web-asg"],
            interfaces: [.init(id: "eni-1", groupIds: ["sg-web"]), .init(id: "eni-2", groupIds: ["sg-web", "sg-mgmt"])],
            volumes: [.init(id: "vol-root", deviceName: "/dev/xvda", deleteOnTermination: true),
                      .init(id: "vol-data", deviceName: "/dev/sdf", deleteOnTermination: false)],
            profileAssociation: .init(associationId: "iip-assoc-1", profileArn: profile),
            terminationProtection: false, shutdownBehavior: "terminate",
            autoScalingGroup: "web-asg", autoScalingTargetGroups: ["tg-asg"], targetGroups: [.init(targetGroupArn: "tg-asg", port: 80), .init(targetGroupArn: "tg-admin", port: 8080)],
            elasticIPs: [.init(publicIp: "198.51.100.23", allocationId: "eipalloc-1", associationId: "eipassoc-1",
                               networkInterfaceId: "eni-1")],
            role: "web-app-role")
    }

    /// Everything done by an earlier invocation.
    static var quarantined: InstanceFacts {
        var facts = fresh
        facts.tags.merge(quarantineTags) { _, new in new }
        facts.interfaces = [.init(id: "eni-1", groupIds: ["sg-iso"]), .init(id: "eni-2", groupIds: ["sg-iso"])]
        facts.volumes = facts.volumes.map { .init(id: $0.id, deviceName: $0.deviceName, deleteOnTermination: false) }
        facts.profileAssociation = nil
        facts.terminationProtection = true
        facts.shutdownBehavior = "stop"
        facts.autoScalingGroup = nil
        facts.autoScalingTargetGroups = []
        facts.targetGroups = []
        facts.elasticIPs = []
        facts.allowAllGroup = "sg-allow"
        facts.isolationGroup = "sg-iso"
        facts.incidentSnapshots = ["vol-root": "snap-root", "vol-data": "snap-data"]
        facts.evidenceKeys = EvidenceFile.allCases.map { incident.evidencePrefix(instanceId: facts.instanceId) + $0.rawValue }
        facts.sessionDenyInPlace = true
        facts.releaseRecord = .found(record)
        return facts
    }

    /// What the quarantine of `fresh` records in the evidence bucket for a release.
    static let record = ReleaseRecord(
        incidentId: incidentId, instanceId: "i-0123456789abcdef0",
        originalGroups: ["eni-1": ["sg-web"], "eni-2": ["sg-web", "sg-mgmt"]], instanceProfileArn: profile,
        autoScalingGroup: "web-asg", elasticIPs: ["eni-1": .init(publicIp: "198.51.100.23", allocationId: "eipalloc-1")])
    static let recordKey = "watchpost/111122223333/us-east-1/i-0123456789abcdef0/\(incidentId)/release-record.json"

    static let quarantineTags: [String: String] = [
        QuarantineTags.incident: incidentId,
        QuarantineTags.reason: "Command and Control server domain name queried",
        QuarantineTags.finding: "7ac6f1f0",
        QuarantineTags.time: "2026-11-25T22:53:12Z",
        QuarantineTags.notified: "2026-11-25T22:53:14Z",
        QuarantineTags.originalGroups("eni-1"): "sg-web",
        QuarantineTags.originalGroups("eni-2"): "sg-web,sg-mgmt",
        QuarantineTags.originalProfile: profile,
        QuarantineTags.originalASG: "web-asg",
        QuarantineTags.originalEIP("eni-1"): "198.51.100.23 eipalloc-1",
    ]

    /// An earlier invocation ran out of time (or failed) after tagging, protecting and
    /// detaching: network, profile, one snapshot and the evidence are still missing.
    static var halfDone: InstanceFacts {
        var facts = fresh
        facts.tags.merge(quarantineTags) { _, new in new }
        facts.volumes = facts.volumes.map { .init(id: $0.id, deviceName: $0.deviceName, deleteOnTermination: false) }
        facts.terminationProtection = true
        facts.shutdownBehavior = "stop"
        facts.autoScalingGroup = nil
        facts.autoScalingTargetGroups = []
        facts.targetGroups = [.init(targetGroupArn: "tg-admin", port: 8080)]
        facts.allowAllGroup = "sg-allow"
        facts.isolationGroup = "sg-iso"
        facts.interfaces = [.init(id: "eni-1", groupIds: ["sg-iso"]), .init(id: "eni-2", groupIds: ["sg-web", "sg-mgmt"])]
        facts.incidentSnapshots = ["vol-root": "snap-root"]
        facts.evidenceKeys = [incident.evidencePrefix(instanceId: facts.instanceId) + EvidenceFile.describeInstances.rawValue]
        facts.releaseRecord = .found(record)
        return facts
    }

    static var noASG: InstanceFacts {
        var facts = fresh
        facts.tags["aws:autoscaling:groupName"] = nil
        facts.autoScalingGroup = nil
        facts.autoScalingTargetGroups = []
        facts.targetGroups = []
        return facts
    }

    static var noProfile: InstanceFacts {
        var facts = fresh
        facts.profileAssociation = nil
        facts.role = nil
        return facts
    }

    static let topic = "arn:aws:sns:us-east-1:111122223333:watchpost-incidents"
    static let settings = configured(evidenceBucket: "evidence-bucket")

    /// Settings with an incident topic (so that notify is planned) and the given options.
    static func configured(
        dryRun: Bool = false, evidenceBucket: String? = nil, forensicAMI: String? = nil, forensicSubnet: String? = nil,
        revokeRoleSessions: Bool = false, restoreInstanceProfile: Bool = false
    ) -> ForensicsSettings {
        ForensicsSettings(dryRun: dryRun, alertTopicArn: topic, evidenceBucket: evidenceBucket, forensicAMI: forensicAMI,
                          forensicSubnet: forensicSubnet, revokeRoleSessions: revokeRoleSessions,
                          restoreInstanceProfile: restoreInstanceProfile)
    }
}
