extension AWSOperation.EC2 {
    public static let describeRegions = AWSOperation(.ec2, "DescribeRegions", iam: ["ec2:DescribeRegions"])
}

/// The account's regions (EC2 DescribeRegions), for checks that must cover every region.
extension EC2 {
    public struct Region: Sendable, Equatable {
        public let name: String
        /// "opt-in-not-required", "opted-in" or "not-opted-in".
        public let optInStatus: String

        public init(name: String, optInStatus: String) {
            self.name = name
            self.optInStatus = optInStatus
        }
    }

    /// Every region of the partition with its opt-in status (`AllRegions=true`: the regions the
    /// account has not opted into are listed too, so a caller can say which it skipped).
    public func describeRegions() async throws -> [Region] {
        let root = try await client.query(.EC2.describeRegions, ["AllRegions": "true"])
        return (root.child("regionInfo")?.children("item") ?? []).compactMap { item in
            guard let name = item.value("regionName") else { return nil }
            return Region(name: name, optInStatus: item.value("optInStatus") ?? "opt-in-not-required")
        }
    }
}
