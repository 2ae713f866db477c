import WatchpostCore

/// The steps of a quarantine, in the order the response lists them (the names are a contract).
public enum QuarantineStep: String, CaseIterable, StepName {
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

    public static let key = "step"
}
