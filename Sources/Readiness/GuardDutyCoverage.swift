import AWSClient

/// GuardDuty in every region the account can use: an attacker with stolen keys works in the
/// regions nobody watches, so one region without a detector is a blind spot.
public enum GuardDutyCoverage {
    public struct Detector: Sendable, Equatable {
        public let id: String
        /// "ENABLED" or "DISABLED" (suspended).
        public let status: String

        public init(id: String, status: String) {
            self.id = id
            self.status = status
        }
    }

    /// The regions to ask: those the account may use. Regions it has not opted into cannot
    /// be used by anyone holding its keys either, so they are listed, not checked.
    public static func regionsToCheck(_ regions: [EC2.Region]) -> (enabled: [String], notOptedIn: [String]) {
        let sorted = regions.sorted { $0.name < $1.name }
        return (sorted.filter { $0.optInStatus != "not-opted-in" }.map(\.name),
                sorted.filter { $0.optInStatus == "not-opted-in" }.map(\.name))
    }

    /// One row per enabled region (in `detectors`' order), and one for the regions skipped.
    public static func results(regions: Fact<[EC2.Region]>, detectors: [(region: String, detectors: Fact<[Detector]>)]) -> [CheckResult] {
        let notOptedIn: [String]
        switch regions {
        case .failure(let failure):
            return [CheckResult("guardduty", scope: "account", .fail, "could not list the account's regions: \(failure.summary)",
                                fix: failure.fix(allowing: "ec2:DescribeRegions"))]
        case .success(let regions):
            notOptedIn = regionsToCheck(regions).notOptedIn
        }
        var results = detectors.map { verdict(region: $0.region, $0.detectors) }
        if !notOptedIn.isEmpty {
            results.append(CheckResult("guardduty", scope: "\(notOptedIn.count) regions", .skip,
                                       "not enabled for this account: \(notOptedIn.joined(separator: ", "))"))
        }
        return results
    }

    public static func verdict(region: String, _ detectors: Fact<[Detector]>) -> CheckResult {
        switch detectors {
        case .failure(let failure) where failure.isRegionRefusal:
            return CheckResult("guardduty", scope: region, .warn, "the region refused the call: \(failure.summary)",
                               fix: "check the region is enabled for the account and these credentials are valid there")
        case .failure(let failure):
            return CheckResult("guardduty", scope: region, .fail, "could not read: \(failure.summary)",
                               fix: failure.fix(allowing: "guardduty:ListDetectors and guardduty:GetDetector"))
        case .success(let detectors):
            if let enabled = detectors.first(where: { $0.status == "ENABLED" }) {
                return CheckResult("guardduty", scope: region, .pass, "detector \(enabled.id) enabled")
            }
            if let suspended = detectors.first {
                return CheckResult("guardduty", scope: region, .fail, "detector \(suspended.id) is suspended",
                                   fix: "aws guardduty update-detector --detector-id \(suspended.id) --enable --region \(region)")
            }
            return CheckResult("guardduty", scope: region, .fail, "no detector: findings in this region are never raised",
                               fix: "aws guardduty create-detector --enable --region \(region)")
        }
    }
}
