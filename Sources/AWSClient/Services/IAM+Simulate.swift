extension AWSOperation.IAM {
    public static let simulatePrincipalPolicy = AWSOperation(.iam, "SimulatePrincipalPolicy", iam: ["iam:SimulatePrincipalPolicy"])
}

/// IAM's policy simulator: whether a principal's policies (with its permissions boundary and
/// the organization's SCPs) allow actions, without calling them.
extension IAM {
    public struct Evaluation: Sendable, Equatable {
        public let action: String
        public let resource: String
        /// "allowed", "explicitDeny" or "implicitDeny".
        public let decision: String

        public init(action: String, resource: String, decision: String) {
            self.action = action
            self.resource = resource
            self.decision = decision
        }
    }

    /// SimulatePrincipalPolicy of `actions` on `resources` ("*" when empty), every page.
    public func simulatePrincipalPolicy(principalARN: String, actions: [String], resources: [String] = []) async throws -> [Evaluation] {
        var parameters = ["PolicySourceArn": principalARN]
        for (index, action) in actions.enumerated() { parameters["ActionNames.member.\(index + 1)"] = action }
        for (index, resource) in resources.enumerated() { parameters["ResourceArns.member.\(index + 1)"] = resource }
        return try await paginate(.IAM.simulatePrincipalPolicy, parameters) { result in
            (result.child("EvaluationResults")?.children("member") ?? []).compactMap { member in
                guard let action = member.value("EvalActionName") else { return nil }
                return Evaluation(action: action, resource: member.value("EvalResourceName") ?? "*",
                                  decision: member.value("EvalDecision") ?? "")
            }
        }
    }
}
