import SecurityEvents
import Primitives

/// One condition that, by "The meaning of public" (S3 User Guide), keeps a statement with a
/// wildcard principal from being public: a listed key, a positive operator, fixed values only.
struct ConditionRestriction: Equatable, Sendable {
    /// e.g. `StringEquals aws:SourceVpce = vpce-1a2b3c4d`
    let description: String
    /// The condition admits only the owner's account (or requests on its behalf).
    let ownerOnly: Bool
    /// Who outside the owner's account it still admits, labelled as in `crossAccounts`.
    let outside: [String]
}

/// What a statement's `Condition` block does to a wildcard principal. Conditions in one
/// statement all apply together, so one restriction is enough; the notes say why every other
/// condition restricts nothing (wrong key, negative operator, `…IfExists`, wildcard value…).
struct ConditionAnalysis: Equatable, Sendable {
    var restrictions: [ConditionRestriction] = []
    var notes: [String] = []
}

func analyzeConditions(_ condition: JSONValue?, owner: String) -> ConditionAnalysis {
    var analysis = ConditionAnalysis()
    guard let condition else { return analysis }
    guard case .object(let blocks) = condition else {
        analysis.notes.append("the Condition is not an object")
        return analysis
    }
    for (op, block) in blocks.sorted(by: { $0.key < $1.key }) {
        guard case .object(let keys) = block else {
            analysis.notes.append("\(op) is not an object of condition keys")
            continue
        }
        for (key, rawValues) in keys.sorted(by: { $0.key < $1.key }) {
            switch restriction(operator: op, key: key, values: principalValues(rawValues), owner: owner) {
            case .restricts(let restriction): analysis.restrictions.append(restriction)
            case .doesNotRestrict(let why): analysis.notes.append(why)
            }
        }
    }
    return analysis
}

private enum Outcome {
    case restricts(ConditionRestriction)
    case doesNotRestrict(String)
}

/// The condition keys S3 lists as able to make a wildcard statement non-public. The User Guide
/// names principal keys by example ("e.g. aws:PrincipalOrgID"); the organization-path and
/// source-organization keys, which IAM Access Analyzer also reads as bounding access to an
/// organization, are taken as such — with fixed values only, like every other key.
private enum RestrictingKey: String {
    case sourceIp = "aws:sourceip", sourceArn = "aws:sourcearn", sourceVpc = "aws:sourcevpc"
    case sourceVpce = "aws:sourcevpce", sourceOwner = "aws:sourceowner", sourceAccount = "aws:sourceaccount"
    case principalOrgID = "aws:principalorgid", principalAccount = "aws:principalaccount"
    case principalOrgPaths = "aws:principalorgpaths", sourceOrgID = "aws:sourceorgid", sourceOrgPaths = "aws:sourceorgpaths"
    case principalArn = "aws:principalarn", userid = "aws:userid"
    case kmsKeyID = "s3:x-amz-server-side-encryption-aws-kms-key-id"
    case dataAccessPointArn = "s3:dataaccesspointarn", dataAccessPointAccount = "s3:dataaccesspointaccount"
}

private func restriction(operator op: String, key: String, values: [String], owner: String) -> Outcome {
    let shown = "\(op) \(key)"
    // Condition keys and operators are case-insensitive in IAM.
    guard let known = RestrictingKey(rawValue: key.lowercased()) else {
        return .doesNotRestrict("\(key) is not a condition key that limits who can access (\(shown))")
    }
    var base = op.lowercased()
    if base.hasPrefix("forallvalues:") {
        return .doesNotRestrict("\(shown): ForAllValues matches a request without the key")
    }
    if base.hasPrefix("foranyvalue:") { base.removeFirst("foranyvalue:".count) }
    if base.hasSuffix("ifexists") {
        return .doesNotRestrict("\(shown): …IfExists matches a request without the key")
    }
    let positive: Set<String> = known == .sourceIp
        ? ["ipaddress"]
        : ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"]
    guard positive.contains(base) else {
        return .doesNotRestrict("\(shown): \(op) does not limit \(key) to fixed values")
    }
    guard !values.isEmpty else { return .doesNotRestrict("\(shown) has no values") }
    let listed = values.joined(separator: ", ")
    let description = "\(op) \(key) = \(listed)"

    switch known {
    case .sourceIp:
        for value in values {
            guard let cidr = CIDR(value) else { return .doesNotRestrict("\(shown): \(value) is not an IP range") }
            guard cidr.isNarrowEnough else {
                return .doesNotRestrict("\(shown): \(value) is broader than /\(cidr.family == .ipv4 ? 8 : 32)")
            }
        }
        return .restricts(.init(description: description, ownerOnly: false, outside: values.map { "ip:\($0)" }))

    case .userid:
        // A role's unique id with any session name ("AROLEID:*") still names one role.
        for value in values where !isRoleSessionPattern(value) && hasWildcardOrVariable(value) {
            return .doesNotRestrict("\(shown): \(value) is not a fixed value")
        }
        return .restricts(.init(description: description, ownerOnly: false, outside: values.map { "userid:\($0)" }))

    case .dataAccessPointArn:
        // A wildcard in the access point's name is fine as long as the account is fixed.
        var accounts: [String] = []
        for value in values {
            guard !value.contains("${"), let account = arnAccount(value) else {
                return .doesNotRestrict("\(shown): \(value) does not fix the access point's account")
            }
            accounts.append(account)
        }
        return accountRestriction(description, accounts: accounts, owner: owner)

    case .sourceAccount, .sourceOwner, .principalAccount, .dataAccessPointAccount:
        if let loose = notFixed(values, shown) { return loose }
        return accountRestriction(description, accounts: values, owner: owner)

    case .principalArn, .sourceArn:
        if let loose = notFixed(values, shown) { return loose }
        // An ARN without an account (arn:aws:s3:::bucket) cannot be proven to be the owner's.
        return accountRestriction(description, accounts: values.map { arnAccount($0) ?? $0 }, owner: owner)

    case .principalOrgID, .principalOrgPaths, .sourceOrgID, .sourceOrgPaths, .sourceVpc, .sourceVpce, .kmsKeyID:
        if let loose = notFixed(values, shown) { return loose }
        let label = switch known {
        case .principalOrgID, .sourceOrgID: "org"
        case .principalOrgPaths, .sourceOrgPaths: "org-path"
        case .sourceVpc: "vpc"
        case .sourceVpce: "vpce"
        default: "kms-key"
        }
        return .restricts(.init(description: description, ownerOnly: false, outside: values.map { "\(label):\($0)" }))
    }
}

private func notFixed(_ values: [String], _ shown: String) -> Outcome? {
    values.first(where: hasWildcardOrVariable).map { .doesNotRestrict("\(shown): \($0) is not a fixed value") }
}

private func accountRestriction(_ description: String, accounts: [String], owner: String) -> Outcome {
    let others = accounts.filter { $0 != owner }
    return .restricts(.init(description: description, ownerOnly: others.isEmpty, outside: others))
}

/// `AROA…:*` (or any unique id followed by `:*`): one role, any session.
private func isRoleSessionPattern(_ value: String) -> Bool {
    guard value.hasSuffix(":*") else { return false }
    let id = value.dropLast(2)
    return !id.isEmpty && !hasWildcardOrVariable(String(id)) && !id.contains(":")
}
