/// Where the Runtime API listens: `AWS_LAMBDA_RUNTIME_API`, `host:port` (IPv6 as `[::1]:port`).
struct RuntimeEndpoint: Equatable {
    let host: String
    let port: UInt16

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }
}

/// Why a Runtime API call failed.
enum RuntimeAPIError: Error, CustomStringConvertible {
    case transport(HTTPWireError)
    case unexpectedStatus(Int, body: String)
    case invalidInvocation(String)

    var description: String {
        switch self {
        case .transport(let error): "Runtime API unreachable: \(error)"
        case .unexpectedStatus(let status, let body): "Runtime API answered \(status): \(body)"
        case .invalidInvocation(let why): "Runtime API sent an invalid invocation: \(why)"
        }
    }
}

/// The Runtime API over one kept-alive connection, reopened only if the server closed it.
final class RuntimeAPIClient {
    let endpoint: RuntimeEndpoint
    private var connection: HTTPConnection?

    /// Events are at most 6 MB; anything far above is not a Runtime API answer.
    static let maximumBodySize = 64 * 1024 * 1024

    init(endpoint: RuntimeEndpoint) {
        self.endpoint = endpoint
    }

    /// The next event; no client-side timeout, as the call waits for an event to arrive.
    func next() -> Result<RuntimeInvocation, RuntimeAPIError> {
        send(NextInvocationRequest()).flatMap { response in
            guard response.head.statusCode == 200 else {
                return .failure(.unexpectedStatus(response.head.statusCode ?? 0, body: response.bodyText))
            }
            return RuntimeInvocation.from(response)
        }
    }

    /// Sends a request and returns the status code and body text of its answer.
    func post(_ request: some RuntimeAPIRequest) -> Result<(status: Int, body: String), RuntimeAPIError> {
        send(request).map { ($0.head.statusCode ?? 0, $0.bodyText) }
    }

    private func send(_ request: some RuntimeAPIRequest) -> Result<HTTPMessage, RuntimeAPIError> {
        let bytes = HTTPMessage.request(
            method: request.method, target: request.path, host: "\(endpoint.host):\(endpoint.port)",
            headers: request.headers, body: request.body)
        // A kept-alive connection the server has since closed fails before any answer arrives:
        // then, and only then, the request is sent again on a new connection.
        let reused = connection != nil
        switch exchange(bytes) {
        case .failure(.closed(receivedAny: false)) where reused, .failure(.system(call: "send", _)) where reused:
            return exchange(bytes).mapError { .transport($0) }
        case let result:
            return result.mapError { .transport($0) }
        }
    }

    private func exchange(_ bytes: [UInt8]) -> Result<HTTPMessage, HTTPWireError> {
        do throws(HTTPWireError) {
            let open: HTTPConnection
            if let connection {
                open = connection
            } else {
                open = HTTPConnection(descriptor: try Socket.connect(host: endpoint.host, port: endpoint.port))
                connection = open
            }
            try open.write(bytes)
            let response = try open.readResponse(limit: Self.maximumBodySize)
            if response.head.closesConnection { disconnect() }
            return .success(response)
        } catch {
            disconnect()
            return .failure(error)
        }
    }

    private func disconnect() {
        connection?.close()
        connection = nil
    }
}

/// One event from `next`, with the headers that make its context.
struct RuntimeInvocation {
    let requestID: String
    let deadlineMs: Int64
    let invokedFunctionARN: String
    let traceID: String?
    let clientContext: String?
    let cognitoIdentity: String?
    let payload: [UInt8]

    static func from(_ response: HTTPMessage) -> Result<RuntimeInvocation, RuntimeAPIError> {
        let head = response.head
        guard let requestID = head.header(RuntimeAPIHeader.requestID), !requestID.isEmpty else {
            return .failure(.invalidInvocation("no \(RuntimeAPIHeader.requestID) header"))
        }
        guard let deadlineText = head.header(RuntimeAPIHeader.deadlineMs), let deadlineMs = Int64(deadlineText) else {
            return .failure(.invalidInvocation("no valid \(RuntimeAPIHeader.deadlineMs) header"))
        }
        return .success(RuntimeInvocation(
            requestID: requestID,
            deadlineMs: deadlineMs,
            invokedFunctionARN: head.header(RuntimeAPIHeader.invokedFunctionARN) ?? "",
            traceID: head.header(RuntimeAPIHeader.traceID).flatMap { $0.isEmpty ? nil : $0 },
            clientContext: head.header(RuntimeAPIHeader.clientContext).flatMap { $0.isEmpty ? nil : $0 },
            cognitoIdentity: head.header(RuntimeAPIHeader.cognitoIdentity).flatMap { $0.isEmpty ? nil : $0 },
            payload: response.body))
    }
}

extension HTTPMessage {
    var bodyText: String { String(decoding: body.prefix(1024), as: UTF8.self) }
}
