/// The doctor's output: a fixed-width table, the fix under each row that needs one, a summary
/// line, and the exit status.
public enum ReadinessTable {
    static let headers = ["STATUS", "CHECK", "SCOPE", "DETAIL"]

    /// Failures and warnings in capitals, so they stand out in a column of passes.
    static func label(_ status: CheckResult.Status) -> String {
        switch status {
        case .pass, .skip: status.rawValue
        case .warn, .fail: status.rawValue.uppercased()
        }
    }

    public static func render(_ results: [CheckResult]) -> String {
        let rows = results.map { [label($0.status), $0.check, $0.scope, $0.detail] }
        let widths = (0..<3).map { column in ([headers] + rows).map { $0[column].count }.max() ?? 0 }
        let indent = String(repeating: " ", count: widths.reduce(0) { $0 + $1 + 2 })
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index < 3 ? cell + String(repeating: " ", count: widths[index] - cell.count + 2) : cell
            }.joined()
        }
        var lines = [line(headers)]
        for (row, result) in zip(rows, results) {
            lines.append(line(row))
            if let fix = result.fix, result.status == .fail || result.status == .warn {
                lines.append(indent + "fix: " + fix)
            }
        }
        lines.append("")
        lines.append(summary(results))
        return lines.joined(separator: "\n") + "\n"
    }

    /// "3 passed, 1 warning, 17 failed, 4 skipped".
    public static func summary(_ results: [CheckResult]) -> String {
        func count(_ status: CheckResult.Status) -> Int { results.filter { $0.status == status }.count }
        let warnings = count(.warn)
        return "\(count(.pass)) passed, \(warnings) warning\(warnings == 1 ? "" : "s"), \(count(.fail)) failed, \(count(.skip)) skipped"
    }

    /// 0 when nothing fails, 1 when something does (bad configuration, 2, never gets this far).
    public static func exitStatus(_ results: [CheckResult]) -> Int32 {
        results.contains { $0.status == .fail } ? 1 : 0
    }
}
