import BucketExposureCore
import WatchpostCore

extension CheckerConfiguration {
    /// The configuration as the function shell reads it from one environment: the shared
    /// settings (`FunctionSettings`), then the checker's own.
    init(environment: [String: String]) throws {
        try self.init(environment: environment, shared: FunctionSettings(product: "s3-policy-checker", environment: environment))
    }
}
