import AWSClient
import Synchronization

/// A secret given either directly (`NAME`, for local runs) or as an SSM SecureString named by
/// `NAME_PARAMETER` (deployed); read once per cold start, never logged, never put in an error.
public struct ConfiguredSecret: Sendable {
    public let variable: String
    public let parameterVariable: String

    public init(variable: String, parameterVariable: String? = nil) {
        self.variable = variable
        self.parameterVariable = parameterVariable ?? variable + "_PARAMETER"
    }

    /// Parameter values already read by this process.
    private static let cache = Mutex<[String: String]>([:])

    public func isConfigured(in environment: [String: String]) -> Bool {
        !(environment[variable] ?? "").isEmpty || !(environment[parameterVariable] ?? "").isEmpty
    }

    /// What reading the secret from its parameter calls, with the function's own role; `parameter`
    /// is the parameter's name as the deployment gives it (`{SlackWebhookParameter}`, a path).
    public static func calls(parameter: String) -> [AWSCall] {
        [.own(.SSM.getParameter, on: "arn:{partition}:ssm:{region}:{account}:parameter\(parameter)")]
    }

    /// nil when not configured.
    public func resolve(environment: [String: String], client: AWSClient) async throws -> String? {
        if let value = environment[variable], !value.isEmpty { return value }
        guard let name = environment[parameterVariable], !name.isEmpty else { return nil }
        if let cached = Self.cache.withLock({ $0[name] }) { return cached }
        let value = try await client.ssm.getParameter(name, decrypt: true)
        Self.cache.withLock { $0[name] = value }
        return value
    }
}
