/// What the function learned about the instance a log stream belongs to.
public enum InstanceLookup: Sendable, Equatable {
    /// DescribeInstances answered: its tags (Name among them).
    case found(tags: [String: String])
    /// The stream names an instance that does not exist (terminated long ago, other region).
    case notFound
    /// The stream name carries no instance id (a custom `log_stream_name`).
    case unidentified
    /// The lookup itself failed (permissions, throttling): why.
    case failed(String)

    public var tags: [String: String]? {
        if case .found(let tags) = self { return tags }
        return nil
    }
}
