/// What one policy statement grants, by "The meaning of public" (S3 User Guide) for public and
/// by IAM Access Analyzer's sense for cross-account.
enum StatementKind: Equatable, Sendable {
    /// Grants to anyone; the reason names the principal form and why no condition limits it.
    case `public`(reason: String)
    /// Not public, but admits someone outside the owner's account (labels as in `crossAccounts`).
    case crossAccount(who: [String], reason: String)
    /// Only the owner's account and AWS services.
    case ownerOnly
    /// A `Deny` (or an effect that is not `Allow`): grants nothing.
    case grantsNothing
}

func analyze(_ statement: BucketPolicy.Statement, owner: String, ownerCanonicalID: String?) -> StatementKind {
    guard statement.effect == "Allow" else { return .grantsNothing }

    let reaches: [PrincipalReach] = if statement.notPrincipal != nil {
        // Allow + NotPrincipal admits everyone except those listed.
        [.anyone("Allow with NotPrincipal admits everyone not listed")]
    } else {
        principalReaches(statement.principal, owner: owner, ownerCanonicalID: ownerCanonicalID)
    }
    let anyone = reaches.compactMap { reach -> String? in
        if case .anyone(let why) = reach { return why }
        return nil
    }
    let outside = unique(reaches.compactMap { reach -> String? in
        if case .outside(let who) = reach { return who }
        return nil
    })

    if !anyone.isEmpty {
        let conditions = analyzeConditions(statement.condition, owner: owner)
        let principalText = unique(anyone).joined(separator: "; ")
        guard !conditions.restrictions.isEmpty else {
            let why = conditions.notes.isEmpty
                ? "no Condition limits it"
                : "no condition limits it (\(conditions.notes.joined(separator: "; ")))"
            return .public(reason: "\(principalText), and \(why)")
        }
        // All conditions of a statement apply together: one that admits only the owner's
        // account settles it.
        if conditions.restrictions.contains(where: \.ownerOnly) { return .ownerOnly }
        let who = unique(conditions.restrictions.flatMap(\.outside))
        let limits = conditions.restrictions.map(\.description).joined(separator: " and ")
        return .crossAccount(who: who, reason: "\(principalText), held to \(limits)")
    }
    if !outside.isEmpty {
        return .crossAccount(who: outside, reason: "grants to \(outside.joined(separator: ", "))")
    }
    return .ownerOnly
}

func unique(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
