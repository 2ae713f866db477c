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

    public init(product: String, environment: [String: String]) throws(SettingError) {
        self.product = product
        functionName = environment["AWS_LAMBDA_FUNCTION_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? product
        securityHub = try switchSetting("SECURITY_HUB", in: environment)
        eventBusName = environment["EVENT_BUS_NAME"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
