import ForensicsCore
import AWSModels
import AWSClient
import FunctionShell
import Alerting
import FoundationEssentials
import LambdaRuntime
import SecurityEvents
import Primitives
import WatchpostCore

extension ForensicsError: LambdaFunctionError {}

/// forensic-isolator's handler: reads the event, judges the finding, gathers the instance's
/// state, plans the missing steps and carries them out, then reports every step.
public struct ForensicIsolator: WatchpostFunction {
    public static let product = "forensic-isolator"

    let settings: ForensicsSettings
    let functionName: String
    /// The forensic workstation's instance type (FORENSIC_INSTANCE_TYPE, default t3.large).
    let workstationType: String

    public init(settings shared: FunctionSettings, environment: [String: String]) throws {
        settings = try ForensicsSettings(environment: environment, shared: shared)
        functionName = shared.functionName
        workstationType = environment["FORENSIC_INSTANCE_TYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? "t3.large"
    }

    public func handle(_ event: JSONValue, in invocation: Invocation) async throws -> ForensicsResponse {
        let parsed = try RequestParser.parse(event)
        if let topic = parsed.snsTopicArn, topic == settings.alertTopicArn {
            throw ForensicsError("InvalidConfiguration",
                                 "ALERT_TOPIC_ARN is the topic that triggers this function (\(topic)): incidents would come back as events")
        }
        let run = IsolationRun(invocation)
        switch parsed.request {
        case .isolate(let request) where request.instances.count > 1: return await isolateGroup(request, run)
        case .isolate(let request): return try await isolate(request, run)
        case .release(let request): return try await release(request, run)
        }
    }

    /// What one invocation's quarantine or release works with.
    struct IsolationRun: Sendable {
        let invocation: Invocation
        /// For the steps: its deadline leaves time to publish the incident.
        let client: AWSClient
        let alerter: Alerter
        var deadline: ContinuousClock.Instant { invocation.deadline }

        init(_ invocation: Invocation) {
            self.invocation = invocation
            client = invocation.client.until(invocation.deadline - Self.reserve(invocation.context.remainingTime))
            alerter = invocation.alerter()
        }

        /// A quarter of the time left, at most five seconds, is kept for the notification.
        static func reserve(_ remaining: Duration) -> Duration {
            min(.seconds(5), max(.zero, remaining / 4))
        }
    }

    func isolate(_ request: IsolationRequest, _ invocation: IsolationRun) async throws -> ForensicsResponse {
        let client = invocation.client
        var instanceId: String? = nil
        if case .instance(let id) = request.resource { instanceId = id }
        switch FindingVerdict.judge(request, minSeverity: settings.minSeverity) {
        case .skip(let reason):
            return await notActing(request, instanceId: instanceId, reason: reason, notify: false, invocation)
        case .report(let reason):
            try Identifiers.validate(instanceId: instanceId, account: request.account, region: request.region)
            return await notActing(request, instanceId: instanceId, reason: reason, notify: true, invocation)
        case .isolate:
            break
        }
        guard let instanceId else { preconditionFailure("the verdict isolates only instances") }
        try Identifiers.validate(instanceId: instanceId, account: request.account, region: request.region)

        let region = request.region ?? client.region
        var response = ForensicsResponse(
            decision: .isolate, reason: request.reason, instanceId: instanceId, account: request.account, region: region,
            incidentId: nil, finding: request.finding, steps: [], dryRun: settings.dryRun)
        let target: AWSClient
        do {
            target = try await scoped(invocation, account: request.account, region: region)
            if response.account == nil { response.account = try await target.callerAccount() }
        } catch {
            return await unreachable(response, error: error, invocation)
        }
        let gatherer = FactGatherer(client: target, evidenceClient: client, settings: settings)
        let record: EC2Instance
        do {
            record = try await gatherer.describe(instanceId)
        } catch let error as ForensicsError {
            throw error
        } catch {
            return await unreachable(response, error: error, invocation)
        }
        let now = Date()
        let incident = IncidentContext(
            incidentId: IncidentContext.incidentId(for: instanceId, existing: record.tags[QuarantineTags.incident], now: now),
            account: response.account ?? "", region: region, reason: request.reason, findingId: request.finding.id, now: now)
        response.incidentId = incident.incidentId
        let facts = await gatherer.facts(record, incident: incident, releasing: false)
        let plan = QuarantinePlanner.plan(facts, incident: incident, settings: settings)
        response.decision = plan.decision
        response.reason = plan.reason
        if plan.decision == .skip { response.incidentId = facts.quarantineIncident }
        let actions = QuarantineActions(
            client: target, evidenceClient: client, instanceId: instanceId, item: record.document, incident: incident,
            workstationType: workstationType, deadline: invocation.deadline)
        response.steps = [StepOutcome(.describe, .done, facts.summary)]
        return await execute(plan, actions, response, invocation)
    }

    func release(_ request: ReleaseRequest, _ invocation: IsolationRun) async throws -> ForensicsResponse {
        let client = invocation.client
        try Identifiers.validate(instanceId: request.instanceId, account: request.account, region: request.region)
        let region = request.region ?? client.region
        var response = ForensicsResponse(
            decision: .release, reason: request.reason, instanceId: request.instanceId, account: request.account,
            region: region, incidentId: request.incidentId, finding: FindingSummary(source: .direct), steps: [],
            dryRun: settings.dryRun)
        let target: AWSClient
        do {
            target = try await scoped(invocation, account: request.account, region: region)
            if response.account == nil { response.account = try await target.callerAccount() }
        } catch {
            return await unreachable(response, error: error, invocation)
        }
        let gatherer = FactGatherer(client: target, evidenceClient: client, settings: settings)
        let record: EC2Instance
        do {
            record = try await gatherer.describe(try await quarantined(request, gatherer, region: region))
        } catch let error as ForensicsError {
            throw error
        } catch {
            return await unreachable(response, error: error, invocation)
        }
        let instanceId = record.instanceId
        response.instanceId = instanceId
        if let wanted = request.incidentId, let actual = record.tags[QuarantineTags.incident], wanted != actual {
            throw ForensicsError("InvalidEvent", "\(instanceId) is quarantined under \(actual), not \(wanted)")
        }
        let incident = IncidentContext(
            incidentId: record.tags[QuarantineTags.incident] ?? request.incidentId ?? "", account: response.account ?? "",
            region: region, reason: request.reason, findingId: nil, now: Date())
        response.incidentId = record.tags[QuarantineTags.incident] ?? request.incidentId
        let facts = await gatherer.facts(record, incident: incident, releasing: true)
        let plan = ReleasePlanner.plan(facts, incident: incident, settings: settings)
        response.decision = plan.decision
        response.reason = plan.reason
        let actions = QuarantineActions(
            client: target, evidenceClient: client, instanceId: instanceId, item: XML.Element(name: "item"),
            incident: incident, workstationType: workstationType, deadline: invocation.deadline)
        response.steps = [StepOutcome(.describe, .done, facts.summary)]
        return await execute(plan, actions, response, invocation)
    }

    /// The instance a release names, by id or by the incident it is quarantined under.
    func quarantined(_ request: ReleaseRequest, _ gatherer: FactGatherer, region: String) async throws -> String {
        if let instanceId = request.instanceId { return instanceId }
        guard let incidentId = request.incidentId else { preconditionFailure("the parser requires an incident or an instance id") }
        guard let instanceId = try await gatherer.find(incident: incidentId) else {
            throw ForensicsError("IncidentNotFound", "no instance in \(region) is quarantined under \(incidentId)")
        }
        return instanceId
    }

    /// Runs the plan's steps after `describe` (already in `base`); notify publishes the
    /// incident with every other step's outcome, and a quarantine records when it did.
    func execute(_ plan: InstancePlan, _ actions: QuarantineActions, _ base: ForensicsResponse,
                 _ invocation: IsolationRun) async -> ForensicsResponse {
        var response = base
        response.steps += await PlanExecutor.run(plan.steps) { _, operation, outcomes in
            guard case .notify = operation else { return .done(try await actions.perform(operation)) }
            var sofar = base
            sofar.steps += outcomes
            let detail = try await publish(sofar, invocation)
            if plan.decision == .isolate {
                // Best effort: without the mark, a redelivery publishes the incident once more.
                try? await actions.client.ec2.createTags([actions.instanceId], [QuarantineTags.notified: actions.incident.timestamp])
            }
            return .done(detail)
        }
        return response
    }

    /// A finding not acted on: nothing is described; a report still tells the team.
    func notActing(_ request: IsolationRequest, instanceId: String?, reason: String, notify: Bool,
                   _ invocation: IsolationRun) async -> ForensicsResponse {
        var response = ForensicsResponse(
            decision: .skip, reason: reason, instanceId: instanceId, account: request.account, region: request.region,
            incidentId: nil, finding: request.finding, steps: [StepOutcome(.describe, .skipped, reason)], dryRun: settings.dryRun)
        let plan = InstancePlan.notActing(reason: reason, notify: notify, settings: settings)
        let base = response
        response.steps += await PlanExecutor.run(plan.steps) { _, _, outcomes in
            var sofar = base
            sofar.steps += outcomes
            return .done(try await publish(sofar, invocation))
        }
        return response
    }

    /// The instance could not even be described (the member role cannot be assumed, EC2
    /// refuses): every step is reported as not attempted and the team is told.
    func unreachable(_ base: ForensicsResponse, error: any Error, _ invocation: IsolationRun) async -> ForensicsResponse {
        var response = base
        response.reason = "could not describe the instance: \(error)"
        response.steps = [StepOutcome(.describe, .failed, "\(error)")]
        for step in QuarantineStep.allCases.dropFirst().dropLast() {
            response.steps.append(StepOutcome(step, .skipped, "not attempted: describe failed"))
        }
        if settings.alertsConfigured && !settings.dryRun {
            do {
                response.steps.append(StepOutcome(.notify, .done, try await publish(response, invocation)))
            } catch {
                response.steps.append(StepOutcome(.notify, .failed, "\(error)"))
            }
        } else {
            response.steps.append(StepOutcome(.notify, .skipped, settings.dryRun ? "dry run" : "no ALERT_TOPIC_ARN or Slack webhook configured"))
        }
        return response
    }

    /// A client acting where the instance lives.
    func scoped(_ invocation: IsolationRun, account: String?, region: String) async throws -> AWSClient {
        let client = invocation.client
        let regional = region == client.region ? client : client.inRegion(region)
        guard let account else { return regional }
        return try await invocation.invocation.member(account, from: regional)
    }

    /// Sends the incident; fails when no configured channel took it.
    func publish(_ response: ForensicsResponse, _ invocation: IsolationRun) async throws -> String {
        let notifications = await invocation.alerter.send(
            slack: IncidentAlert.slack(for: response, functionName: functionName),
            snsSubject: IncidentMessage.subject(for: response),
            snsMessage: IncidentMessage.body(for: response, functionName: functionName))
        let detail = notifications.map { "\($0.step.name) \($0.statusWord)" + ($0.detail.isEmpty ? "" : ": \($0.detail)") }
            .joined(separator: "; ")
        if !notifications.contains(where: { $0.status == .done }) && notifications.contains(where: { $0.status == .failed }) {
            throw ForensicsError("NotificationFailed", detail)
        }
        return detail
    }
}
