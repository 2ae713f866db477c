import AWSClient

/// Where a trail's log files are, by the trail bucket's keys (`AWSLogs/…`): the bucket itself,
/// or a copy of its layout on local disk (`policy-generator --trail-dir`, `make bench`), read
/// the same way.
protocol TrailStore: Sendable {
    /// The folders directly under `prefix`, each as `prefix` + name + `/`.
    func folders(under prefix: String) async throws(ActivitySources.Failure) -> [String]
    /// The keys of the files in the folder `prefix`, in the bucket's (lexicographic) order.
    func files(in prefix: String) async throws(ActivitySources.Failure) -> [String]
    func contents(of key: String) async throws(ActivitySources.Failure) -> [UInt8]
    /// How a report names the file.
    func source(of key: String) -> String
}

/// The organization's trail bucket, read with the function's own role.
struct S3TrailStore: TrailStore {
    let s3: S3
    let bucket: String

    func folders(under prefix: String) async throws(ActivitySources.Failure) -> [String] {
        try await list(prefix, delimiter: "/").commonPrefixes
    }

    func files(in prefix: String) async throws(ActivitySources.Failure) -> [String] {
        try await list(prefix, delimiter: nil).objects.map(\.key)
    }

    func contents(of key: String) async throws(ActivitySources.Failure) -> [UInt8] {
        do {
            return try await s3.getObject(bucket, key: key)
        } catch {
            throw ActivitySources.Failure(description: "reading \(source(of: key)): \(ActivitySources.readable(error))")
        }
    }

    func source(of key: String) -> String { "s3://\(bucket)/\(key)" }

    private func list(_ prefix: String, delimiter: String?) async throws(ActivitySources.Failure) -> S3.Listing {
        do {
            return try await s3.listObjects(bucket, prefix: prefix, delimiter: delimiter)
        } catch {
            throw ActivitySources.Failure(description: "listing s3://\(bucket)/\(prefix): \(ActivitySources.readable(error))")
        }
    }
}
