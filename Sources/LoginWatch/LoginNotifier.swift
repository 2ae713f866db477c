import LoginWatchCore
import WatchpostCore
import AWSClient
import Alerting
import FoundationEssentials
import Integrations
import LambdaRuntime
import SecurityEvents
import Primitives

/// login-notifier: CloudWatch Logs batches in, Slack and SNS alerts out; and Slack's
/// "was this you?" callback through the function URL.
///
/// Configuration (environment):
/// - `ALERT_TOPIC_ARN`, `SLACK_WEBHOOK_URL` or `SLACK_WEBHOOK_PARAMETER`: where alerts go (Alerting).
/// - `PRODUCTION_TAG` (default `Environment=production`): `Key=Value` (value ignoring case) or `Key`.
/// - `ALERT_UNKNOWN_INSTANCES` (default `true`): alert on logins to instances that cannot be
///   identified or looked up; `false` only counts them.
/// - `FAILURE_ALERT_THRESHOLD` (unset: off): alert when one address fails this often in a batch.
/// - `SLACK_SIGNING_SECRET` or `SLACK_SIGNING_SECRET_PARAMETER` (SSM SecureString): enables the
///   buttons and the callback; without it every callback is refused.
/// - `INCIDENT_TOPIC_ARN`: the topic that drives forensic-isolator, for "no".
/// - `DRY_RUN=true`: decide and report, send and publish nothing.
/// - `WATCHPOST_MEMBER_ROLE`: the role assumed in the log group's account for DescribeInstances.
public struct LoginNotifier: LambdaHandler {
    let client: AWSClient
    let environment: [String: String]
    let settings: LoginAssessment.Settings
    let dryRun: Bool
    let incidentTopicARN: String?
    let signingSecret = ConfiguredSecret(variable: "SLACK_SIGNING_SECRET")
    let replayGuard = ReplayGuard()

    /// A subscription batch decompresses to a few MB at most; more is a decompression bomb.
    static let maximumBatchBytes = 64 << 20

    public init(environment: [String: String]) throws {
        client = try AWSClient(environment: environment)
        self.environment = environment
        var settings = LoginAssessment.Settings()
        if let setting = environment["PRODUCTION_TAG"], !setting.isEmpty {
            guard let tag = ProductionTag(setting: setting) else {
                throw LoginNotifierError.configuration("PRODUCTION_TAG must be Key=Value or Key, got \(setting.prefix(100))")
            }
            settings.productionTag = tag
        }
        if let threshold = environment["FAILURE_ALERT_THRESHOLD"], !threshold.isEmpty {
            guard let value = Int(threshold), value > 0 else {
                throw LoginNotifierError.configuration("FAILURE_ALERT_THRESHOLD must be a positive number, got \(threshold.prefix(20))")
            }
            settings.failureBurstThreshold = value
        }
        settings.alertWhenUnknown = environment["ALERT_UNKNOWN_INSTANCES"]?.lowercased() != "false"
        self.settings = settings
        dryRun = try switchSetting("DRY_RUN", in: environment)
        incidentTopicARN = environment["INCIDENT_TOPIC_ARN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public func handle(_ event: LoginNotifierEvent, context: LambdaContext) async throws -> LoginNotifierOutput {
        switch event {
        case .logs(let logs):
            return .report(try await handleLogs(logs, client: client.until(context.deadline), context: context))
        case .functionURL(let request):
            // Slack gives up after 3 seconds: leave room to answer.
            let deadline = min(context.deadline, ContinuousClock.now.advanced(by: .milliseconds(2500)))
            return await handleCallback(request, client: client.until(deadline), context: context)
        case .unsupported(let keys):
            throw LoginNotifierError.unsupportedEvent(
                "expected a CloudWatch Logs subscription event ({\"awslogs\":…}) or a function URL request; got keys [\(keys.prefix(10).joined(separator: ", "))]")
        case .malformed(let why):
            throw LoginNotifierError.invalidEvent(why)
        }
    }

    // MARK: - log batches

    func handleLogs(_ logs: CloudWatchLogsEvent, client: AWSClient, context: LambdaContext) async throws -> LoginReport {
        let data: CloudWatchLogsData
        do {
            data = try logs.decode(inflate: { try Gzip.decompress($0, outputLimit: Self.maximumBatchBytes) })
        } catch {
            throw LoginNotifierError.invalidEvent(error.description)
        }
        if data.isControlMessage {
            context.logger.info("control message acknowledged", ["logGroup": data.logGroup])
            return LoginReport(ignored: data.logEvents.count)
        }
        let verdicts = LoginAssessment.verdicts(data)
        let instanceId = LogStreamName.instanceId(in: data.logStream)
        // Instance facts matter only when something in the batch is a login or a failure.
        let lookup: InstanceLookup = verdicts.allSatisfy { $0 == .ignored }
            ? .unidentified : await lookUp(instanceId, owner: data.owner, client: client)
        let assessment = LoginAssessment.assess(data, verdicts: verdicts, region: client.region, instanceId: instanceId,
                                                instance: lookup, settings: settings)
        var notifications: [AlertDelivery] = []
        if assessment.needsNotification {
            let message = LoginAlertMessage(assessment: assessment, logGroup: data.logGroup, logStream: data.logStream,
                                            askConfirmation: signingSecret.isConfigured(in: environment))
            if dryRun {
                notifications = AlertChannel.allCases.map { AlertDelivery($0, .skipped, "dry run") }
                context.logger.info("dry run: alert not sent", ["subject": message.snsSubject])
            } else {
                let sent = await Alerter(client: client, environment: environment)
                    .send(slack: message.slack, snsSubject: message.snsSubject, snsMessage: message.snsMessage)
                for outcome in sent where outcome.status == .failed {
                    context.logger.error("alert delivery failed", ["channel": outcome.step.name, "detail": outcome.detail])
                }
                notifications = sent
            }
        }
        let report = assessment.report(notifications: notifications)
        var fields = ["logGroup": data.logGroup, "logStream": data.logStream, "logins": String(report.logins.count),
                      "alerting": String(assessment.alerting.count), "failures": String(report.failures.count),
                      "ignored": String(report.ignored), "instance": Self.describe(lookup)]
        if dryRun { fields["dryRun"] = "true" }
        context.logger.info("log batch assessed", fields)
        return report
    }

    func lookUp(_ instanceId: String?, owner: String, client: AWSClient) async -> InstanceLookup {
        guard let instanceId else { return .unidentified }
        guard owner.count == 12, owner.allSatisfy(\.isASCIIDigit) else { return .failed("log owner \(owner.prefix(40)) is not an account id") }
        do {
            let acting = try await client.forAccount(owner, sessionName: "watchpost-login-notifier")
            guard let instance = try await acting.ec2.describeInstances(ids: [instanceId]).first else { return .notFound }
            return .found(tags: instance.tags)
        } catch let error as AWSError where error.code.hasPrefix("InvalidInstanceID") {
            return .notFound
        } catch {
            return .failed(String(describing: error))
        }
    }

    static func describe(_ lookup: InstanceLookup) -> String {
        switch lookup {
        case .found: "found"
        case .notFound: "not found"
        case .unidentified: "unidentified"
        case .failed(let why): "lookup failed: \(why.prefix(300))"
        }
    }

    // MARK: - Slack callback

    func handleCallback(_ request: FunctionURLRequest, client: AWSClient, context: LambdaContext) async -> LoginNotifierOutput {
        guard request.requestContext.http.method.uppercased() == "POST" else {
            return .http(Self.json(405, ["error": "method not allowed"]))
        }
        guard let body = request.rawBody else { return .http(Self.json(400, ["error": "body is not base64"])) }
        let refuse = { (reason: String) -> LoginNotifierOutput in
            context.logger.warn("Slack callback refused", ["reason": reason, "sourceIp": request.requestContext.http.sourceIp ?? "unknown",
                                                           "timestamp": String((request.header("x-slack-request-timestamp") ?? "").prefix(20))])
            return .http(Self.json(401, ["error": "unauthorized"]))
        }
        let secret: String?
        do {
            secret = try await signingSecret.resolve(environment: environment, client: client)
        } catch {
            context.logger.error("reading the Slack signing secret failed", ["error": String(describing: error)])
            return .http(Self.json(503, ["error": "signing secret unavailable"]))
        }
        guard let secret else { return refuse("no Slack signing secret is configured") }
        let now = Int64(Date().timeIntervalSince1970)
        let signature = request.header("x-slack-signature")
        if let rejection = SlackSignature.verify(signature: signature, timestamp: request.header("x-slack-request-timestamp"),
                                                 body: body, secret: Array(secret.utf8), now: now) {
            return refuse(rejection.description)
        }
        guard let signature, let timestamp = request.header("x-slack-request-timestamp").flatMap({ Int64($0) }),
              await replayGuard.admit(signature, timestamp: timestamp, now: now) else {
            return refuse(SlackSignature.Rejection.replayed.description)
        }

        let decision: SlackInteraction.Decision
        do {
            decision = try SlackInteraction.decide(body: body)
        } catch {
            context.logger.warn("Slack callback not understood", ["reason": error.description])
            return .http(Self.json(400, ["error": error.description]))
        }
        switch decision {
        case .unrelated(let why):
            context.logger.info("Slack callback ignored", ["reason": why])
            return .http(FunctionURLResponse(statusCode: 200, body: ""))
        case .confirmed(let login, let reply, let responseURL):
            context.logger.info("login confirmed in Slack", ["instanceId": login.instanceId, "user": login.user])
            return .http(await answer(reply, visibleToChannel: false, responseURL: responseURL, client: client, context: context),
                         answer: SlackAnswer(login: login))
        case .disowned(let login, let incident, let reply, let responseURL):
            let denied = { (status: StepStatus) in SlackAnswer(login: login, incident: incident, incidentStatus: status) }
            guard let incidentTopicARN else {
                context.logger.error("login disowned but INCIDENT_TOPIC_ARN is not set", ["instanceId": login.instanceId])
                return .http(await answer("A login to \(login.instanceId) was disowned, but no incident topic is configured: tell the security team now.",
                                          visibleToChannel: true, status: 500, responseURL: responseURL, client: client, context: context),
                             answer: denied(.failed))
            }
            if dryRun {
                context.logger.info("dry run: incident not published", ["instanceId": login.instanceId])
                return .http(await answer(reply + " (dry run: nothing was published)", visibleToChannel: true,
                                          responseURL: responseURL, client: client, context: context),
                             answer: denied(.skipped))
            }
            do {
                let body = String(decoding: try JSONEncoder().encode(incident), as: UTF8.self)
                let id = try await client.sns.publish(topicARN: incidentTopicARN, message: body, subject: "watchpost: login disowned on \(login.instanceId)")
                context.logger.warn("login disowned: incident published", ["instanceId": login.instanceId, "messageId": id])
                return .http(await answer(reply, visibleToChannel: true, responseURL: responseURL, client: client, context: context),
                             answer: denied(.done))
            } catch {
                context.logger.error("publishing the incident failed", ["instanceId": login.instanceId, "error": String(describing: error)])
                return .http(await answer("A login to \(login.instanceId) was disowned, but opening the incident failed: tell the security team now.",
                                          visibleToChannel: true, status: 500, responseURL: responseURL, client: client, context: context),
                             answer: denied(.failed))
            }
        }
    }

    /// Replies in Slack through the interaction's `response_url` (Slack ignores the body of
    /// a `block_actions` acknowledgement) and returns the same message as the HTTP answer.
    func answer(_ text: String, visibleToChannel: Bool, status: Int = 200, responseURL: String?, client: AWSClient,
                context: LambdaContext) async -> FunctionURLResponse {
        let message = SlackReply(response_type: visibleToChannel ? "in_channel" : "ephemeral", replace_original: false, text: text)
        let body = (try? JSONEncoder().encode(message)).map(Array.init) ?? []
        if let responseURL, Self.isSlackResponseURL(responseURL) {
            do {
                let response = try await client.post(url: responseURL, contentType: "application/json", body: body)
                if response.status != 200 { context.logger.warn("Slack response_url answered", ["status": String(response.status)]) }
            } catch {
                context.logger.warn("posting to Slack's response_url failed", ["error": String(describing: error)])
            }
        }
        return FunctionURLResponse(statusCode: status, headers: ["content-type": "application/json"], body: String(decoding: body, as: UTF8.self))
    }

    /// Only Slack's own hosts: the URL arrives in the (verified) payload, but the function
    /// should never be made to post anywhere else.
    static func isSlackResponseURL(_ url: String) -> Bool {
        url.hasPrefix("https://hooks.slack.com/")
    }

    struct SlackReply: Encodable {
        let response_type: String
        let replace_original: Bool
        let text: String
    }

    static func json(_ status: Int, _ body: [String: String]) -> FunctionURLResponse {
        let text = (try? JSONEncoder().encode(body)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return FunctionURLResponse(statusCode: status, headers: ["content-type": "application/json"], body: text)
    }
}
