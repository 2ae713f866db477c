/// Widens many resources of one kind into the narrowest wildcard that covers them, one
/// level: ARNs that share a container (`arn:aws:s3:::bucket/`, `…:table/`) become their
/// longest common path prefix plus `*` (`arn:aws:s3:::orders/2026/11/*`). ARNs without a
/// path, and a container named once, stay exact.
public enum ResourceGeneralization {
    /// More distinct ARNs than this for one action are generalized as they arrive, so
    /// memory stays flat however many objects a workload touches.
    public static let maximumPerAction = 256

    public static func generalize(_ arns: some Collection<String>) -> [String] {
        var groups: [String: [String]] = [:]
        var result: [String] = []
        for arn in arns {
            if arn == "*" { return ["*"] }
            if let container = container(of: arn) {
                groups[container, default: []].append(arn)
            } else {
                result.append(arn)
            }
        }
        for (_, members) in groups {
            guard members.count > 1 else {
                result += members
                continue
            }
            var common = Substring(members[0])
            for member in members.dropFirst() {
                common = common.commonPrefix(with: member)
            }
            // Cut back to a path boundary: `orders/2026/1` covers `orders/2026/10` and `/11`
            // but names no folder; `orders/2026/` does.
            if common.hasSuffix("*") { common = common.dropLast() }
            while let last = common.last, last != "/" { common = common.dropLast() }
            result.append(String(common) + "*")
        }
        return Array(Set(result)).sorted()
    }

    /// `arn:aws:s3:::bucket/…` → `arn:aws:s3:::bucket/`; `arn:aws:dynamodb:r:a:table/t` →
    /// `arn:aws:dynamodb:r:a:table/`; nil for an ARN with no path in its resource.
    static func container(of arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, let slash = parts[5].firstIndex(of: "/") else { return nil }
        return parts[..<5].joined(separator: ":") + ":" + parts[5][...slash]
    }
}

extension Substring {
    fileprivate func commonPrefix(with other: String) -> Substring {
        var end = startIndex
        var otherIndex = other.startIndex
        while end < endIndex, otherIndex < other.endIndex, self[end] == other[otherIndex] {
            end = index(after: end)
            otherIndex = other.index(after: otherIndex)
        }
        return self[..<end]
    }
}
