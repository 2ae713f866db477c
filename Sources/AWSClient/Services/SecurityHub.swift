import FoundationEssentials

extension AWSClient {
    public var securityHub: SecurityHub { SecurityHub(client: self) }
}

extension AWSOperation {
    public enum SecurityHub {
        public static let batchImportFindings = AWSOperation(.securityHub, "BatchImportFindings", iam: ["securityhub:BatchImportFindings"])
        public static let describeHub = AWSOperation(.securityHub, "DescribeHub", iam: ["securityhub:DescribeHub"])
    }
}

/// AWS Security Hub (REST, JSON bodies).
public struct SecurityHub: Sendable {
    let client: AWSClient

    /// BatchImportFindings takes at most this many findings per call.
    public static let batchLimit = 100

    /// A finding Security Hub refused, with its reason.
    public struct FailedFinding: Sendable, Equatable, Encodable {
        public let id: String
        public let code: String
        public let message: String

        public init(id: String, code: String, message: String) {
            self.id = id
            self.code = code
            self.message = message
        }
    }

    public struct ImportResult: Sendable, Equatable {
        public var imported = 0
        public var failed: [FailedFinding] = []
    }

    private struct ImportInput<Finding: Encodable>: Encodable { let Findings: [Finding] }
    private struct ImportOutput: Decodable {
        struct Failed: Decodable { let Id: String?; let ErrorCode: String?; let ErrorMessage: String? }
        let SuccessCount: Int?
        let FailedFindings: [Failed]?
    }

    /// Imports findings (ASFF objects), `batchLimit` per call. Security Hub answers a batch with
    /// the findings it refused; those come back in `failed`, none dropped. A call that fails
    /// outright throws, after the findings of earlier batches were imported.
    public func batchImportFindings<Finding: Encodable>(_ findings: [Finding]) async throws -> ImportResult {
        var result = ImportResult()
        for start in stride(from: 0, to: findings.count, by: Self.batchLimit) {
            let batch = Array(findings[start..<min(start + Self.batchLimit, findings.count)])
            let response = try await client.rest(
                .SecurityHub.batchImportFindings, method: "POST", path: "/findings/import",
                headers: [("Content-Type", "application/json")], body: Array(try JSONEncoder().encode(ImportInput(Findings: batch))))
            let output: ImportOutput
            do {
                output = try JSONDecoder().decode(ImportOutput.self, from: Data(response.body))
            } catch {
                throw AWSClientError.invalidResponse("SecurityHub BatchImportFindings: \(error)")
            }
            let failed = (output.FailedFindings ?? []).map {
                FailedFinding(id: $0.Id ?? "", code: $0.ErrorCode ?? "Unknown", message: $0.ErrorMessage ?? "")
            }
            result.imported += output.SuccessCount ?? batch.count - failed.count
            result.failed += failed
        }
        return result
    }

    /// The ARN of this account's hub in the client's region; throws `AWSError` (for example
    /// `InvalidAccessException`) when Security Hub is not enabled here.
    public func describeHub() async throws -> String {
        struct Hub: Decodable { let HubArn: String? }
        let response = try await client.rest(.SecurityHub.describeHub, method: "GET", path: "/accounts")
        return (try? JSONDecoder().decode(Hub.self, from: Data(response.body)).HubArn) ?? ""
    }
}
