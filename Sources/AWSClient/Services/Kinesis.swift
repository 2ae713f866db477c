extension AWSService {
    /// Only declared: Lambda reads the logins stream with the function's role; no code here calls Kinesis.
    public static let kinesis = AWSService("Kinesis", prefix: "kinesis", environmentID: "KINESIS",
                                           protocol: .json(targetPrefix: "Kinesis_20131202", contentType: "application/x-amz-json-1.1"))
}

extension AWSOperation {
    /// What a Kinesis event source mapping calls with the function's role to deliver a stream's
    /// records (a standard iterator: no enhanced fan-out, so no SubscribeToShard).
    public enum Kinesis {
        public static let describeStream = AWSOperation(.kinesis, "DescribeStream", iam: ["kinesis:DescribeStream"])
        public static let describeStreamSummary = AWSOperation(.kinesis, "DescribeStreamSummary", iam: ["kinesis:DescribeStreamSummary"])
        public static let listShards = AWSOperation(.kinesis, "ListShards", iam: ["kinesis:ListShards"])
        public static let listStreams = AWSOperation(.kinesis, "ListStreams", iam: ["kinesis:ListStreams"])
        public static let getShardIterator = AWSOperation(.kinesis, "GetShardIterator", iam: ["kinesis:GetShardIterator"])
        public static let getRecords = AWSOperation(.kinesis, "GetRecords", iam: ["kinesis:GetRecords"])
    }
}
