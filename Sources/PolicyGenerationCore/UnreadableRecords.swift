/// Records (or whole files) that could not be read: how many, and the first few by where and
/// why. Everything else in the same file or page is still used.
public struct UnreadableRecords: Sendable, Equatable, Encodable {
    public struct Entry: Sendable, Equatable, Encodable {
        /// The file (`s3://bucket/key`, a local path) or `LookupEvents <region>`.
        public let source: String
        /// 1-based position of the record in its file or page; 0: the file as a whole.
        public let record: Int
        public let reason: String

        public init(source: String, record: Int, reason: String) {
            self.source = source
            self.record = record
            self.reason = reason
        }
    }

    /// How many entries are kept for the report; `count` keeps counting past it.
    public static let kept = 20

    public private(set) var count = 0
    public private(set) var first: [Entry] = []

    public init() {}

    mutating func add(_ entry: Entry) {
        count += 1
        if first.count < Self.kept { first.append(entry) }
    }

    /// Another file's entries after these: as if each had been added here in turn.
    mutating func append(_ other: UnreadableRecords) {
        count += other.count
        first += other.first.prefix(Self.kept - first.count)
    }
}
