/// What one trail file adds to an `Activity`, decided by its own reader: how many records it
/// held, those it could not read, and the contribution of each of the principal's records in
/// the file's order. Its size follows the file's, never the trail's.
public struct TrailFileActivity: Sendable {
    /// Records that add only to the count read: not the principal's, or unreadable.
    public private(set) var recordsOnlyCounted = 0
    public private(set) var unreadable = UnreadableRecords()
    /// The principal's records, in the file's order.
    public private(set) var contributions: [Activity.Contribution] = []

    mutating func add(_ contribution: Activity.Contribution) {
        if case .outside = contribution { recordsOnlyCounted += 1 } else { contributions.append(contribution) }
    }

    /// A record that could not be read counts as read; record 0 is the file as a whole.
    mutating func addUnreadable(source: String, record: Int, reason: String) {
        if record > 0 { recordsOnlyCounted += 1 }
        unreadable.add(.init(source: source, record: record, reason: reason))
    }

    mutating func countSkipped(_ count: Int) {
        recordsOnlyCounted += count
    }
}
