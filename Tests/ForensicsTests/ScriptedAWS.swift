import AWSClient
import Foundation

/// An HTTPTransport that answers AWS Query/EC2 calls from a script (action → response) and
/// records every call, so the handler's shell can be tested where moto cannot go: refusals,
/// failed role assumptions, IAM session denies, the forensic workstation.
final class ScriptedAWS: HTTPTransport, @unchecked Sendable {
    struct Call: Sendable {
        let action: String
        let parameters: [String: String]
    }

    typealias Script = @Sendable (_ action: String, _ parameters: [String: String]) -> (status: Int, body: String)?

    private let lock = NSLock()
    private var recorded: [Call] = []
    private let script: Script

    init(_ script: @escaping Script) {
        self.script = script
    }

    var calls: [Call] { lock.withLock { recorded } }

    func calls(_ action: String) -> [[String: String]] {
        calls.filter { $0.action == action }.map(\.parameters)
    }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        var components = URLComponents()
        components.percentEncodedQuery = String(decoding: request.body, as: UTF8.self).replacingOccurrences(of: "+", with: "%20")
        var parameters: [String: String] = [:]
        for item in components.queryItems ?? [] { parameters[item.name] = item.value ?? "" }
        let action = parameters.removeValue(forKey: "Action") ?? "?"
        parameters["Version"] = nil
        lock.withLock { recorded.append(Call(action: action, parameters: parameters)) }
        let (status, body) = script(action, parameters) ?? (200, "<\(action)Response><return>true</return></\(action)Response>")
        return HTTPResponse(status: status, headers: [("Content-Type", "text/xml")], body: Array(body.utf8))
    }

    func client(_ environment: [String: String] = [:]) throws -> AWSClient {
        try AWSClient(environment: Self.environment.merging(environment) { $1 }, transport: self)
    }

    static let environment = [
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_REGION": "us-east-1", "HOME": "/nonexistent", "AWS_MAX_ATTEMPTS": "1",
    ]

    static func ec2Error(_ code: String, _ message: String = "refused") -> (status: Int, body: String) {
        (403, "<Response><Errors><Error><Code>\(code)</Code><Message>\(message)</Message></Error></Errors><RequestID>r-1</RequestID></Response>")
    }

    static func queryError(_ code: String, _ message: String = "refused", status: Int = 403) -> (status: Int, body: String) {
        (status, "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error><RequestId>r-1</RequestId></ErrorResponse>")
    }
}
