import FoundationEssentials
import SecurityEvents

/// Feeds one decompressed CloudTrail log file into an `Activity`: every record counts as
/// read, and only those whose bytes name the principal (its name and account, any case) are
/// decoded; the rest cannot be its records. Memory: one file and the aggregates.
public struct TrailFileReader {
    /// CloudTrail delivers files of a few MB; a file inflating past this is not a trail file.
    public static let maximumFileSize = 1 << 30

    let name: [UInt8]
    let account: [UInt8]

    public init(principal: Principal) {
        name = Array(principal.name.lowercased().utf8)
        account = Array(principal.account.utf8)
    }

    public func read(_ file: [UInt8], into activity: inout Activity) throws {
        try file.withUnsafeBufferPointer { bytes in
            var skipped = 0
            try TrailFileScanner.forEachRecord(in: bytes) { range in
                guard TrailFileScanner.contains(bytes, range, lowercased: name),
                    TrailFileScanner.contains(bytes, range, lowercased: account)
                else {
                    skipped += 1
                    return
                }
                activity.add(try TrailRecordParser.parse(bytes, range))
            }
            activity.countSkipped(skipped)
        }
    }
}
