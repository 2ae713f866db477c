import FoundationEssentials
import SecurityEvents
import Primitives

/// A bucket policy as S3 stores it: the document kept whole (so it can be rewritten without
/// exactly some statements) and its statements in order, with the parts that decide who is let in.
public struct BucketPolicy: Sendable, Equatable {
    public struct Statement: Sendable, Equatable {
        /// Position in the policy's `Statement` list, from 0: how the report names a statement
        /// that has no `Sid`.
        public let index: Int
        public let sid: String?
        public let effect: String?
        public let principal: JSONValue?
        public let notPrincipal: JSONValue?
        public let condition: JSONValue?
    }

    public let document: JSONValue
    public let statements: [Statement]

    /// Parses the policy text S3 returns (GetBucketPolicy) or a CloudTrail event carries.
    public init(json: String) throws(BucketPolicyError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: json)
        } catch {
            throw .notJSON
        }
        try self.init(document: value)
    }

    /// From an already-parsed document (`requestParameters.bucketPolicy` is an object).
    public init(document: JSONValue) throws(BucketPolicyError) {
        guard document.objectValue != nil else { throw .notAnObject }
        // IAM accepts a single statement object as well as a list.
        let raw: [JSONValue]
        switch document["Statement"] {
        case .array(let list)?: raw = list
        case .object(let one)?: raw = [.object(one)]
        default: throw .noStatements
        }
        var statements: [Statement] = []
        for (index, entry) in raw.enumerated() {
            guard entry.objectValue != nil else { throw .statementNotAnObject(index: index) }
            statements.append(Statement(
                index: index, sid: entry["Sid"]?.stringValue, effect: entry["Effect"]?.stringValue,
                principal: entry["Principal"], notPrincipal: entry["NotPrincipal"],
                condition: entry["Condition"]))
        }
        self.document = document
        self.statements = statements
    }

    /// The policy text without the statements at `indices`, or nil when no statement remains
    /// (then the policy is to be deleted: S3 refuses an empty `Statement` list).
    /// Every other statement and top-level member is kept as it was.
    public func removingStatements(at indices: Set<Int>) -> String? {
        guard case .object(var members) = document else { return nil }
        let kept: [JSONValue]
        switch members["Statement"] {
        case .array(let list)?: kept = list.enumerated().filter { !indices.contains($0.offset) }.map(\.element)
        case .object(let one)?: kept = indices.contains(0) ? [] : [.object(one)]
        default: kept = []
        }
        guard !kept.isEmpty else { return nil }
        members["Statement"] = .array(kept)
        return JSONValue.object(members).canonicalText
    }
}

public enum BucketPolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    case notJSON, notAnObject, noStatements, statementNotAnObject(index: Int)

    public var description: String {
        switch self {
        case .notJSON: "the bucket policy is not valid JSON"
        case .notAnObject: "the bucket policy is not a JSON object"
        case .noStatements: "the bucket policy has no Statement"
        case .statementNotAnObject(let index): "statement \(index) of the bucket policy is not a JSON object"
        }
    }
}

extension JSONValue {
    /// Compact JSON with sorted keys: stable text for policies written back and for evidence.
    var canonicalText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
