import Primitives

/// What the apply target holds now, as the handler read it: the facts the apply plan is
/// decided from. Nothing is read for a policy too large to write.
public struct PolicyTargetState: Sendable, Equatable {
    /// The document it holds (a managed policy's default version); nil when there is no such
    /// policy yet.
    public var document: String?
    /// A managed policy's versions, listed only when a new one is due: how many, and the
    /// oldest that is not the default (the one IAM lets go).
    public var versionCount: Int
    public var oldestDeletableVersion: String?
    /// Reads that failed, by the step that reports them: nothing is written after one.
    public var unknown: [PolicyApplyStep: String]

    public init(document: String? = nil, versionCount: Int = 0, oldestDeletableVersion: String? = nil,
                unknown: [PolicyApplyStep: String] = [:]) {
        self.document = document
        self.versionCount = versionCount
        self.oldestDeletableVersion = oldestDeletableVersion
        self.unknown = unknown
    }

    /// The actions `policy` adds and removes compared with the document held now; none when
    /// that document could not be read.
    public func changes(to policy: PolicyDocument) -> (added: [String], removed: [String]) {
        guard unknown[.readPolicy] == nil else { return ([], []) }
        let old = Set(document.flatMap { try? JSONValue(parsing: $0) }.map(Self.allowedActions) ?? [])
        let new = Set(policy.statements.flatMap(\.actions))
        return (new.subtracting(old).sorted(), old.subtracting(new).sorted())
    }

    static func allowedActions(_ document: JSONValue) -> [String] {
        let statements = document["Statement"].map { $0.arrayValue ?? [$0] } ?? []
        return statements.filter { $0["Effect"]?.stringValue == "Allow" }.flatMap { $0["Action"]?.stringList ?? [] }
    }

    /// Two documents are the same policy when they are the same JSON, whatever the spacing
    /// and key order.
    public static func sameDocument(_ a: String, _ b: String) -> Bool {
        guard let left = try? JSONValue(parsing: a), let right = try? JSONValue(parsing: b) else { return a == b }
        return left == right
    }
}
