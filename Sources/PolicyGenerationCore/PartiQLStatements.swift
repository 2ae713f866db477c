import SecurityEvents
import Primitives

/// DynamoDB's PartiQL calls: `ExecuteStatement` (`statement`), `BatchExecuteStatement`
/// (`statements[].statement`) and `ExecuteTransaction` (`transactStatements[].statement`).
/// Each statement needs the one action its verb names: `PartiQLSelect`, `PartiQLInsert`,
/// `PartiQLUpdate`, `PartiQLDelete` (DynamoDB developer guide, "IAM policies with PartiQL").
enum PartiQLStatements {
    static let verbs: [String: String] = [
        "SELECT": "PartiQLSelect", "INSERT": "PartiQLInsert", "UPDATE": "PartiQLUpdate", "DELETE": "PartiQLDelete",
    ]

    /// The statements' actions, sorted; empty when no statement's verb can be read.
    static func actions(_ parameters: JSONValue?) -> [String] {
        let listed = ["statements", "transactStatements"].flatMap { parameters?[$0]?.arrayValue ?? [] }.map { $0["statement"]?.stringValue }
        let statements = [parameters?["statement"]?.stringValue] + listed
        return Set(statements.compactMap { $0.flatMap(action(for:)) }).sorted()
    }

    /// The action for one statement: its first word, any case, after leading whitespace
    /// and opening parentheses.
    static func action(for statement: String) -> String? {
        let start = statement.drop { $0.isWhitespace || $0 == "(" }
        let verb = start.prefix { $0.isLetter }.uppercased()
        return verbs[verb]
    }
}
