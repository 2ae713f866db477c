/// Sends one HTTP request. The production transport is `CurlTransport`; the retry policy,
/// signing and protocols sit above this seam.
public protocol HTTPTransport: Sendable {
    /// `timeout` bounds the whole exchange (connect included). A failure to reach the server
    /// or to finish in time throws `AWSClientError.transport`; any HTTP status is a response.
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse
}
