import Foundation

/// `lambda-local [--timeout SECONDS] BOOTSTRAP EVENT.json [EVENT.json ...]`
struct Arguments: Equatable {
    var timeout: Double = 30
    var bootstrap: String
    var events: [String]

    static let usage = "usage: lambda-local [--timeout SECONDS] BOOTSTRAP EVENT.json [EVENT.json ...]"

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ arguments: [String]) throws -> Arguments {
        var timeout = 30.0
        var positional: [String] = []
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--timeout":
                guard let text = rest.popFirst(), let value = Double(text), value > 0 else {
                    throw Invalid(description: "--timeout needs a positive number of seconds")
                }
                timeout = value
            case "-h", "--help":
                throw Invalid(description: usage)
            case _ where argument.hasPrefix("--"):
                throw Invalid(description: "unknown option \(argument)")
            default:
                positional.append(argument)
            }
        }
        guard positional.count >= 2 else { throw Invalid(description: usage) }
        return Arguments(timeout: timeout, bootstrap: positional[0], events: Array(positional.dropFirst()))
    }
}
