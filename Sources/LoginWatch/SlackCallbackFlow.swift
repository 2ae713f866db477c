import AWSClient
import Alerting
import FoundationEssentials
import FunctionShell
import LambdaRuntime
import LoginWatchCore
import SecurityEvents
import WatchpostCore

/// Slack's "was this you?" callback through the function URL: verify Slack's signature (and
/// refuse a replay), have the core decide what the answer means, and for "no" publish the
/// incident that drives forensic-isolator.
struct SlackCallbackFlow: Sendable {
    static let signingSecret = ConfiguredSecret(variable: "SLACK_SIGNING_SECRET")

    let environment: [String: String]
    let incidentTopicARN: String?
    let replayGuard = ReplayGuard()

    func run(_ request: FunctionURLRequest, in invocation: Invocation) async -> LoginNotifierOutput {
        // Slack gives up after 3 seconds: leave room to answer.
        let client = invocation.client.until(min(invocation.deadline, ContinuousClock.now.advanced(by: .milliseconds(2500))))
        let logger = invocation.logger
        guard request.requestContext.http.method.uppercased() == "POST" else {
            return .http(Self.json(405, ["error": "method not allowed"]))
        }
        guard let body = request.rawBody else { return .http(Self.json(400, ["error": "body is not base64"])) }
        let refuse = { (reason: String) -> LoginNotifierOutput in
            logger.warn("Slack callback refused", ["reason": reason, "sourceIp": request.requestContext.http.sourceIp ?? "unknown",
                                                   "timestamp": String((request.header("x-slack-request-timestamp") ?? "").prefix(20))])
            return .http(Self.json(401, ["error": "unauthorized"]))
        }
        let secret: String?
        do {
            secret = try await Self.signingSecret.resolve(environment: environment, client: client)
        } catch {
            logger.error("reading the Slack signing secret failed", ["error": String(describing: error)])
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
            logger.warn("Slack callback not understood", ["reason": error.description])
            return .http(Self.json(400, ["error": error.description]))
        }
        switch decision {
        case .unrelated(let why):
            logger.info("Slack callback ignored", ["reason": why])
            return .http(FunctionURLResponse(statusCode: 200, body: ""))
        case .confirmed(let login, let reply, let responseURL):
            logger.info("login confirmed in Slack", ["instanceId": login.instanceId, "user": login.user])
            return .http(await answer(reply, visibleToChannel: false, responseURL: responseURL, client: client, logger: logger),
                         answer: SlackAnswer(login: login))
        case .disowned(let login, let incident, let reply, let responseURL):
            let denied = { (status: StepStatus) in SlackAnswer(login: login, incident: incident, incidentStatus: status) }
            guard let incidentTopicARN else {
                logger.error("login disowned but INCIDENT_TOPIC_ARN is not set", ["instanceId": login.instanceId])
                return .http(await answer("A login to \(login.instanceId) was disowned, but no incident topic is configured: tell the security team now.",
                                          visibleToChannel: true, status: 500, responseURL: responseURL, client: client, logger: logger),
                             answer: denied(.failed))
            }
            if invocation.settings.dryRun {
                logger.info("dry run: incident not published", ["instanceId": login.instanceId])
                return .http(await answer(reply + " (dry run: nothing was published)", visibleToChannel: true,
                                          responseURL: responseURL, client: client, logger: logger),
                             answer: denied(.skipped))
            }
            do {
                let body = String(decoding: try JSONEncoder().encode(incident), as: UTF8.self)
                let id = try await client.sns.publish(topicARN: incidentTopicARN, message: body, subject: "watchpost: login disowned on \(login.instanceId)")
                logger.warn("login disowned: incident published", ["instanceId": login.instanceId, "messageId": id])
                return .http(await answer(reply, visibleToChannel: true, responseURL: responseURL, client: client, logger: logger),
                             answer: denied(.done))
            } catch {
                logger.error("publishing the incident failed", ["instanceId": login.instanceId, "error": String(describing: error)])
                return .http(await answer("A login to \(login.instanceId) was disowned, but opening the incident failed: tell the security team now.",
                                          visibleToChannel: true, status: 500, responseURL: responseURL, client: client, logger: logger),
                             answer: denied(.failed))
            }
        }
    }

    /// Replies in Slack through the interaction's `response_url` (Slack ignores the body of
    /// a `block_actions` acknowledgement) and returns the same message as the HTTP answer.
    func answer(_ text: String, visibleToChannel: Bool, status: Int = 200, responseURL: String?, client: AWSClient,
                logger: Logger) async -> FunctionURLResponse {
        let message = SlackReply(response_type: visibleToChannel ? "in_channel" : "ephemeral", replace_original: false, text: text)
        let body = (try? JSONEncoder().encode(message)).map(Array.init) ?? []
        if let responseURL, Self.isSlackResponseURL(responseURL) {
            do {
                let response = try await client.post(url: responseURL, contentType: "application/json", body: body)
                if response.status != 200 { logger.warn("Slack response_url answered", ["status": String(response.status)]) }
            } catch {
                logger.warn("posting to Slack's response_url failed", ["error": String(describing: error)])
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
