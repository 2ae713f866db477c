import FoundationEssentials

extension AWSClient {
    public var organizations: Organizations { Organizations(client: self) }
}

extension AWSOperation {
    public enum Organizations {
        public static let listAccounts = AWSOperation(.organizations, "ListAccounts", iam: ["organizations:ListAccounts"])
    }
}

/// AWS Organizations (JSON 1.1; one global endpoint, signed for us-east-1): the accounts of the
/// organization, read by its management account or a delegated administrator.
public struct Organizations: Sendable {
    let client: AWSClient

    public struct Account: Sendable, Equatable {
        public let id: String
        /// ACTIVE, SUSPENDED, PENDING_CLOSURE…: `State` where Organizations gives it (it replaces
        /// the older `Status`), else `Status`.
        public let state: String
    }

    private struct Page: Decodable {
        struct Entry: Decodable { let Id: String; let State: String?; let Status: String? }
        let Accounts: [Entry]?
        let NextToken: String?
    }

    private struct Input: Encodable { let NextToken: String? }

    /// Every account of the organization, all pages.
    public func listAccounts() async throws -> [Account] {
        var accounts: [Account] = []
        var token: String?
        repeat {
            let page = try await client.json(.Organizations.listAccounts, input: Input(NextToken: token), as: Page.self)
            accounts += (page.Accounts ?? []).map { Account(id: $0.Id, state: $0.State ?? $0.Status ?? "UNKNOWN") }
            token = page.NextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return accounts
    }
}
