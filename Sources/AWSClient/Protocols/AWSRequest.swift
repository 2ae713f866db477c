/// One call of an operation as a wire protocol built it (`query`, `json`, `rest`), before it is
/// addressed and signed: `AWSClient.send` does the rest in one place.
struct AWSRequest: Sendable {
    let operation: AWSOperation
    var method: String
    /// URI-encoded path below the endpoint (and below the bucket, for virtual-hosted S3).
    var path: String
    var query: [(name: String, value: String)] = []
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    /// A label before the endpoint host: an S3 bucket (virtual-hosted style) or the account
    /// for S3 Control. Under an endpoint override it becomes a path segment or a header instead.
    var hostLabel: HostLabel? = nil

    var service: AWSService { operation.service }

    enum HostLabel: Sendable {
        case bucket(String)
        case account(String)
    }
}
