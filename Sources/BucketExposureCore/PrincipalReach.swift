import SecurityEvents
import Primitives

/// Who one principal of a policy statement lets in, seen from the bucket owner's account.
enum PrincipalReach: Equatable, Sendable {
    /// Anyone at all (the reason says which form admitted them).
    case anyone(String)
    /// Someone outside the owner's account, labelled as in `crossAccounts`
    /// (an account id, `canonical-user:<id>`, `principal:<unique id>`).
    case outside(String)
    /// The owner's own account or an AWS service principal.
    case inside
}

/// Classifies every principal a statement names. `Principal` forms per the IAM reference:
/// `"*"`, or an object of `AWS` / `Service` / `Federated` / `CanonicalUser`, each one value or a list.
/// Anything S3 could not prove fixed counts as anyone, as S3 "begins by assuming that the policy is public".
func principalReaches(_ principal: JSONValue?, owner: String, ownerCanonicalID: String?) -> [PrincipalReach] {
    guard let principal else { return [.anyone("the statement names no Principal")] }
    switch principal {
    case .string("*"):
        return [.anyone(#"Principal "*""#)]
    case .string(let value):
        return [awsPrincipalReach(value, owner: owner, label: "Principal")]
    case .object(let members):
        return members.sorted { $0.key < $1.key }.flatMap { type, values -> [PrincipalReach] in
            principalValues(values).map { value in
                switch type {
                case "AWS":
                    awsPrincipalReach(value, owner: owner, label: #"{"AWS": …}"#)
                case "Service":
                    hasWildcardOrVariable(value) ? .anyone(#"{"Service": "\#(value)"}"#) : .inside
                case "CanonicalUser":
                    if hasWildcardOrVariable(value) {
                        .anyone(#"{"CanonicalUser": "\#(value)"}"#)
                    } else if value == ownerCanonicalID {
                        .inside
                    } else {
                        .outside("canonical-user:\(value)")
                    }
                case "Federated":
                    federatedReach(value, owner: owner)
                default:
                    .anyone("unrecognised principal type \(type)")
                }
            }
        }
    default:
        return [.anyone("the Principal is not a string or an object")]
    }
}

/// `"AWS"` principal values: `"*"`, a 12-digit account id, an IAM or STS ARN, or a unique id
/// (IAM shows `AIDA…`/`AROA…` once the user or role it named is deleted).
private func awsPrincipalReach(_ value: String, owner: String, label: String) -> PrincipalReach {
    if value == "*" { return .anyone(label == "Principal" ? #"Principal "*""# : #"{"AWS": "*"}"#) }
    if hasWildcardOrVariable(value) { return .anyone(#"{"AWS": "\#(value)"}"# + " is not a fixed principal") }
    guard let account = accountOf(principal: value) else { return .outside("principal:\(value)") }
    return account == owner ? .inside : .outside(account)
}

/// A web identity provider (`graph.facebook.com`, `accounts.google.com`, `cognito-identity.amazonaws.com`,
/// `www.amazon.com`) admits any of its users: public, as the S3 User Guide's own example says.
/// A SAML or OIDC provider ARN belongs to one account.
private func federatedReach(_ value: String, owner: String) -> PrincipalReach {
    if hasWildcardOrVariable(value) { return .anyone(#"{"Federated": "\#(value)"}"#) }
    guard value.hasPrefix("arn:"), let account = arnAccount(value) else {
        return .anyone(#"{"Federated": "\#(value)"}"# + " admits any user of that identity provider")
    }
    return account == owner ? .inside : .outside(account)
}

/// The account an `AWS` principal belongs to: the id itself or the ARN's account field.
func accountOf(principal value: String) -> String? {
    if isAccountID(value) { return value }
    guard value.hasPrefix("arn:") else { return nil }
    return arnAccount(value)
}

/// Field 5 of `arn:partition:service:region:account:resource` when it is an account id.
func arnAccount(_ arn: String) -> String? {
    let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    guard fields.count == 6, fields[0] == "arn" else { return nil }
    let account = String(fields[4])
    return isAccountID(account) ? account : nil
}

func isAccountID(_ value: String) -> Bool {
    value.utf8.count == 12 && value.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
}

/// IAM's one-or-list convention, keeping account ids written as JSON numbers.
func principalValues(_ value: JSONValue) -> [String] {
    switch value {
    case .array(let list): list.compactMap(scalarText)
    default: scalarText(value).map { [$0] } ?? []
    }
}

func scalarText(_ value: JSONValue) -> String? {
    switch value {
    case .string(let text): text
    case .number(let number) where number.rounded() == number && abs(number) < 1e15:
        // An account id written without quotes: keep its 12 digits.
        String(Int64(number)).leftPadded(to: 12)
    case .number(let number): String(number)
    case .bool(let flag): flag ? "true" : "false"
    default: nil
    }
}

/// S3's "fixed value": no `*` or `?` wildcard and no `${…}` policy variable.
func hasWildcardOrVariable(_ value: String) -> Bool {
    value.contains("*") || value.contains("?") || value.contains("${")
}

extension String {
    /// Account ids written as JSON numbers lose leading zeros; 12 digits is their fixed width.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width || count < 10 ? self : String(repeating: "0", count: width - count) + self
    }
}
