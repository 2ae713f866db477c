/// Where the organization trail is queried: the Glue database and CloudTrail table the template
/// creates, and the Athena workgroup that runs the query (its results location, encryption and
/// bytes-scanned limit are the workgroup's, enforced). `ATHENA_DATABASE`, `ATHENA_TABLE`,
/// `ATHENA_WORKGROUP`.
public struct AthenaTable: Sendable, Equatable {
    public let database: String
    public let table: String
    public let workGroup: String

    public init(database: String, table: String, workGroup: String) throws(AthenaQueryError) {
        for (setting, value) in [("ATHENA_DATABASE", database), ("ATHENA_TABLE", table)] {
            // Glue names, quoted in the query: nothing that could close the quotes.
            guard (1...255).contains(value.utf8.count), value.utf8.allSatisfy({ Self.isNameByte($0) }) else {
                throw .notConfigured("\(setting) \"\(value)\" must be 1-255 letters, digits or underscores")
            }
        }
        guard (1...128).contains(workGroup.utf8.count),
            workGroup.utf8.allSatisfy({ Self.isNameByte($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
        else { throw .notConfigured("ATHENA_WORKGROUP \"\(workGroup)\" is not an Athena workgroup name") }
        self.database = database
        self.table = table
        self.workGroup = workGroup
    }

    public init(environment: [String: String]) throws(AthenaQueryError) {
        let names = ["ATHENA_DATABASE", "ATHENA_TABLE", "ATHENA_WORKGROUP"].map { environment[$0] ?? "" }
        guard !names.contains(where: \.isEmpty) else {
            throw .notConfigured("source \"athena\" needs ATHENA_DATABASE, ATHENA_TABLE and ATHENA_WORKGROUP (the template sets them when TrailBucket is given)")
        }
        try self.init(database: names[0], table: names[1], workGroup: names[2])
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }
}
