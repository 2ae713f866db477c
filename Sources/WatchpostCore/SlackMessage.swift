/// A Slack message in Block Kit, as an Incoming Webhook takes it. `text` is the fallback
/// shown in notifications; `blocks` is the layout.
public struct SlackMessage: Encodable, Sendable, Equatable {
    public var text: String
    public var blocks: [Block]

    public init(text: String, blocks: [Block]) {
        self.text = text
        self.blocks = blocks
    }

    public struct Button: Sendable, Equatable {
        public enum Style: String, Sendable { case primary, danger }
        public var text: String
        public var actionID: String
        public var value: String
        public var style: Style?

        public init(text: String, actionID: String, value: String, style: Style? = nil) {
            self.text = text
            self.actionID = actionID
            self.value = value
            self.style = style
        }
    }

    public enum Block: Encodable, Sendable, Equatable {
        case header(String)
        /// Markdown text, and optional two-column fields (markdown too).
        case section(String, fields: [String] = [])
        /// Small print: markdown elements in one line.
        case context([String])
        case actions(blockID: String, [Button])
        case divider

        private enum Keys: String, CodingKey { case type, text, fields, elements, block_id, action_id, value, style }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            switch self {
            case .header(let text):
                try container.encode("header", forKey: .type)
                // Slack caps header text at 150 characters.
                try container.encode(TextObject(type: "plain_text", text: String(text.prefix(150))), forKey: .text)
            case .section(let text, let fields):
                try container.encode("section", forKey: .type)
                try container.encode(TextObject(type: "mrkdwn", text: String(text.prefix(3000))), forKey: .text)
                if !fields.isEmpty {
                    // At most 10 fields of 2000 characters each.
                    try container.encode(fields.prefix(10).map { TextObject(type: "mrkdwn", text: String($0.prefix(2000))) }, forKey: .fields)
                }
            case .context(let elements):
                try container.encode("context", forKey: .type)
                try container.encode(elements.prefix(10).map { TextObject(type: "mrkdwn", text: $0) }, forKey: .elements)
            case .actions(let blockID, let buttons):
                try container.encode("actions", forKey: .type)
                try container.encode(blockID, forKey: .block_id)
                try container.encode(buttons.map(ButtonElement.init), forKey: .elements)
            case .divider:
                try container.encode("divider", forKey: .type)
            }
        }
    }

    struct TextObject: Encodable {
        let type: String
        let text: String
    }

    struct ButtonElement: Encodable {
        let type = "button"
        let text: TextObject
        let action_id: String
        let value: String
        let style: String?

        init(_ button: Button) {
            text = TextObject(type: "plain_text", text: button.text)
            action_id = button.actionID
            value = button.value
            style = button.style?.rawValue
        }
    }

    /// Escapes the three characters Slack's mrkdwn treats as control characters, so text that
    /// came from outside (a user name, a bucket policy) cannot inject links or mentions.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
