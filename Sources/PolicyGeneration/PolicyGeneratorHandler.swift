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
/// `WATCHPOST_MEMBER_ROLE`): `TRAIL_BUCKET`/`TRAIL_PREFIX` (the trail's bucket),
/// `ATHENA_DATABASE`/`ATHENA_TABLE`/`ATHENA_WORKGROUP` (the trail's Athena table), `POLICY_OUTPUT_BUCKET`
/// (+ `POLICY_OUTPUT_PREFIX`: where each generated policy is written); for schedules
/// `POLICY_PRINCIPALS`, `POLICY_WINDOW_DAYS`, `POLICY_SOURCE`, `POLICY_REGIONS`.
public struct PolicyGeneratorHandler: WatchpostFunction {
    public static let product = "policy-generator"

    let environment: [String: String]

    public init(settings: FunctionSettings, environment: [String: String]) throws {
        self.environment = environment
    }

    public func handle(_ event: JSONValue, in invocation: Invocation) async throws -> PolicyResponse {
        let requests = try await startingAthenaQueries(try PolicyRequest.requests(from: event, environment: environment), invocation)
        var reports: [PolicyReport] = []
        var pending: [PendingQuery] = []
        for request in requests {
            switch try await generate(request, invocation) {
            case .report(let report): reports.append(report)
            case .pending(let query): pending.append(query)
            }
        }
        if event["detail-type"] != nil { return .scheduled(reports, pending: pending) }
        return reports.first.map { .single($0) } ?? .pending(pending[0])
    }

    /// Athena runs queries side by side: a schedule starts every principal's query before
    /// waiting for any, so one slow query cannot leave the others unstarted at the deadline.
    func startingAthenaQueries(_ requests: [PolicyRequest], _ invocation: Invocation) async throws -> [PolicyRequest] {
        guard requests.count > 1, requests.contains(where: { $0.source == .athena && $0.queryExecutionId == nil }) else {
            return requests
        }
        let athena = try athenaActivity(invocation)
        var started: [PolicyRequest] = []
        for request in requests {
            guard request.source == .athena, request.queryExecutionId == nil else {
                started.append(request)
                continue
            }
            started.append(try request.resuming(queryExecutionId: try await athena.start(request)))
        }
        return started
    }

    /// The workgroup, the table and the results are the deployment's own: our own role.
    func athenaActivity(_ invocation: Invocation) throws(AthenaQueryError) -> AthenaActivity {
        AthenaActivity(athena: invocation.client.athena, table: try AthenaTable(environment: environment))
    }

    enum Generated {
        case report(PolicyReport)
        case pending(PendingQuery)
    }

    func generate(_ request: PolicyRequest, _ invocation: Invocation) async throws -> Generated {
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
        var query: AthenaQueryReport?
        do {
            switch request.source {
            case .s3:
                // The trail bucket is the organization's (log archive): read with our own role.
                sourceReads = ("files", try await ActivitySources(client: client).readTrailBucket(request, into: &activity))
            case .lookupEvents:
                sourceReads = ("pages", try await ActivitySources(client: member)
                    .lookUpEvents(request, into: &activity, deadline: invocation.deadline))
            case .athena:
                switch try await athenaActivity(invocation).read(request, into: &activity, deadline: invocation.deadline) {
                case .finished(let report, let pages):
                    sourceReads = ("pages", pages)
                    query = report
                case .running(let report):
                    return .pending(PendingQuery(request: request, query: report))
                }
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
        report.query = query
        report.dryRun = invocation.settings.dryRun
        report.applied = await apply(request, report: report, member: member, invocation)
        return .report(report)
    }
}

/// A failure that leaves no trustworthy policy: the invocation fails with this type.
struct PolicyGenerationFailure: LambdaFunctionError {
    let errorType: String
    let errorMessage: String
}
