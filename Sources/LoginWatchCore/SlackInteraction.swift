import FoundationEssentials

/// Slack's interaction callback for the "was this you?" buttons (a `block_actions` payload,
/// form-encoded as `payload=<json>`), and what to do about it.
public enum SlackInteraction {
    public static let yesActionID = "login_was_me"
    public static let noActionID = "login_not_me"

    /// The message sent to forensic-isolator's topic: its plain `{"instanceId", "reason"}` form.
    public struct Incident: Codable, Sendable, Equatable {
        public let instanceId: String
        public let reason: String
    }

    public enum Decision: Sendable, Equatable {
        /// "Yes, it was me": remind, nothing else.
        case confirmed(LoginReference, reply: String, responseURL: String?)
        /// "No": open an incident on the instance.
        case disowned(LoginReference, Incident, reply: String, responseURL: String?)
        /// A payload this function did not ask for (another app's action, a view submission).
        case unrelated(String)
    }

    public enum PayloadError: Error, Sendable, Equatable, CustomStringConvertible {
        case noPayload
        case invalidJSON
        case invalidButtonValue
        case invalidInstanceId(String)

        public var description: String {
            switch self {
            case .noPayload: "body has no payload= field"
            case .invalidJSON: "payload is not a Slack interaction"
            case .invalidButtonValue: "button value does not name a login"
            case .invalidInstanceId(let id): "button names \(id.prefix(40)), not an instance id"
            }
        }
    }

    static let reminder = "Thanks for confirming. A reminder: production is changed by pipelines, not by hand, so every change is reviewed, repeatable and logged. If you needed a shell, please say why in the incident channel and consider a break-glass role next time."

    public static func decide(body: [UInt8]) throws(PayloadError) -> Decision {
        guard let payload = FormEncoding.fields(String(decoding: body, as: UTF8.self))["payload"] else { throw .noPayload }
        guard let interaction = try? JSONDecoder().decode(Payload.self, from: Data(payload.utf8)) else { throw .invalidJSON }
        guard interaction.type == "block_actions",
              let action = interaction.actions?.first(where: { $0.action_id == yesActionID || $0.action_id == noActionID }) else {
            return .unrelated("interaction \(interaction.type) without a login button")
        }
        guard let value = action.value, let login = LoginReference(buttonValue: value) else { throw .invalidButtonValue }
        guard LoginReference.isInstanceId(login.instanceId) else { throw .invalidInstanceId(login.instanceId) }
        let who = interaction.user.map { user in
            let name = user.username ?? user.name ?? "unknown"
            return user.id.map { "\(name) (\($0))" } ?? name
        } ?? "an unknown Slack user"
        let responseURL = interaction.response_url
        if action.action_id == yesActionID {
            return .confirmed(login, reply: "\(who) confirmed the login to \(describe(login)). \(reminder)", responseURL: responseURL)
        }
        let reason = "Login to \(describe(login)) as \(login.user) from \(login.sourceIp ?? "an unknown address")"
            + (login.time.map { " at \($0)" } ?? "") + " was disowned in Slack by \(who)."
        return .disowned(login, Incident(instanceId: login.instanceId, reason: reason),
                         reply: "\(who) did not recognise the login to \(describe(login)). An incident was opened: the instance will be isolated.",
                         responseURL: responseURL)
    }

    static func describe(_ login: LoginReference) -> String {
        var text = login.instanceId
        if let name = login.instanceName { text += " (\(name))" }
        if let account = login.account { text += " in \(account)" }
        if let region = login.region { text += " \(region)" }
        return text
    }

    private struct Payload: Decodable {
        struct User: Decodable { let id: String?; let username: String?; let name: String? }
        struct Action: Decodable { let action_id: String?; let value: String? }
        let type: String
        let user: User?
        let actions: [Action]?
        let response_url: String?
    }
}

/// `application/x-www-form-urlencoded`: `+` is a space, `%XX` a byte.
enum FormEncoding {
    static func fields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
