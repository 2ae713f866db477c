import WatchpostCore

/// The steps of a quarantine, in the order the response lists them (the names are a contract).
public enum Step: String, CaseIterable, Sendable, Codable {
    case describe
    case tag
    case protect
    case detachASG = "detach-asg"
    case deregisterTargets = "deregister-targets"
    case isolateNetwork = "isolate-network"
    case releaseEIP = "release-eip"
    case revokeProfile = "revoke-profile"
    case revokeSessions = "revoke-sessions"
    case snapshot
    case evidence
    case forensicWorkstation = "forensic-workstation"
    case notify
}

/// One line of the response's `steps`.
public struct StepReport: Sendable, Equatable, Codable {
    public let step: Step
    public let status: StepStatus
    public let detail: String

    public init(_ step: Step, _ status: StepStatus, _ detail: String) {
        self.step = step
        self.status = status
        self.detail = detail
    }
}
