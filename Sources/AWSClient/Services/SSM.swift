extension AWSClient {
    public var ssm: SSM { SSM(client: self) }
}

public struct SSM: Sendable {
    let client: AWSClient

    private struct GetParameterInput: Encodable {
        let Name: String
        let WithDecryption: Bool
    }

    private struct GetParameterOutput: Decodable {
        struct Parameter: Decodable { let Value: String }
        let Parameter: Parameter
    }

    /// A parameter's value, decrypted when it is a SecureString. The value is never logged.
    public func getParameter(_ name: String, decrypt: Bool = true) async throws -> String {
        try await client.json(.ssm, operation: "GetParameter", input: GetParameterInput(Name: name, WithDecryption: decrypt),
                              as: GetParameterOutput.self).Parameter.Value
    }
}
