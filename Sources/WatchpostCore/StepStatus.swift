/// How one step of an action ended: the four words of every response's step lists
/// (s3-policy-checker's `actions`, forensic-isolator's `steps`), and what the metrics count.
public enum StepStatus: String, Sendable, Codable, CaseIterable {
    case done
    case alreadyDone = "already-done"
    case skipped
    case failed
}
