import FoundationEssentials

extension AWSClient {
    public var logs: Logs { Logs(client: self) }
}

extension AWSOperation {
    public enum Logs {
        public static let describeLogGroups = AWSOperation(.logs, "DescribeLogGroups", iam: ["logs:DescribeLogGroups"])
        public static let describeDestinations = AWSOperation(.logs, "DescribeDestinations", iam: ["logs:DescribeDestinations"])
    }
}

/// CloudWatch Logs (JSON 1.1).
public struct Logs: Sendable {
    let client: AWSClient

    private struct DescribeLogGroupsInput: Encodable {
        let logGroupNamePrefix: String
        let nextToken: String?
    }

    private struct DescribeLogGroupsOutput: Decodable {
        struct Group: Decodable { let logGroupName: String? }
        let logGroups: [Group]?
        let nextToken: String?
    }

    /// DescribeLogGroups by name prefix, every page: the names of the groups found.
    public func logGroupNames(prefix: String) async throws -> [String] {
        var names: [String] = []
        var token: String?
        repeat {
            let page = try await client.json(.Logs.describeLogGroups,
                                             input: DescribeLogGroupsInput(logGroupNamePrefix: prefix, nextToken: token),
                                             as: DescribeLogGroupsOutput.self)
            names += (page.logGroups ?? []).compactMap(\.logGroupName)
            token = page.nextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return names
    }

    private struct DescribeDestinationsInput: Encodable {
        let DestinationNamePrefix: String
        let nextToken: String?
    }

    private struct DescribeDestinationsOutput: Decodable {
        struct Destination: Decodable { let destinationName: String? }
        let destinations: [Destination]?
        let nextToken: String?
    }

    /// DescribeDestinations by name prefix, every page: the names of this account's
    /// cross-account destinations (where member accounts' subscriptions deliver).
    public func destinationNames(prefix: String) async throws -> [String] {
        var names: [String] = []
        var token: String?
        repeat {
            let page = try await client.json(.Logs.describeDestinations,
                                             input: DescribeDestinationsInput(DestinationNamePrefix: prefix, nextToken: token),
                                             as: DescribeDestinationsOutput.self)
            names += (page.destinations ?? []).compactMap(\.destinationName)
            token = page.nextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return names
    }
}
