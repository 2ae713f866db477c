import SecurityEvents

/// A Security Hub finding's severity on GuardDuty's 0–10 scale, the one `MIN_SEVERITY` uses,
/// and the field it came from.
///
/// `Severity.Normalized` is deprecated and, for GuardDuty findings, banded (LOW 1, MEDIUM 40,
/// HIGH 70, CRITICAL 90): read as a tenth it puts every Medium at 4.0 and a severity-8
/// finding at 7.0. The producer's native value comes first: `Severity.Product`, then
/// `Severity.Original`, then `FindingProviderFields.Severity.Original` (numeric ones only);
/// `Normalized / 10` within the label's band only when none is there; the band's lower
/// bound when only the label is.
enum SecurityHubSeverity {
    static func read(_ finding: SecurityHubFinding) -> (value: Double, source: String)? {
        let severity = finding.severity
        if let product = severity?.product, (0...10).contains(product) { return (product, "Severity.Product") }
        if let original = number(severity?.original) { return (original, "Severity.Original") }
        if let provided = number(finding.findingProviderFields?.severity?.original) {
            return (provided, "FindingProviderFields.Severity.Original")
        }
        let label = severity?.label ?? finding.findingProviderFields?.severity?.label
        let band = label.flatMap(self.band)
        if let normalized = severity?.normalized.map({ $0 / 10 }) {
            let value = band.map { min(max(normalized, $0.lowerBound), $0.upperBound) } ?? normalized
            return (value, "Severity.Normalized")
        }
        return band.map { ($0.lowerBound, "Severity.Label") }
    }

    /// A numeric string on a 0–10 scale ("8", "8.0"); a label or another scale is not one.
    static func number(_ text: String?) -> Double? {
        guard let text, let value = Double(text.filter { $0 != " " }), (0...10).contains(value) else { return nil }
        return value
    }

    /// The label's range on GuardDuty's scale: MEDIUM is 4.0–6.9 there and 40–69 normalised.
    static func band(_ label: String) -> ClosedRange<Double>? {
        switch label.uppercased() {
        case "INFORMATIONAL": 0...0
        case "LOW": 0.1...3.9
        case "MEDIUM": 4...6.9
        case "HIGH": 7...8.9
        case "CRITICAL": 9...10
        default: nil
        }
    }
}
