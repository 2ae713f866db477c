import PolicyGenerationCore
import AWSClient

/// Reads what the apply target holds now, for the plan: a managed policy's default version
/// (and its versions, when a new one is due), or the principal's inline policy.
struct PolicyTargetReader {
    let iam: IAM

    func state(of target: PolicyRequest.ApplyTarget, principal: Principal, document: String) async -> PolicyTargetState {
        var state = PolicyTargetState()
        switch target {
        case .managedPolicy(let arn):
            do {
                if let versionID = try await iam.defaultVersionID(policyARN: arn) {
                    state.document = try await iam.policyDocument(policyARN: arn, versionID: versionID)
                }
            } catch {
                state.unknown[.readPolicy] = "\(error)"
                return state
            }
            guard let current = state.document, !PolicyTargetState.sameDocument(current, document) else { return state }
            do {
                let versions = try await iam.listPolicyVersions(policyARN: arn)
                state.versionCount = versions.count
                state.oldestDeletableVersion = versions.filter { !$0.isDefault }.min { $0.createDate < $1.createDate }?.versionID
            } catch {
                state.unknown[.listPolicyVersions] = "\(error)"
            }
        case .inlinePolicy(let name):
            do {
                state.document = try await iam.getInlinePolicy(of: principal.policyHolder, name: principal.name, policyName: name)
            } catch let error as AWSError where error.code == "NoSuchEntity" {
                state.document = nil
            } catch {
                state.unknown[.readPolicy] = "\(error)"
            }
        }
        return state
    }
}

extension Principal {
    /// Which of IAM's role and user calls hold the principal's policies.
    var policyHolder: PolicyHolder { kind == .role ? .role : .user }
}
