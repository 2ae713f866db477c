/// Shrinks a document that exceeds IAM's size limit by folding actions into the narrowest
/// safe wildcards (`s3:GetObject*`), one fold at a time, most characters saved first.
///
/// A wildcard is safe when it grants nothing of a higher access level than the used actions
/// it replaces (folding `GetObject`/`GetObjectAcl` into `GetObject*` is safe only if every
/// catalogue action starting with `GetObject` is a read), and it stays within the statement's
/// resources. Folds never cross services or statements.
public enum ActionFolding {
    public struct Result: Sendable, Equatable {
        public let document: PolicyDocument
        public let folded: Bool
        /// Each wildcard and the used actions it stands for.
        public let folds: [String: [String]]
    }

    public static func fold(_ document: PolicyDocument, limit: Int, catalogue: ActionCatalogue = .shared) -> Result {
        var document = document
        var folds: [String: [String]] = [:]
        while document.size > limit {
            guard let best = bestFold(document, catalogue: catalogue) else { break }
            var statement = document.statements[best.statement]
            statement.actions = (statement.actions.filter { !best.covered.contains($0) } + [best.wildcard]).sorted()
            document.statements[best.statement] = statement
            folds[best.wildcard, default: []] += best.covered
        }
        return Result(document: document, folded: !folds.isEmpty, folds: folds.mapValues { $0.sorted() })
    }

    private struct Candidate {
        let statement: Int
        let wildcard: String
        let covered: [String]
        let saving: Int
    }

    private static func bestFold(_ document: PolicyDocument, catalogue: ActionCatalogue) -> Candidate? {
        var best: Candidate?
        for (index, statement) in document.statements.enumerated() {
            let plain = statement.actions.filter { !$0.hasSuffix("*") }
            var stems = Set<String>()
            for action in plain {
                let (prefix, name) = split(action)
                for stem in wordPrefixes(name) { stems.insert(prefix + ":" + stem) }
            }
            for stem in stems {
                let covered = plain.filter { $0.lowercased().hasPrefix(stem.lowercased()) }
                guard covered.count >= 2 else { continue }
                let wildcard = stem + "*"
                let saving = covered.reduce(0) { $0 + $1.count + 3 } - (wildcard.count + 3)
                guard saving > 0, isSafe(stem, covering: covered, catalogue: catalogue) else { continue }
                let candidate = Candidate(statement: index, wildcard: wildcard, covered: covered, saving: saving)
                if let current = best {
                    // More saved first; then the narrower (longer) wildcard; then by name.
                    let better = (saving, wildcard.count, current.wildcard) > (current.saving, current.wildcard.count, wildcard)
                    if better { best = candidate }
                } else {
                    best = candidate
                }
            }
        }
        return best
    }

    private static func isSafe(_ stem: String, covering covered: [String], catalogue: ActionCatalogue) -> Bool {
        let (prefix, namePrefix) = split(stem)
        let levels = covered.compactMap { catalogue.action(split($0).prefix, split($0).name)?.level }
        guard levels.count == covered.count, let highest = levels.max() else { return false }
        return catalogue.actions(prefix, startingWith: namePrefix).allSatisfy { $0.level <= highest }
    }

    private static func split(_ action: String) -> (prefix: String, name: String) {
        let parts = action.split(separator: ":", maxSplits: 1)
        return (String(parts.first ?? ""), parts.count > 1 ? String(parts[1]) : "")
    }

    /// `GetObjectVersionAcl` → `Get`, `GetObject`, `GetObjectVersion` (whole words, never the
    /// full name); `GetBucketCORS` → `Get`, `GetBucket`.
    static func wordPrefixes(_ name: String) -> [String] {
        let characters = Array(name)
        var prefixes: [String] = []
        for index in characters.indices.dropFirst() {
            let startsWord = characters[index].isUppercase
                && (characters[index - 1].isLowercase
                    || (index + 1 < characters.count && characters[index + 1].isLowercase && characters[index - 1].isUppercase))
            if startsWord { prefixes.append(String(characters[..<index])) }
        }
        return prefixes
    }
}
