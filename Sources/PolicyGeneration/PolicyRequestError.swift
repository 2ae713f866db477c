/// Input the policy generator cannot work from.
public enum PolicyRequestError: Error, Equatable, Sendable {
    case invalidPrincipal(String, String)
    case invalidWindow(String)
    case invalidSource(String)
    case missingTrailBucket
    case invalidApply(String)
    case unsupportedEvent(String)
    case invalidEvent(String)
}
