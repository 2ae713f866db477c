import AWSModels
extension AWSClient {
    public var ec2: EC2 { EC2(client: self) }
}

/// EC2's operations with the IAM actions they need (the rest beside their calls, in `EC2+<Purpose>.swift`).
extension AWSOperation {
    public enum EC2 {
        public static let describeInstances = AWSOperation(.ec2, "DescribeInstances", iam: ["ec2:DescribeInstances"])
    }
}

/// EC2 operations (EC2's Query variant). Operations only one function needs live beside it
/// in `EC2+<Purpose>.swift`.
public struct EC2: Sendable {
    let client: AWSClient

    /// Every instance matching `ids` and `filters` (all pages), typed, each with EC2's whole description.
    public func describeInstances(ids: [String] = [], filters: [String: [String]] = [:]) async throws -> [EC2Instance] {
        var parameters = EC2.list("InstanceId", ids)
        for (index, (name, values)) in filters.sorted(by: { $0.key < $1.key }).enumerated() {
            parameters["Filter.\(index + 1).Name"] = name
            parameters.merge(EC2.list("Filter.\(index + 1).Value", values)) { $1 }
        }
        var instances: [EC2Instance] = []
        var token: String?
        repeat {
            var page = parameters
            if let token { page["NextToken"] = token }
            let root = try await client.query(.EC2.describeInstances, page)
            for reservation in root.child("reservationSet")?.children("item") ?? [] {
                for item in reservation.child("instancesSet")?.children("item") ?? [] {
                    guard let instance = EC2Instance(item: item) else {
                        throw AWSClientError.invalidResponse("DescribeInstances returned an instance without instanceId")
                    }
                    instances.append(instance)
                }
            }
            token = root.value("nextToken").flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return instances
    }

    /// EC2's list parameters: `Name.1`, `Name.2`, …
    public static func list(_ name: String, _ values: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: values.enumerated().map { ("\(name).\($0.offset + 1)", $0.element) })
    }
}
