/// The only values an Athena query embeds, each checked against the characters its kind can
/// hold: none of them allows a quote, a backslash, whitespace or a comment marker, so a value
/// cannot end its string literal. A value that does not fit is refused, never escaped.
enum SQLLiteral {
    enum Kind: String {
        case account = "an account id"
        case partition = "a partition"
        case principalName = "a principal name"
        case region = "a region"
        case day = "a day"
        case time = "a time"

        func allows(_ value: String) -> Bool {
            let bytes = Array(value.utf8)
            switch self {
            case .account:
                return bytes.count == 12 && bytes.allSatisfy(isDigit)
            case .partition:
                return ["aws", "aws-cn", "aws-us-gov"].contains(value)
            case .principalName:
                // IAM role and user names: [\w+=,.@-]{1,64}.
                return (1...64).contains(bytes.count) && bytes.allSatisfy { isLetterOrDigit($0) || "+=,.@_-".utf8.contains($0) }
            case .region:
                return (1...32).contains(bytes.count) && isLowercase(bytes[0])
                    && bytes.allSatisfy { isLowercase($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
            case .day:
                return fits(bytes, "dddd/dd/dd")
            case .time:
                return fits(bytes, "dddd-dd-ddTdd:dd:ddZ")
            }
        }
    }

    /// The value, once it fits its kind: to go inside a literal the query text already opens.
    static func checked(_ value: String, as kind: Kind) throws(AthenaQueryError) -> String {
        guard kind.allows(value) else { throw .unsafeValue(what: kind.rawValue, value: value) }
        return value
    }

    /// `'value'`, once the value fits its kind.
    static func quoted(_ value: String, as kind: Kind) throws(AthenaQueryError) -> String {
        "'" + (try checked(value, as: kind)) + "'"
    }

}

/// `bytes` against a shape where `d` is any digit and every other character is itself.
private func fits(_ bytes: [UInt8], _ shape: String) -> Bool {
    let pattern = Array(shape.utf8)
    return bytes.count == pattern.count
        && zip(bytes, pattern).allSatisfy { $1 == UInt8(ascii: "d") ? isDigit($0) : $0 == $1 }
}

private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
private func isLowercase(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
private func isLetterOrDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || isLowercase(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
}
