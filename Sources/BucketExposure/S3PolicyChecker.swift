import BucketExposureCore
import FunctionShell
import LambdaRuntime
import Primitives
import WatchpostCore

/// The s3-policy-checker function: any JSON in (so that a wrong event gets a clear error, not
/// a decoding failure), the response contract out.
public struct S3PolicyChecker: WatchpostFunction {
    public static let product = "s3-policy-checker"

    let configuration: CheckerConfiguration

    public init(settings: FunctionSettings, environment: [String: String]) throws {
        configuration = try CheckerConfiguration(environment: environment, shared: settings)
    }

    public func handle(_ event: JSONValue, in invocation: Invocation) async throws -> CheckerResponse {
        let checker = BucketChecker(
            configuration: configuration, stores: AWSBucketStores(invocation: invocation),
            alerts: AlerterSender(alerter: invocation.alerter()))
        let sweep = configuration.sweepQueueURL.map {
            OrganizationSweep(checker: checker, configuration: configuration, queueURL: $0, invocation: invocation)
        }
        if let batch = sweepBatch(in: event) {
            guard let sweep else {
                throw BucketEventError(errorType: "InvalidConfiguration", errorMessage: "a sweep message arrived but SWEEP_QUEUE_URL is not set")
            }
            return .sweepBatch(await sweep.consume(batch))
        }
        let trigger = try classify(event: event)
        if let sweep, trigger.trigger == .schedule {
            // The schedule's event id names the sweep: its messages and reports carry it.
            return .planned(try await sweep.plan(sweep: event["id"]?.stringValue ?? "sweep-\(trigger.account)"))
        }
        return try await checker.run(trigger)
    }
}

extension BucketEventError: LambdaFunctionError {}

extension ConfigurationError: LambdaFunctionError {
    public var errorType: String { "InvalidConfiguration" }
    public var errorMessage: String { message }
}
