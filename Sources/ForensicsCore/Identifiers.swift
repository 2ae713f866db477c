/// Checks on the identifiers an event hands us, made before any AWS call: they end up in
/// request parameters, role ARNs and endpoint host names.
public enum Identifiers {
    /// `i-` followed by 8 (older instances) or 17 lowercase hex digits.
    public static func isInstanceID(_ id: String) -> Bool {
        guard id.hasPrefix("i-") else { return false }
        let digits = id.utf8.dropFirst(2)
        return (digits.count == 8 || digits.count == 17) && digits.allSatisfy(isLowercaseHex)
    }

    /// Twelve decimal digits.
    public static func isAccountID(_ id: String) -> Bool {
        id.utf8.count == 12 && id.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// A region name such as `us-east-1` or `us-gov-west-1`: lowercase words and a final number.
    public static func isRegion(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, !last.isEmpty,
              last.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return false }
        return parts.dropLast().allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        }
    }

    /// Throws the error an invocation ends with when the event names an impossible target.
    public static func validate(instanceId: String?, account: String?, region: String?) throws(ForensicsError) {
        if let instanceId, !isInstanceID(instanceId) {
            throw .invalidInstanceID("'\(RequestParser.excerpt(instanceId))' is not an EC2 instance id (i- followed by 8 or 17 lowercase hex digits)")
        }
        if let account, !isAccountID(account) {
            throw .invalid("account '\(RequestParser.excerpt(account))' is not a 12-digit AWS account id")
        }
        if let region, !isRegion(region) {
            throw .invalid("region '\(RequestParser.excerpt(region))' is not an AWS region name")
        }
    }

    private static func isLowercaseHex(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }
}
