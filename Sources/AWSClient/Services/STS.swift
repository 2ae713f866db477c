import FoundationEssentials

extension AWSClient {
    public var sts: STS { STS(client: self) }
}

extension AWSOperation {
    public enum STS {
        /// No permission is needed (or can be denied): IAM does not check it.
        public static let getCallerIdentity = AWSOperation(.sts, "GetCallerIdentity", iam: [])
        public static let assumeRole = AWSOperation(.sts, "AssumeRole", iam: ["sts:AssumeRole"])
    }
}

public struct STS: Sendable {
    let client: AWSClient

    public func getCallerIdentity() async throws -> (account: String, arn: String, userID: String) {
        let root = try await client.query(.STS.getCallerIdentity)
        guard let result = root.child("GetCallerIdentityResult"), let account = result.value("Account") else {
            throw AWSClientError.invalidResponse("STS GetCallerIdentity: no Account in the answer")
        }
        return (account, result.value("Arn") ?? "", result.value("UserId") ?? "")
    }

    /// Temporary credentials for `roleARN` (one hour, the default).
    public func assumeRole(roleARN: String, sessionName: String) async throws -> Credentials {
        let root = try await client.query(.STS.assumeRole, ["RoleArn": roleARN, "RoleSessionName": sessionName])
        guard let credentials = root.child("AssumeRoleResult")?.child("Credentials"),
            let keyID = credentials.value("AccessKeyId"), let secret = credentials.value("SecretAccessKey")
        else {
            throw AWSClientError.invalidResponse("STS AssumeRole: no credentials in the answer")
        }
        let expiration = credentials.value("Expiration").flatMap { try? Date($0, strategy: .iso8601) }
        return Credentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: credentials.value("SessionToken"),
                           expiration: expiration)
    }
}
