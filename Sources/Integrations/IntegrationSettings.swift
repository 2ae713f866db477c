/// Where a function's results go besides its response: `SECURITY_HUB=true` imports findings,
/// `EVENT_BUS_NAME` puts events; the metrics line always goes to the log.
public struct IntegrationSettings: Sendable, Equatable {
    /// The function's name in findings (`GeneratorId` watchpost/<product>) and ids: stable
    /// across deployments, so a redeployed stack updates the same findings.
    public let product: String
    /// The `Function` dimension of the metrics: the deployed name (`AWS_LAMBDA_FUNCTION_NAME`),
    /// so two stacks in one account keep their metrics apart; the product name locally.
    public let functionName: String
    public let securityHub: Bool
    public let eventBusName: String?

    public init(product: String, environment: [String: String]) throws(IntegrationSettingsError) {
        self.product = product
        functionName = environment["AWS_LAMBDA_FUNCTION_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? product
        switch environment["SECURITY_HUB"]?.lowercased() {
        case nil, "", "false": securityHub = false
        case "true": securityHub = true
        case let other?: throw IntegrationSettingsError(message: "SECURITY_HUB must be true or false, got \(other.prefix(20))")
        }
        eventBusName = environment["EVENT_BUS_NAME"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

public struct IntegrationSettingsError: Error, Sendable, Equatable {
    public let message: String
}
