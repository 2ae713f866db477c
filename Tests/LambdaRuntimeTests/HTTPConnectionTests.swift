import Glibc
import Testing
@testable import LambdaRuntime

/// Reads messages written into the other end of a socket pair, as a peer would send them.
struct HTTPConnectionTests {
    /// A connection whose peer has written `chunks` (one send each) and then, if asked, closed.
    func connection(receiving chunks: [String], thenClose: Bool = true) throws -> HTTPConnection {
        var fds: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        for chunk in chunks { try Socket.writeAll(fds[1], Array(chunk.utf8)) }
        if thenClose { close(fds[1]) }
        return HTTPConnection(descriptor: fds[0])
    }

    @Test func readsARequestWithAContentLengthBody() throws {
        let connection = try connection(receiving: ["POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"])
        let head = try connection.readHead()
        #expect(head.requestLine?.method == "POST")
        #expect(head.requestLine?.target == "/a")
        #expect(head.header("HOST") == "x")
        #expect(try connection.readBody(of: head, isResponse: false, limit: 100) == Array("hello".utf8))
    }

    @Test func readsMessagesSplitAcrossWritesAndBackToBack() throws {
        let connection = try connection(receiving: [
            "HTTP/1.1 200 OK\r\nContent-Le", "ngth: 2\r", "\n\r\nokHTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n",
        ])
        let first = try connection.readResponse(limit: 100)
        #expect(first.head.statusCode == 200)
        #expect(first.body == Array("ok".utf8))
        let second = try connection.readResponse(limit: 100)
        #expect(second.head.statusCode == 202)
        #expect(second.body.isEmpty)
        #expect(throws: HTTPWireError.closed(receivedAny: false)) { try connection.readHead() }
    }

    @Test func decodesAChunkedBodyWithExtensionsAndTrailers() throws {
        let connection = try connection(receiving: [
            "POST /r HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n",
            "GET /next HTTP/1.1\r\n\r\n",
        ])
        let head = try connection.readHead()
        #expect(try connection.readBody(of: head, isResponse: false, limit: 100) == Array("Wikipedia".utf8))
        #expect(try connection.readHead().requestLine?.target == "/next")
    }

    @Test func skipsInterimResponses() throws {
        let connection = try connection(receiving: ["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 413 Payload Too Large\r\nContent-Length: 2\r\n\r\n{}"])
        let response = try connection.readResponse(limit: 100)
        #expect(response.head.statusCode == 413)
        #expect(response.body == Array("{}".utf8))
    }

    @Test func aResponseWithoutLengthRunsToTheClose() throws {
        let connection = try connection(receiving: ["HTTP/1.0 200 OK\r\n\r\nall of it"])
        let response = try connection.readResponse(limit: 100)
        #expect(response.body == Array("all of it".utf8))
        #expect(response.head.closesConnection)
    }

    @Test func aRequestWithoutLengthHasNoBody() throws {
        let connection = try connection(receiving: ["GET /x HTTP/1.1\r\n\r\n"])
        let head = try connection.readHead()
        #expect(try connection.readBody(of: head, isResponse: false, limit: 100).isEmpty)
    }

    @Test func noContentHasNoBodyEvenWithALength() throws {
        let connection = try connection(receiving: ["HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n"], thenClose: false)
        #expect(try connection.readResponse(limit: 100).body.isEmpty)
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", HTTPWireError.closed(receivedAny: true)),
        ("HTTP/1.1 200 OK\r\nContent-Le", HTTPWireError.closed(receivedAny: true)),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", HTTPWireError.malformed("content-length -1")),
        ("HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n", HTTPWireError.tooLarge("body of 101 bytes, limit 100")),
        ("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", HTTPWireError.malformed("header line no colon here")),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", HTTPWireError.malformed("chunk size zz")),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n", HTTPWireError.malformed("chunk not followed by CRLF")),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", HTTPWireError.malformed("unsupported transfer-encoding gzip")),
        ("garbage\r\n\r\n", HTTPWireError.malformed("status line garbage")),
    ])
    func badMessagesAreTypedErrors(input: String, expected: HTTPWireError) throws {
        let connection = try connection(receiving: [input])
        #expect(throws: expected) { try connection.readResponse(limit: 100) }
    }

    @Test func anOversizedHeadIsRefused() throws {
        let filler = String(repeating: "a", count: HTTPConnection.maximumHeadSize + 10)
        let connection = try connection(receiving: ["HTTP/1.1 200 OK\r\nX: \(filler)"])
        #expect(throws: HTTPWireError.tooLarge("head over \(HTTPConnection.maximumHeadSize) bytes")) {
            try connection.readResponse(limit: 100)
        }
    }

    @Test func serializedMessagesCarryTheirLength() {
        let request = HTTPMessage.request(method: "POST", target: "/p", host: "h:1", headers: [("A", "b")], body: [1, 2])
        #expect(request == Array("POST /p HTTP/1.1\r\nHost: h:1\r\nA: b\r\nContent-Length: 2\r\n\r\n".utf8) + [1, 2])
        let response = HTTPMessage.response(status: 202, reason: "Accepted")
        #expect(String(decoding: response, as: UTF8.self) == "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")
    }
}
