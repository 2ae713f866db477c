/// An IAM resource-type pattern of the Service Authorization Reference
/// (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), compiled once, matched on bytes.
///
/// A `${…}` placeholder matches one or more bytes other than `:` and `/`, except the last
/// one when the text before it contains a `/` (object keys, role paths: `/` allowed) or
/// ends in `:` (Lambda's `function:name:qualifier`: `:` allowed). So a bucket ARN fits the
/// bucket pattern and an object ARN only the object pattern.
public struct ARNPattern: Sendable, Equatable {
    public let text: String
    /// The literal bytes between placeholders (one more than there are placeholders).
    let literals: [[UInt8]]
    let finalAllowsSlash: Bool
    let finalAllowsColon: Bool

    public init(_ pattern: String) {
        text = pattern
        var literals: [[UInt8]] = []
        var rest = Substring(pattern)
        // An unterminated `${` is literal text, not a placeholder (found by fuzzing: it made a
        // pattern that cannot match itself).
        while let open = rest.firstRange(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            literals.append(Array(rest[..<open.lowerBound].utf8))
            rest = rest[rest.index(after: close)...]
        }
        literals.append(Array(rest.utf8))
        self.literals = literals
        let placeholders = literals.count - 1
        finalAllowsSlash = placeholders > 0 && literals[..<placeholders].contains { $0.contains(UInt8(ascii: "/")) }
        finalAllowsColon = placeholders > 0 && literals[placeholders - 1].last == UInt8(ascii: ":")
    }

    public static func matches(_ arn: String, pattern: String) -> Bool {
        ARNPattern(pattern).matches(arn)
    }

    public func matches(_ arn: String) -> Bool {
        var arn = arn
        var failed = Set<Int>()
        return arn.withUTF8 { match($0, from: 0, literal: 0, failed: &failed) }
    }

    /// Whether `text[start...]` matches from literal `literal` on. `failed` remembers the
    /// (start, literal) pairs already known not to match, so the search is polynomial in the
    /// text however many placeholders the pattern has (make fuzz found a pattern of many that
    /// took longer than its ten-second limit without it).
    private func match(_ text: UnsafeBufferPointer<UInt8>, from start: Int, literal: Int, failed: inout Set<Int>) -> Bool {
        let key = start &* literals.count &+ literal
        if failed.contains(key) { return false }
        if matchOnce(text, from: start, literal: literal, failed: &failed) { return true }
        failed.insert(key)
        return false
    }

    private func matchOnce(_ text: UnsafeBufferPointer<UInt8>, from start: Int, literal: Int, failed: inout Set<Int>) -> Bool {
        let bytes = literals[literal]
        guard text.count - start >= bytes.count else { return false }
        for offset in bytes.indices where text[start + offset] != bytes[offset] { return false }
        var index = start + bytes.count
        if literal == literals.count - 1 { return index == text.count }
        if literal == literals.count - 2 {
            // The last placeholder ends where the last literal must start: one end to try.
            let placeholderEnd = text.count - literals[literal + 1].count
            guard placeholderEnd > index else { return false }
            for position in index..<placeholderEnd {
                let byte = text[position]
                if byte == UInt8(ascii: "/") && !finalAllowsSlash { return false }
                if byte == UInt8(ascii: ":") && !finalAllowsColon { return false }
            }
            return matchOnce(text, from: placeholderEnd, literal: literal + 1, failed: &failed)
        }
        if let next = literals[literal + 1].first, next == UInt8(ascii: "/") || next == UInt8(ascii: ":") {
            // It cannot hold the byte the next literal starts with: it ends at the first one.
            var placeholderEnd = index
            while placeholderEnd < text.count, text[placeholderEnd] != UInt8(ascii: "/"), text[placeholderEnd] != UInt8(ascii: ":") {
                placeholderEnd += 1
            }
            guard placeholderEnd > index else { return false }
            return matchOnce(text, from: placeholderEnd, literal: literal + 1, failed: &failed)
        }
        // The placeholder takes one or more bytes; try each end, shortest first.
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: ":") { return false }
            index += 1
            if match(text, from: index, literal: literal + 1, failed: &failed) { return true }
        }
        return false
    }
}
