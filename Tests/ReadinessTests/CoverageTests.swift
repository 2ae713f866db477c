import AWSClient
import Testing
@testable import Readiness

@Suite("GuardDuty in every enabled region, the login log groups, Security Hub")
struct CoverageTests {
    static let regions = [
        EC2.Region(name: "us-west-2", optInStatus: "opt-in-not-required"),
        EC2.Region(name: "ap-east-1", optInStatus: "not-opted-in"),
        EC2.Region(name: "us-east-1", optInStatus: "opt-in-not-required"),
        EC2.Region(name: "me-south-1", optInStatus: "opted-in"),
        EC2.Region(name: "il-central-1", optInStatus: "not-opted-in"),
    ]

    @Test func optedOutRegionsAreListedNotChecked() {
        let split = GuardDutyCoverage.regionsToCheck(Self.regions)
        #expect(split.enabled == ["me-south-1", "us-east-1", "us-west-2"])
        #expect(split.notOptedIn == ["ap-east-1", "il-central-1"])
    }

    @Test func oneRegionWithADetectorLeavesTheOthersFailing() {
        let results = GuardDutyCoverage.results(regions: .success(Self.regions), detectors: [
            ("me-south-1", .success([])),
            ("us-east-1", .success([.init(id: "d1", status: "ENABLED")])),
            ("us-west-2", .success([])),
        ])
        #expect(results.map(\.scope) == ["me-south-1", "us-east-1", "us-west-2", "2 regions"])
        #expect(results.map(\.status) == [.fail, .pass, .fail, .skip])
        #expect(results[0].fix == "aws guardduty create-detector --enable --region me-south-1")
        #expect(results[3].detail == "not enabled for this account: ap-east-1, il-central-1")
    }

    @Test(arguments: [
        (Fact<[GuardDutyCoverage.Detector]>.success([.init(id: "d1", status: "DISABLED")]), CheckResult.Status.fail,
         "detector d1 is suspended", "aws guardduty update-detector --detector-id d1 --enable --region eu-west-1"),
        (.success([.init(id: "d1", status: "DISABLED"), .init(id: "d2", status: "ENABLED")]), .pass, "detector d2 enabled", nil),
        (.failure(CallFailure(operation: "GuardDuty ListDetectors", code: "UnrecognizedClientException", httpStatus: 403)), .warn,
         "the region refused the call: GuardDuty ListDetectors: UnrecognizedClientException (HTTP 403)", "region is enabled"),
        (.failure(CallFailure(operation: "GuardDuty ListDetectors", code: "AccessDeniedException", httpStatus: 403)), .fail,
         "could not read: GuardDuty ListDetectors: AccessDeniedException (HTTP 403)", "guardduty:ListDetectors"),
    ] as [(Fact<[GuardDutyCoverage.Detector]>, CheckResult.Status, String, String?)])
    func detectorVerdicts(detectors: Fact<[GuardDutyCoverage.Detector]>, status: CheckResult.Status, detail: String, fix: String?) {
        let result = GuardDutyCoverage.verdict(region: "eu-west-1", detectors)
        #expect(result.status == status)
        #expect(result.detail == detail)
        if let fix { #expect(result.fix?.contains(fix) == true) } else { #expect(result.fix == nil) }
    }

    @Test func unlistableRegionsFailOnce() {
        let failure = CallFailure(operation: "EC2 DescribeRegions", code: "UnauthorizedOperation", httpStatus: 403)
        let results = GuardDutyCoverage.results(regions: .failure(failure), detectors: [])
        #expect(results == [CheckResult("guardduty", scope: "account", .fail,
                                        "could not list the account's regions: EC2 DescribeRegions: UnauthorizedOperation (HTTP 403)",
                                        fix: "allow ec2:DescribeRegions to these credentials")])
    }

    @Test(arguments: [
        (LogGroupReadiness.Kind.ssh, String?.none, Fact<[String]>?.none, CheckResult.Status.skip,
         "SSH_LOG_GROUP not set (the stack's SshLogGroupName is empty: no SSH subscription)"),
        (.ssh, "/watchpost/ssh", .success(["/watchpost/ssh", "/watchpost/ssh-old"]), .pass, "/watchpost/ssh exists"),
        (.rdp, "/watchpost/rdp", .success(["/watchpost/rdp-old"]), .fail,
         "/watchpost/rdp does not exist: the login subscription cannot be created"),
        (.rdp, "/watchpost/rdp", .failure(CallFailure(operation: "CloudWatchLogs DescribeLogGroups", code: "AccessDeniedException")),
         .fail, "/watchpost/rdp: could not read: CloudWatchLogs DescribeLogGroups: AccessDeniedException"),
    ] as [(LogGroupReadiness.Kind, String?, Fact<[String]>?, CheckResult.Status, String)])
    func logGroups(kind: LogGroupReadiness.Kind, name: String?, names: Fact<[String]>?, status: CheckResult.Status, detail: String) {
        let result = LogGroupReadiness.verdict(kind, name: name, region: "eu-west-1", names: names)
        #expect(result.check == "\(kind.rawValue)-log-group")
        #expect(result.status == status)
        #expect(result.detail == detail)
        if status == .fail, case .success = names {
            #expect(result.fix?.hasSuffix("aws logs create-log-group --log-group-name /watchpost/rdp --region eu-west-1") == true)
        }
    }

    @Test(arguments: [
        (false, Fact<String>?.none, CheckResult.Status.skip, String?.none),
        (true, .success("arn:aws:securityhub:eu-west-1:111122223333:hub/default"), .pass, nil),
        (true, .failure(CallFailure(operation: "SecurityHub DescribeHub", code: "InvalidAccessException", httpStatus: 401)), .fail,
         "aws securityhub enable-security-hub --region eu-west-1"),
        (true, .failure(CallFailure(operation: "SecurityHub DescribeHub", code: "AccessDeniedException", httpStatus: 403)), .fail,
         "allow securityhub:DescribeHub to these credentials"),
    ] as [(Bool, Fact<String>?, CheckResult.Status, String?)])
    func securityHub(wanted: Bool, hub: Fact<String>?, status: CheckResult.Status, fix: String?) {
        let result = SecurityHubReadiness.verdict(wanted: wanted, region: "eu-west-1", hub: hub)
        #expect(result.status == status)
        #expect(result.fix == fix)
    }
}
