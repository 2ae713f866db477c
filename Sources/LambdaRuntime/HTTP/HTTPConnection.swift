#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One TCP connection carrying HTTP/1.1 messages: buffered reads of a head, then of a body
/// framed by `Content-Length` or chunked transfer coding. Blocking I/O on purpose: a Lambda
/// runtime does one thing at a time, and a blocking long poll costs nothing while it waits.
/// Not thread-safe: one owner at a time.
public final class HTTPConnection {
    public let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0  // first unread byte in `buffer`
    private var isClosed = false
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)

    /// A head may not exceed this; bodies are limited by the caller.
    public static let maximumHeadSize = 64 * 1024

    /// Takes ownership of a connected stream socket.
    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close()
        scratch.deallocate()
    }

    public func close() {
        if !isClosed {
            isClosed = true
            _ = Glibc.close(descriptor)
        }
    }

    /// Writes all bytes (a whole message at once, so small requests go out in one segment).
    public func write(_ bytes: [UInt8]) throws(HTTPWireError) {
        try Socket.writeAll(descriptor, bytes)
    }

    /// Reads the next head. Throws `.closed(receivedAny: false)` when the peer closed cleanly
    /// between messages.
    public func readHead() throws(HTTPWireError) -> HTTPHead {
        var scanned = 0  // bytes after `start` already searched (fill may move `start`)
        while true {
            if let end = Self.headEnd(in: buffer, from: start + scanned) {
                let head = try Self.parseHead(buffer[start..<end])
                start = end + 4
                return head
            }
            if buffer.count - start > Self.maximumHeadSize {
                throw .tooLarge("head over \(Self.maximumHeadSize) bytes")
            }
            scanned = max(0, buffer.count - start - 3)
            guard try fill() else { throw .closed(receivedAny: buffer.count > start) }
        }
    }

    /// Reads the body that follows `head`. `isResponse` selects the framing rules of responses
    /// (no body for 1xx/204/304; without length or chunking, the body runs to the close).
    public func readBody(of head: HTTPHead, isResponse: Bool, limit: Int) throws(HTTPWireError) -> [UInt8] {
        if isResponse, let status = head.statusCode, status < 200 || status == 204 || status == 304 {
            return []
        }
        if let coding = head.header("transfer-encoding"), coding.lowercased() != "identity" {
            guard coding.lowercased().hasSuffix("chunked") else {
                throw .malformed("unsupported transfer-encoding \(coding)")
            }
            return try readChunkedBody(limit: limit)
        }
        if let lengthText = head.header("content-length") {
            guard let length = Int(lengthText), length >= 0 else {
                throw .malformed("content-length \(lengthText)")
            }
            guard length <= limit else { throw .tooLarge("body of \(length) bytes, limit \(limit)") }
            return try readExactly(length)
        }
        return isResponse ? try readToClose(limit: limit) : []
    }

    /// Reads a whole response, skipping interim (1xx) responses.
    public func readResponse(limit: Int) throws(HTTPWireError) -> HTTPMessage {
        while true {
            let head = try readHead()
            guard let status = head.statusCode else { throw .malformed("status line \(head.startLine)") }
            let body = try readBody(of: head, isResponse: true, limit: limit)
            if status >= 200 { return HTTPMessage(head: head, body: body) }
        }
    }

    // MARK: - Framing

    private func readExactly(_ count: Int) throws(HTTPWireError) -> [UInt8] {
        while buffer.count - start < count {
            guard try fill() else { throw .closed(receivedAny: true) }
        }
        let bytes = Array(buffer[start..<start + count])
        start += count
        return bytes
    }

    private func readLine() throws(HTTPWireError) -> String {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                return line
            }
            if buffer.count - start > Self.maximumHeadSize { throw .tooLarge("line over \(Self.maximumHeadSize) bytes") }
            guard try fill() else { throw .closed(receivedAny: true) }
        }
    }

    private func readChunkedBody(limit: Int) throws(HTTPWireError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingSpaces, radix: 16), size >= 0 else {
                throw .malformed("chunk size \(sizeLine)")
            }
            if size == 0 {
                while try !readLine().isEmpty {}  // trailers, then the blank line
                return body
            }
            guard body.count + size <= limit else { throw .tooLarge("chunked body over limit \(limit)") }
            body += try readExactly(size)
            guard try readLine().isEmpty else { throw .malformed("chunk not followed by CRLF") }
        }
    }

    private func readToClose(limit: Int) throws(HTTPWireError) -> [UInt8] {
        while try fill() {
            if buffer.count - start > limit { throw .tooLarge("body over limit \(limit)") }
        }
        let bytes = Array(buffer[start...])
        start = buffer.count
        return bytes
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill() throws(HTTPWireError) -> Bool {
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 64 * 1024 {
            buffer.removeFirst(start)
            start = 0
        }
        let received = try Socket.read(descriptor, into: scratch)
        buffer.append(contentsOf: scratch[..<received])
        return received > 0
    }

    // MARK: - Head parsing (pure)

    /// The index of the `\r\n\r\n` that ends a head, searching from `start`.
    static func headEnd(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 3 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Parses a head (without its final blank line). Works on bytes: a Runtime API round trip
    /// parses two heads, and String-level splitting cost more than the rest of the loop.
    static func parseHead(_ bytes: ArraySlice<UInt8>) throws(HTTPWireError) -> HTTPHead {
        var lines: [Range<Int>] = []
        var lineStart = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 13, index + 1 < bytes.endIndex, bytes[index + 1] == 10 {
                lines.append(lineStart..<index)
                index += 2
                lineStart = index
            } else {
                index += 1
            }
        }
        lines.append(lineStart..<bytes.endIndex)
        guard let first = lines.first, !first.isEmpty else { throw .malformed("empty start line") }
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() {
            let text = bytes[line]
            guard let colon = text.firstIndex(of: UInt8(ascii: ":")), colon != text.startIndex,
                  !text[..<colon].contains(where: { $0 == 32 || $0 == 9 })
            else {
                throw .malformed("header line \(String(decoding: text, as: UTF8.self))")
            }
            var valueStart = colon + 1
            var valueEnd = text.endIndex
            while valueStart < valueEnd, text[valueStart] == 32 || text[valueStart] == 9 { valueStart += 1 }
            while valueEnd > valueStart, text[valueEnd - 1] == 32 || text[valueEnd - 1] == 9 { valueEnd -= 1 }
            let name = String(decoding: text[..<colon].lazy.map(asciiLowercased), as: UTF8.self)
            headers.append((name, String(decoding: text[valueStart..<valueEnd], as: UTF8.self)))
        }
        return HTTPHead(startLine: String(decoding: bytes[first], as: UTF8.self), lowercasedHeaders: headers)
    }
}

@inline(__always)
func asciiLowercased(_ byte: UInt8) -> UInt8 {
    byte >= 65 && byte <= 90 ? byte | 0x20 : byte
}

extension String {
    /// Without leading and trailing spaces and tabs (FoundationEssentials has no trimming).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
