import PolicyGenerationCore
import WatchpostCore
import AWSClient
import FunctionShell
import FoundationEssentials
import Integrations
import LambdaRuntime
import SecurityEvents
import Primitives

/// The policy-generator function: reads a principal's CloudTrail activity, emits the
/// least-privilege policy and what it has now and did not use, and optionally applies it.
///
/// Configuration, besides the shared settings (the alert channels get the summary, `DRY_RUN`,
/// `WATCHPOST_MEMBER_ROLE`): `TRAIL_BUCKET`/`TRAIL_PREFIX` (the trail's bucket), `POLICY_OUTPUT_BUCKET`
/// (+ `POLICY_OUTPUT_PREFIX`: where each generated policy is written); for schedules
/// `POLICY_PRINCIPALS`, `POLICY_WINDOW_DAYS`, `POLICY_SOURCE`, `POLICY_REGIONS`.
public struct PolicyGeneratorHandler: WatchpostFunction {
    public static let product = "policy-generator"

    let environment: [String: String]

    public init(settings: FunctionSettings, environment: [String: String]) throws {
        self.environment = environment
    }

    public func handle(_ event: JSONValue, in invocation: Invocation) async throws -> PolicyResponse {
        let requests = try PolicyRequest.requests(from: event, environment: environment)
        var reports: [PolicyReport] = []
        for request in requests {
            reports.append(try await generate(request, invocation))
        }
        return event["detail-type"] == nil ? .single(reports[0]) : .scheduled(reports)
    }

    func generate(_ request: PolicyRequest, _ invocation: Invocation) async throws -> PolicyReport {
        let client = invocation.client
        // The principal's account: its IAM (and LookupEvents) are read and written there.
        let member: AWSClient
        do {
            member = try await invocation.member(request.principal.account)
        } catch {
            throw PolicyGenerationFailure(errorType: "MemberAccountUnavailable",
                                          errorMessage: "acting in \(request.principal.account): \(error)")
        }
        var activity = Activity(principal: request.principal, window: request.window, regions: request.regions)
        let sourceReads: (unit: String, count: Int)
        do {
            switch request.source {
            case .s3:
                // The trail bucket is the organization's (log archive): read with our own role.
                sourceReads = ("files", try await ActivitySources(client: client).readTrailBucket(request, into: &activity))
            case .lookupEvents:
                sourceReads = ("pages", try await ActivitySources(client: member)
                    .lookUpEvents(request, into: &activity, deadline: invocation.deadline))
            }
        } catch let error as ActivitySources.Failure {
            throw PolicyGenerationFailure(errorType: "ActivityUnreadable", errorMessage: error.description)
        }

        var granted: [UnusedPermissions.GrantedPolicy]? = nil
        do {
            granted = try await GrantedPolicies.read(request.principal, iam: member.iam)
        } catch {
            invocation.logger.warn("could not read the principal's current policies; unused report is empty",
                                   ["principal": request.principal.arn, "error": "\(error)"])
        }
        var report = PolicyReport(request: request, activity: activity, granted: granted ?? [])
        report.grantsKnown = granted != nil
        report.sourceReads = sourceReads
        report.dryRun = invocation.settings.dryRun
        report.applied = await apply(request, report: report, member: member, invocation)
        return report
    }
}

/// A failure that leaves no trustworthy policy: the invocation fails with this type.
struct PolicyGenerationFailure: LambdaFunctionError {
    let errorType: String
    let errorMessage: String
}
