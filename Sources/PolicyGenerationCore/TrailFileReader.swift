import FoundationEssentials
import SecurityEvents
import Primitives

/// Reads one CloudTrail log file: every record counts as read, and only those whose bytes
/// name the principal (its name and account, any case) are decoded; the rest cannot be its
/// records. Memory: one file and what it contributes.
public struct TrailFileReader: Sendable {
    /// CloudTrail delivers files of a few MB; a file inflating past this is not a trail file.
    public static let maximumFileSize = 1 << 30

    let name: [UInt8]
    let account: [UInt8]

    public init(principal: Principal) {
        name = Array(principal.name.lowercased().utf8)
        account = Array(principal.account.utf8)
    }

    /// A gzipped log file as the trail stores it; a damaged one costs only itself.
    public func read(gzipped: [UInt8], source: String, evaluator: inout RecordEvaluator) -> TrailFileActivity {
        let file: [UInt8]
        do {
            file = try Gzip.decompress(gzipped, outputLimit: Self.maximumFileSize)
        } catch {
            var unreadable = TrailFileActivity()
            unreadable.addUnreadable(source: source, record: 0, reason: "not gzip: \(error)")
            return unreadable
        }
        return read(file, source: source, evaluator: &evaluator)
    }

    /// Every record of `file` into `activity`, in order.
    public func read(_ file: [UInt8], source: String = "", into activity: inout Activity) {
        var evaluator = activity.evaluator
        activity.add(read(file, source: source, evaluator: &evaluator))
    }

    /// Every record of `file`. A record that cannot be read is counted and reported by
    /// position and reason (`source` names the file); the others are still used. A file that
    /// is not a trail file at all is reported as such, after the records before the fault.
    public func read(_ file: [UInt8], source: String = "", evaluator: inout RecordEvaluator) -> TrailFileActivity {
        var activity = TrailFileActivity()
        file.withUnsafeBufferPointer { bytes in
            var skipped = 0
            var position = 0
            do {
                try TrailFileScanner.forEachRecord(in: bytes) { range, fault in
                    position += 1
                    do throws(TrailFileScanner.Error) {
                        if let fault { throw fault }
                        if TrailFileScanner.contains(bytes, range, lowercased: name),
                            TrailFileScanner.contains(bytes, range, lowercased: account) {
                            activity.add(evaluator.evaluate(try TrailRecordParser.parse(bytes, range)))
                        } else {
                            skipped += 1
                        }
                    } catch {
                        activity.addUnreadable(source: source, record: position, reason: error.description)
                    }
                }
            } catch {
                activity.addUnreadable(source: source, record: 0, reason: "not a CloudTrail log file after \(position) records: \(error)")
            }
            activity.countSkipped(skipped)
        }
        return activity
    }
}
