import BucketExposureCore
import AWSClient
import Alerting
import FoundationEssentials
import LambdaRuntime
import SecurityEvents
import Primitives

/// The s3-policy-checker function: any JSON in (so that a wrong event gets a clear error, not
/// a decoding failure), the response contract out.
public struct S3PolicyChecker: LambdaHandler {
    public typealias Event = JSONValue
    public typealias Output = CheckerResponse

    let client: AWSClient
    let configuration: CheckerConfiguration
    let environment: [String: String]

    public init(environment: [String: String]) throws {
        client = try AWSClient(environment: environment)
        configuration = try CheckerConfiguration(environment: environment)
        self.environment = environment
    }

    public func handle(_ event: JSONValue, context: LambdaContext) async throws -> CheckerResponse {
        let trigger = try classify(event: event)
        // No AWS request outlives the invocation.
        let scoped = client.until(context.deadline)
        let checker = BucketChecker(
            configuration: configuration, stores: AWSBucketStores(client: scoped),
            alerts: AlerterSender(alerter: Alerter(client: scoped, environment: environment)))
        let response = try await checker.run(trigger)
        log(response, trigger: trigger, logger: context.logger)
        return response
    }

    /// One line per event: what was decided and done (no policy text, nothing secret).
    private func log(_ response: CheckerResponse, trigger: TriggerEvent, logger: Logger) {
        switch response {
        case .bucket(let report):
            logger.info("bucket checked", [
                "bucket": report.bucket, "account": report.account, "trigger": report.trigger,
                "verdict": report.verdict?.rawValue ?? "unknown",
                "effectiveVerdict": report.effectiveVerdict?.rawValue ?? "unknown",
                "exempt": String(report.exempt), "dryRun": String(report.dryRun),
                "actions": report.actions.map { "\($0.step.name):\($0.statusWord)" }.joined(separator: ","),
            ])
        case .sweep(let sweep):
            logger.info("buckets swept", [
                "account": trigger.account, "trigger": trigger.trigger.name, "total": String(sweep.counts.total),
                "public": String(sweep.counts.public), "effectivelyPublic": String(sweep.counts.effectivelyPublic),
                "crossAccount": String(sweep.counts.crossAccount), "exempt": String(sweep.counts.exempt),
                "unreadable": String(sweep.counts.unreadable), "dryRun": String(configuration.dryRun),
            ])
        }
    }
}

extension BucketEventError: LambdaFunctionError {}

extension ConfigurationError: LambdaFunctionError {
    public var errorType: String { "InvalidConfiguration" }
    public var errorMessage: String { message }
}
