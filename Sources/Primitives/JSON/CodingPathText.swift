/// A decoding failure's place in the JSON, as every message names it: `detail.items[2].name`.
/// (Array positions are keys with an int value; their string value is "Index 2" or "2".)
public enum CodingPathText {
    /// Empty for the top-level value.
    public static func render(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}
