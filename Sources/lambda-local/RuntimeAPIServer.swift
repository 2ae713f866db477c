import Foundation
import LambdaRuntime

#if canImport(Glibc)
import Glibc
#endif

/// The Lambda Runtime API 2018-06-01 on a random loopback port: a thread per connection (a
/// runtime may open several, and `next` blocks), keep-alive, as the specification describes.
final class RuntimeAPIServer: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let broker: InvocationBroker
    private let functionARN: String

    struct StartFailure: Error, CustomStringConvertible {
        let description: String
    }

    init(broker: InvocationBroker, functionARN: String) throws {
        self.broker = broker
        self.functionARN = functionARN
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.listener = listener
        guard listener >= 0 else { throw StartFailure(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(listener, address, length) == 0 && listen(listener, 64) == 0
                    && getsockname(listener, address, &length) == 0
            }
        }
        guard bound else { throw StartFailure(description: "bind/listen: \(String(cString: strerror(errno)))") }
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Accepts connections on a thread of its own until `stop`.
    func start() {
        Thread.detachNewThread { [self] in
            while true {
                let fd = accept(listener, nil, nil)
                if fd < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    return  // the listener was closed
                }
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)  // a later bootstrap must not inherit it
                Socket.setNoDelay(fd)
                Thread.detachNewThread { [self] in serve(HTTPConnection(descriptor: fd)) }
            }
        }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve(_ connection: HTTPConnection) {
        do {
            while true {
                let head = try connection.readHead()
                if head.header("expect")?.lowercased() == "100-continue" {
                    try connection.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                }
                let body = try connection.readBody(of: head, isResponse: false, limit: 64 * 1024 * 1024)
                guard let reply = route(head, Data(body)) else { return }  // environment closed
                try connection.write(reply)
                if head.closesConnection { return }
            }
        } catch {
            // The runtime closed the connection or sent something unreadable: drop it.
        }
    }

    private static let prefix = "/2018-06-01/runtime/"

    /// The answer to one request; nil when the connection should just close.
    private func route(_ head: HTTPHead, _ body: Data) -> [UInt8]? {
        guard let (method, target) = head.requestLine else {
            return Self.reply(400, "Bad Request", errorType: "InvalidRequest", message: "malformed request line")
        }
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        let parts = path.hasPrefix(Self.prefix) ? path.dropFirst(Self.prefix.count).split(separator: "/") : []
        let route = parts.map(String.init)
        if method == "GET", route == ["invocation", "next"] {
            guard let (event, deadlineMs) = broker.next() else { return nil }
            return HTTPMessage.response(status: 200, reason: "OK", headers: [
                ("Content-Type", "application/json"),
                (RuntimeAPIHeader.requestID, event.requestID),
                (RuntimeAPIHeader.deadlineMs, String(deadlineMs)),
                (RuntimeAPIHeader.invokedFunctionARN, functionARN),
                (RuntimeAPIHeader.traceID, event.traceID),
            ], body: Array(event.payload))
        }
        if method == "POST", route.count == 3, route[0] == "invocation", route[2] == "response" {
            return Self.reply(to: broker.complete(route[1], with: .response(body)))
        }
        if method == "POST", route.count == 3, route[0] == "invocation", route[2] == "error" {
            return Self.reply(to: broker.complete(route[1], with: Self.errorOutcome(head, body)))
        }
        if method == "POST", route == ["init", "error"] {
            return Self.reply(to: broker.failInit(Self.errorOutcome(head, body)))
        }
        return Self.reply(404, "Not Found", errorType: "NotFound", message: "no route for \(method) \(path)")
    }

    /// An error body as the Runtime API documents it, falling back to the error-type header.
    private static func errorOutcome(_ head: HTTPHead, _ body: Data) -> InvocationOutcome {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let errorType = object?["errorType"] as? String
            ?? head.header(RuntimeAPIHeader.functionErrorType) ?? "Runtime.Unknown"
        let message = object?["errorMessage"] as? String ?? String(decoding: body, as: UTF8.self)
        return .error(errorType: errorType, errorMessage: message)
    }

    private static func reply(to acceptance: InvocationBroker.Acceptance) -> [UInt8] {
        switch acceptance {
        case .accepted:
            HTTPMessage.response(status: 202, reason: "Accepted", headers: [("Content-Type", "application/json")],
                                 body: Array(#"{"status":"OK"}"#.utf8))
        case .unknownRequest:
            reply(400, "Bad Request", errorType: "InvalidRequestID", message: "no invocation in flight with this id")
        case .alreadyReported:
            reply(403, "Forbidden", errorType: "InvalidStateTransition", message: "already reported")
        case .tooLarge:
            reply(413, "Payload Too Large", errorType: "RequestEntityTooLarge",
                  message: "Exceeded maximum allowed payload size (\(InvocationBroker.maximumResponseSize) bytes).")
        }
    }

    private static func reply(_ status: Int, _ reason: String, errorType: String, message: String) -> [UInt8] {
        let body = (try? JSONSerialization.data(withJSONObject: ["errorType": errorType, "errorMessage": message])) ?? Data()
        return HTTPMessage.response(status: status, reason: reason, headers: [("Content-Type", "application/json")],
                                    body: Array(body))
    }
}
