import FoundationEssentials

extension AWSClient {
    public var guardDuty: GuardDuty { GuardDuty(client: self) }
}

extension AWSOperation {
    public enum GuardDuty {
        public static let listDetectors = AWSOperation(.guardDuty, "ListDetectors", iam: ["guardduty:ListDetectors"])
        public static let getDetector = AWSOperation(.guardDuty, "GetDetector", iam: ["guardduty:GetDetector"])
    }
}

/// Amazon GuardDuty (REST, JSON bodies): whether this region has a detector, and its state.
public struct GuardDuty: Sendable {
    let client: AWSClient

    /// ListDetectors (`GET /detector`), every page: the region's detector ids (at most one per
    /// account and region, but the API is a list).
    public func listDetectors() async throws -> [String] {
        struct Page: Decodable { let detectorIds: [String]?; let nextToken: String? }
        var ids: [String] = []
        var token: String?
        repeat {
            let response = try await client.rest(.GuardDuty.listDetectors, method: "GET", path: "/detector",
                                                  query: token.map { [("nextToken", $0)] } ?? [])
            let page = try decode(Page.self, response, operation: .GuardDuty.listDetectors)
            ids += page.detectorIds ?? []
            token = page.nextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return ids
    }

    /// GetDetector (`GET /detector/{id}`): its status, "ENABLED" or "DISABLED" (suspended).
    public func detectorStatus(_ detectorId: String) async throws -> String {
        struct Detector: Decodable { let status: String? }
        let response = try await client.rest(.GuardDuty.getDetector, method: "GET", path: "/detector/\(detectorId)")
        return try decode(Detector.self, response, operation: .GuardDuty.getDetector).status ?? ""
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse, operation: AWSOperation) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw AWSClientError.invalidResponse("\(operation.label): \(error)")
        }
    }
}
