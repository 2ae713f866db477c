/// Whether an ARN fits an IAM resource-type pattern of the Service Authorization Reference
/// (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`).
///
/// A `${…}` placeholder matches one or more characters other than `:` and `/`, except the
/// last one when the text before it contains a `/` (object keys, role paths: `/` allowed) or
/// ends in `:` (Lambda's `function:name:qualifier`: `:` allowed). So a bucket ARN fits the
/// bucket pattern and an object ARN only the object pattern.
enum ARNPattern {
    static func matches(_ arn: String, pattern: String) -> Bool {
        var segments: [Substring] = []  // literals, between placeholders
        var rest = Substring(pattern)
        while let open = rest.firstRange(of: "${") {
            segments.append(rest[..<open.lowerBound])
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { return false }
            rest = rest[rest.index(after: close)...]
        }
        segments.append(rest)
        let placeholders = segments.count - 1
        let finalAllowsSlash = placeholders > 0 && segments[..<placeholders].joined().contains("/")
        let finalAllowsColon = placeholders > 0 && segments[placeholders - 1].hasSuffix(":")
        return match(Substring(arn), segments[...], placeholder: 0, count: placeholders,
                     finalAllowsSlash: finalAllowsSlash, finalAllowsColon: finalAllowsColon)
    }

    private static func match(
        _ text: Substring, _ segments: ArraySlice<Substring>, placeholder: Int, count: Int,
        finalAllowsSlash: Bool, finalAllowsColon: Bool
    ) -> Bool {
        guard let literal = segments.first, text.hasPrefix(literal) else { return false }
        let afterLiteral = text.dropFirst(literal.count)
        if segments.count == 1 { return afterLiteral.isEmpty }
        let isFinal = placeholder == count - 1
        var index = afterLiteral.startIndex
        // Try each end of the placeholder's value, shortest first.
        while index < afterLiteral.endIndex {
            let character = afterLiteral[index]
            if character == "/" && !(isFinal && finalAllowsSlash) { return false }
            if character == ":" && !(isFinal && finalAllowsColon) { return false }
            index = afterLiteral.index(after: index)
            if match(afterLiteral[index...], segments.dropFirst(), placeholder: placeholder + 1, count: count,
                     finalAllowsSlash: finalAllowsSlash, finalAllowsColon: finalAllowsColon) {
                return true
            }
        }
        return false
    }
}
