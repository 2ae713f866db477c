/// The partition a region belongs to (`aws`, `aws-cn` or `aws-us-gov`), for building ARNs.
public enum AWSPartition {
    public static func of(region: String) -> String {
        region.hasPrefix("cn-") ? "aws-cn" : region.hasPrefix("us-gov-") ? "aws-us-gov" : "aws"
    }
}
