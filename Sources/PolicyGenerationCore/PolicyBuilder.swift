/// Builds the least-privilege document from the actions used and their resources: one
/// statement per service (split only where its actions are scoped to different resources,
/// so scoping is never widened), actions and statements sorted: the same input always gives
/// the same bytes.
public enum PolicyBuilder {
    /// IAM's limits, whitespace excluded.
    public static let managedPolicyLimit = 6_144
    public static let inlineRolePolicyLimit = 10_240

    public static func build(resources: [String: [String]]) -> PolicyDocument {
        var groups: [String: [[String]: [String]]] = [:]  // prefix → resources → actions
        for (action, arns) in resources {
            let prefix = String(action.prefix { $0 != ":" })
            groups[prefix, default: [:]][arns.isEmpty ? ["*"] : arns, default: []].append(action)
        }
        var statements: [PolicyDocument.Statement] = []
        for prefix in groups.keys.sorted() {
            let byResources = groups[prefix, default: [:]]
                .map { entry -> (resources: [String], actions: [String]) in (entry.key, entry.value.sorted()) }
                .sorted(by: isOrderedBefore)
            for (index, group) in byResources.enumerated() {
                statements.append(.init(
                    sid: sid(prefix) + (index == 0 ? "" : String(index + 1)),
                    actions: group.actions, resources: group.resources))
            }
        }
        return PolicyDocument(statements: statements)
    }

    /// Unscoped first, then by first action: a stable order.
    private static func isOrderedBefore(
        _ a: (resources: [String], actions: [String]), _ b: (resources: [String], actions: [String])
    ) -> Bool {
        let aScoped = a.resources != ["*"], bScoped = b.resources != ["*"]
        if aScoped != bScoped { return !aScoped }
        return a.actions[0] < b.actions[0]
    }

    /// `s3` → `S3`, `execute-api` → `ExecuteApi`: Sids are alphanumeric.
    static func sid(_ prefix: String) -> String {
        prefix.split { !$0.isLetter && !$0.isNumber }
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
