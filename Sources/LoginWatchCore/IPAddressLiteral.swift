import Primitives
/// Recognises the numeric addresses sshd and Windows write (`ssh_remote_ipaddr`, `IpAddress`),
/// so a parser can tell a real address from text a user name smuggled in.
enum IPAddressLiteral {
    static func isValid<S: StringProtocol>(_ text: S) -> Bool {
        isIPv4(text) || isIPv6(text)
    }

    static func isIPv4<S: StringProtocol>(_ text: S) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit),
                  let value = Int(part), value <= 255 else { return false }
            return true
        }
    }

    /// RFC 4291 text forms: eight groups, `::` once, an embedded IPv4 tail, and a `%zone`
    /// (link-local addresses are logged with their interface).
    static func isIPv6<S: StringProtocol>(_ text: S) -> Bool {
        var address = Substring(text)
        if let percent = address.firstIndex(of: "%") {
            let zone = address[address.index(after: percent)...]
            guard !zone.isEmpty, zone.allSatisfy({ $0.isASCIIAlphanumeric || "._-".contains($0) }) else { return false }
            address = address[..<percent]
        }
        guard address.contains(":") else { return false }
        let halves = address.splitExactly(on: "::")
        guard halves.count <= 2 else { return false }
        var groups = 0
        for (index, half) in halves.enumerated() where !half.isEmpty {
            let pieces = half.split(separator: ":", omittingEmptySubsequences: false)
            for (position, piece) in pieces.enumerated() {
                let isLast = index == halves.count - 1 && position == pieces.count - 1
                if isLast, piece.contains(".") {
                    guard isIPv4(piece) else { return false }
                    groups += 2
                } else {
                    guard (1...4).contains(piece.count), piece.allSatisfy(\.isHexDigit) else { return false }
                    groups += 1
                }
            }
        }
        return halves.count == 2 ? groups <= 7 : groups == 8
    }
}

extension Character {
    var isASCIIAlphanumeric: Bool { isASCII && (isLetter || isNumber) }
}

extension StringProtocol {
    /// Splits on an exact multi-character separator, keeping empty pieces.
    func splitExactly(on separator: String) -> [Substring] {
        var result: [Substring] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            result.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        result.append(rest)
        return result
    }
}
