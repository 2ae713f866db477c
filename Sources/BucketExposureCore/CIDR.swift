import Primitives
/// An `aws:SourceIp` value: an IPv4 or IPv6 address with an optional prefix length
/// (a bare address is a single host: /32 or /128).
struct CIDR: Equatable, Sendable {
    enum Family: Sendable { case ipv4, ipv6 }
    let family: Family
    let prefixLength: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let address = String(parts[0])
        let family: Family
        if Self.isIPv4(address) {
            family = .ipv4
        } else if Self.isIPv6(address) {
            family = .ipv6
        } else {
            return nil
        }
        let maximum = family == .ipv4 ? 32 : 128
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length),
                  parts[1].allSatisfy(\.isASCII) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        self.family = family
    }

    /// "The meaning of public": ranges broader than /8 (IPv4) or /32 (IPv6) are public.
    var isNarrowEnough: Bool {
        prefixLength >= (family == .ipv4 ? 8 : 32)
    }

    private static func isIPv4(_ text: String) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isASCIIDigit) && Int(octet)! <= 255
        }
    }

    private static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":") else { return false }
        // "::" may appear once; an embedded IPv4 tail (::ffff:192.0.2.1) counts as two groups.
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return false }
        var groups = 0
        for (position, half) in halves.enumerated() where !half.isEmpty {
            let fields = half.split(separator: ":", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                let isLast = position == halves.count - 1 && index == fields.count - 1
                if isLast, field.contains("."), isIPv4(String(field)) {
                    groups += 2
                } else if (1...4).contains(field.count), field.allSatisfy(\.isHexDigit) {
                    groups += 1
                } else {
                    return false
                }
            }
        }
        return halves.count == 2 ? groups < 8 : groups == 8
    }
}
