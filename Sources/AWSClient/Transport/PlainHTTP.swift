extension AWSClient {
    /// An unsigned HTTPS POST through the same transport, for non-AWS endpoints such as a
    /// Slack webhook. The URL may be a secret (a webhook's path is its credential): it is
    /// never put in an error or a log, only its host.
    public func post(url: String, contentType: String, body: [UInt8]) async throws -> HTTPResponse {
        let endpoint: Endpoints.Endpoint
        do {
            endpoint = try Endpoints.parse(url, signingRegion: region)
        } catch {
            throw AWSClientError.configuration("not an http(s) URL (value withheld: it may be a secret)")
        }
        let request = HTTPRequest(method: "POST", scheme: endpoint.scheme, host: endpoint.host,
                                  path: endpoint.basePath.isEmpty ? "/" : endpoint.basePath,
                                  headers: [("Content-Type", contentType)], body: body)
        let remaining = deadline.map { ContinuousClock().now.duration(to: $0) } ?? .seconds(30)
        guard remaining > .milliseconds(50) else { throw AWSClientError.deadlineExceeded("no time left to POST to \(endpoint.host)") }
        return try await transport.send(request, timeout: min(remaining, .seconds(30)))
    }
}
