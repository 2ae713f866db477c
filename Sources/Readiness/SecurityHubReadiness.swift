/// Security Hub, when watchpost sends its findings there (`SECURITY_HUB=true`).
public enum SecurityHubReadiness {
    /// `hub`: DescribeHub's answer in `region` (nil when not wanted).
    public static func verdict(wanted: Bool, region: String, hub: Fact<String>?) -> CheckResult {
        guard wanted, let hub else {
            return CheckResult("security-hub", scope: region, .skip, "SECURITY_HUB not true: findings are not sent there")
        }
        switch hub {
        case .success(let arn):
            return CheckResult("security-hub", scope: region, .pass, "enabled" + (arn.isEmpty ? "" : " (\(arn))"))
        case .failure(let failure) where ["InvalidAccessException", "ResourceNotFoundException"].contains(failure.code):
            return CheckResult("security-hub", scope: region, .fail, "not enabled: watchpost's findings would be refused",
                               fix: "aws securityhub enable-security-hub --region \(region)")
        case .failure(let failure):
            return CheckResult("security-hub", scope: region, .fail, "could not read: \(failure.summary)",
                               fix: failure.fix(allowing: "securityhub:DescribeHub"))
        }
    }
}
