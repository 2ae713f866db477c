/// How one step ended: the four words of every response's step lists, and what the metrics
/// count. A step's name type may word a status its own way (a delivery that went out is "sent").
public enum StepStatus: String, Sendable, Codable, CaseIterable {
    case done
    case alreadyDone = "already-done"
    case skipped
    case failed
}
