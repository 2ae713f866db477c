import Foundation

/// `lambda-local [--timeout SECONDS] BOOTSTRAP EVENT.json [EVENT.json ...]`, or for `make bench`
/// `lambda-local --bench N BOOTSTRAP EVENT.json` (see Bench).
struct Arguments: Equatable {
    var timeout: Double = 30
    /// Warm invocations to time after the first (cold) one; nil for a normal run.
    var bench: Int? = nil
    var bootstrap: String
    var events: [String]

    static let usage = """
        usage: lambda-local [--timeout SECONDS] BOOTSTRAP EVENT.json [EVENT.json ...]
               lambda-local [--timeout SECONDS] --bench N BOOTSTRAP EVENT.json
        """

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ arguments: [String]) throws -> Arguments {
        var timeout = 30.0
        var bench: Int?
        var positional: [String] = []
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--timeout":
                guard let text = rest.popFirst(), let value = Double(text), value > 0 else {
                    throw Invalid(description: "--timeout needs a positive number of seconds")
                }
                timeout = value
            case "--bench":
                guard let text = rest.popFirst(), let value = Int(text), value >= 0 else {
                    throw Invalid(description: "--bench needs a number of warm invocations (0 or more)")
                }
                bench = value
            case "-h", "--help":
                throw Invalid(description: usage)
            case _ where argument.hasPrefix("--"):
                throw Invalid(description: "unknown option \(argument)")
            default:
                positional.append(argument)
            }
        }
        guard positional.count >= 2, bench == nil || positional.count == 2 else { throw Invalid(description: usage) }
        return Arguments(timeout: timeout, bench: bench, bootstrap: positional[0], events: Array(positional.dropFirst()))
    }
}
