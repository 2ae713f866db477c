import FoundationEssentials
import Primitives

/// GuardDuty's sample flag, wherever `additionalInfo` carries it: `{"sample": true}`,
/// `{"sample": "true"}`, or the API's native `{"value": "{\"sample\":true}", "type": "default"}`.
public enum GuardDutySampleFlag {
    public static func isSet(_ additionalInfo: JSONValue) -> Bool {
        if let sample = additionalInfo["sample"], isTrue(sample) { return true }
        if let text = additionalInfo["value"]?.stringValue { return isSet(jsonText: text) }
        return false
    }

    /// The flag inside a JSON string (`additionalInfo.value`, or Security Hub's
    /// `ProductFields["aws/guardduty/service/additionalInfo/value"]`).
    public static func isSet(jsonText text: String) -> Bool {
        guard let decoded = try? JSONValue(parsing: text),
              let sample = decoded["sample"] else { return false }
        return isTrue(sample)
    }

    static func isTrue(_ value: JSONValue) -> Bool {
        value.boolValue == true || value.stringValue?.lowercased() == "true"
    }
}
