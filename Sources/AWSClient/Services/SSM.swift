extension AWSClient {
    public var ssm: SSM { SSM(client: self) }
}

extension AWSOperation {
    public enum SSM {
        /// With decryption, SSM has KMS decrypt a SecureString as the caller: under a customer
        /// managed key the caller needs kms:Decrypt on that key too (the AWS managed aws/ssm key's
        /// policy lets SSM do it for the account's principals).
        public static let getParameter = AWSOperation(.ssm, "GetParameter", iam: ["ssm:GetParameter"])
    }
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
        try await client.json(.SSM.getParameter, input: GetParameterInput(Name: name, WithDecryption: decrypt),
                              as: GetParameterOutput.self).Parameter.Value
    }
}
