import PolicyGenerationCore
import WatchpostCore
import AWSClient
import FoundationEssentials
import Integrations
import LambdaRuntime
import SecurityEvents
import Primitives

/// The policy-generator function: reads a principal's CloudTrail activity, emits the
/// least-privilege policy and what it has now and did not use, and optionally applies it.
///
/// Configuration: `TRAIL_BUCKET`/`TRAIL_PREFIX` (the trail's bucket), `POLICY_OUTPUT_BUCKET`
/// (+ `POLICY_OUTPUT_PREFIX`: where each generated policy is written), `ALERT_TOPIC_ARN` and
/// `SLACK_WEBHOOK_URL`/`SLACK_WEBHOOK_PARAMETER` (the summary), `DRY_RUN=true`,
/// `WATCHPOST_MEMBER_ROLE`; for schedules `POLICY_PRINCIPALS`, `POLICY_WINDOW_DAYS`,
/// `POLICY_SOURCE`, `POLICY_REGIONS`.
public struct PolicyGeneratorHandler: LambdaHandler {
    let client: AWSClient
    let environment: [String: String]
    let dryRun: Bool

    public init(environment: [String: String]) throws {
        client = try AWSClient(environment: environment)
        self.environment = environment
        dryRun = try switchSetting("DRY_RUN", in: environment)
    }

    public func handle(_ event: JSONValue, context: LambdaContext) async throws -> PolicyResponse {
        let requests = try PolicyRequest.requests(from: event, environment: environment)
        let client = client.until(context.deadline)
        var reports: [PolicyReport] = []
        for request in requests {
            reports.append(try await generate(request, client: client, context: context))
        }
        return event["detail-type"] == nil ? .single(reports[0]) : .scheduled(reports)
    }

    func generate(_ request: PolicyRequest, client: AWSClient, context: LambdaContext) async throws -> PolicyReport {
        let logger = context.logger
        // The principal's account: its IAM (and LookupEvents) are read and written there.
        let member: AWSClient
        do {
            member = try await client.forAccount(request.principal.account, sessionName: "watchpost-policy-generator")
        } catch {
            throw PolicyGenerationFailure(errorType: "MemberAccountUnavailable",
                                          errorMessage: "acting in \(request.principal.account): \(error)")
        }
        var activity = Activity(principal: request.principal, window: request.window, regions: request.regions)
        let sourceFigure: (String, String)
        do {
            switch request.source {
            case .s3:
                // The trail bucket is the organization's (log archive): read with our own role.
                sourceFigure = ("files", String(try await ActivitySources(client: client).readTrailBucket(request, into: &activity)))
            case .lookupEvents:
                sourceFigure = ("pages", String(try await ActivitySources(client: member)
                    .lookUpEvents(request, into: &activity, deadline: context.deadline)))
            }
        } catch let error as ActivitySources.Failure {
            throw PolicyGenerationFailure(errorType: "ActivityUnreadable", errorMessage: error.description)
        }

        var granted: [UnusedPermissions.GrantedPolicy]? = nil
        do {
            granted = try await GrantedPolicies.read(request.principal, iam: member.iam)
        } catch {
            logger.warn("could not read the principal's current policies; unused report is empty",
                        ["principal": request.principal.arn, "error": "\(error)"])
        }
        var report = PolicyReport(request: request, activity: activity, granted: granted ?? [])
        report.grantsKnown = granted != nil
        report.applied = await apply(request, report: report, member: member, client: client)
        logger.info("policy generated", [
            "principal": request.principal.arn, "source": request.source.rawValue,
            "recordsRead": String(report.recordsRead), "recordsMatched": String(report.recordsMatched),
            "actions": String(report.actions.count), "characters": String(report.size.characters),
            "folds": report.folds.keys.sorted().joined(separator: ","), "dryRun": String(dryRun),
            sourceFigure.0: sourceFigure.1,
            "applied": report.applied.map { $0.steps.map { "\($0.step.name):\($0.statusWord)" }.joined(separator: ",") } ?? "none",
        ])
        return report
    }
}

/// A failure that leaves no trustworthy policy: the invocation fails with this type.
struct PolicyGenerationFailure: LambdaFunctionError {
    let errorType: String
    let errorMessage: String
}
