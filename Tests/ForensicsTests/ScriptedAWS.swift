import AWSClient
import Foundation

/// An HTTPTransport that answers AWS calls from a script (action → response) and records
/// every call by its operation name, so the handler's shell can be tested where moto cannot
/// go: refusals, failed role assumptions, IAM session denies, the forensic workstation.
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
        let (action, parameters) = Self.operation(request)
        lock.withLock { recorded.append(Call(action: action, parameters: parameters)) }
        let (status, body) = script(action, parameters) ?? (200, "<\(action)Response><return>true</return></\(action)Response>")
        return HTTPResponse(status: status, headers: [("Content-Type", "text/xml")], body: Array(body.utf8))
    }

    /// The operation a request is, named as IAM names it, for every protocol: Query and EC2
    /// (`Action`, with the form's parameters), JSON (`X-Amz-Target`), S3 REST (method, query
    /// and path: `Key` and `Body` as parameters). Anything else is named by method and URL, so a
    /// test that lists allowed actions never lets an unrecognised call through.
    static func operation(_ request: HTTPRequest) -> (action: String, parameters: [String: String]) {
        if let target = request.headers.first(where: { $0.name.lowercased() == "x-amz-target" })?.value {
            return (String(target.split(separator: ".").last ?? ""), [:])
        }
        let body = String(decoding: request.body, as: UTF8.self)
        if request.method == "POST", body.hasPrefix("Action=") || body.contains("&Action=") {
            var components = URLComponents()
            components.percentEncodedQuery = body.replacingOccurrences(of: "+", with: "%20")
            var parameters: [String: String] = [:]
            for item in components.queryItems ?? [] { parameters[item.name] = item.value ?? "" }
            let action = parameters.removeValue(forKey: "Action") ?? ""
            parameters["Version"] = nil
            return (action, parameters)
        }
        let query = Set(request.query.map(\.name))
        if request.host.hasPrefix("s3.") || request.host.contains(".s3.") {
            // Virtual-hosted: the path is the key; path style: the bucket comes first.
            var path = request.path.dropFirst()
            if request.host.hasPrefix("s3.") { path = path.drop { $0 != "/" }.dropFirst() }
            let key = String(path).removingPercentEncoding ?? ""
            switch (request.method, key.isEmpty) {
            case ("GET", true) where query.contains("list-type"): return ("ListObjectsV2", [:])
            case ("GET", true) where query.contains("location"): return ("GetBucketLocation", [:])
            case ("GET", false): return ("GetObject", ["Key": key])
            case ("PUT", false): return ("PutObject", ["Key": key, "Body": body])
            case ("DELETE", false): return ("DeleteObject", ["Key": key])
            default: break
            }
        }
        return ("\(request.method) \(request.host)\(request.path)?\(query.sorted().joined(separator: "&"))", [:])
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

    static func s3Error(_ code: String, status: Int) -> (status: Int, body: String) {
        (status, "<Error><Code>\(code)</Code><Message>\(code)</Message><RequestId>r-1</RequestId></Error>")
    }

    static func queryError(_ code: String, _ message: String = "refused", status: Int = 403) -> (status: Int, body: String) {
        (status, "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error><RequestId>r-1</RequestId></ErrorResponse>")
    }
}
