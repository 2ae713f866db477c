import FoundationEssentials

/// Where a trail writes its log files:
/// `[<trailPrefix>/]AWSLogs/[o-<org>/]<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<file>.json.gz`
/// (digests go to `CloudTrail-Digest/`, which is not activity).
public enum TrailLayout {
    /// `AWSLogs/` under the trail's prefix.
    public static func logsRoot(trailPrefix: String?) -> String {
        guard let prefix = trailPrefix?.trimmingSlashes, !prefix.isEmpty else { return "AWSLogs/" }
        return prefix + "/AWSLogs/"
    }

    /// The `…/<account>/CloudTrail/` folders of `account`, given the common prefixes under
    /// `AWSLogs/`: the account's own folder and, for an organization trail, `o-…/<account>/`.
    public static func accountRoots(logsRoot: String, children: [String], account: String) -> [String] {
        children.compactMap { child -> String? in
            let name = child.dropFirst(logsRoot.count).trimmingSlashes
            if name == account { return logsRoot + account + "/CloudTrail/" }
            if name.hasPrefix("o-") { return logsRoot + name + "/" + account + "/CloudTrail/" }
            return nil
        }.sorted()
    }

    /// The regions to list: the requested ones plus us-east-1 (global services record there),
    /// or all the folders found when none were requested.
    public static func regions(requested: Set<String>?, found: [String]) -> [String] {
        guard let requested else { return found.sorted() }
        return requested.union([GlobalServices.region]).sorted()
    }

    /// One listing prefix per region and day: the window's days plus the day after its end,
    /// since a folder is the delivery day and a file holds records from before it.
    public static func dayPrefixes(accountRoot: String, regions: [String], window: TimeWindow) -> [String] {
        let folders = days(window).map { $0 + "/" }
        return regions.flatMap { region in folders.map { accountRoot + region + "/" + $0 } }
    }

    /// The delivery days whose folders can hold the window's records, `yyyy/mm/dd`: the
    /// window's days and the day after its end.
    static func days(_ window: TimeWindow) -> [String] {
        var days: [String] = []
        var day = (window.start.timeIntervalSince1970 / 86_400).rounded(.down)
        let last = ((window.end.timeIntervalSince1970 - 1) / 86_400).rounded(.down) + 1
        while day <= last {
            days.append(String(dayPath(Date(timeIntervalSince1970: day * 86_400)).dropLast()))
            day += 1
        }
        return days
    }

    /// Whether a listed key is a log file (not a digest, not a folder marker).
    public static func isLogFile(_ key: String) -> Bool {
        key.hasSuffix(".json.gz") && !key.contains("/CloudTrail-Digest/")
    }

    static func dayPath(_ date: Date) -> String {
        let text = TimeWindow.format(date)  // 2026-11-20T00:00:00Z
        let parts = text.prefix(10).split(separator: "-")
        return parts.joined(separator: "/") + "/"
    }
}

extension StringProtocol {
    fileprivate var trimmingSlashes: String {
        var text = Substring(self)
        while text.hasPrefix("/") { text = text.dropFirst() }
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
