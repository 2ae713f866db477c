import CurlLoader
import Dispatch
import Synchronization
import Primitives

/// HTTPS over the system's libcurl, loaded by soname on first use (see CurlLoader).
///
/// Easy handles are pooled and reused, so connections (and TLS sessions) live across calls and
/// across invocations of a warm function. Certificate verification is libcurl's default (on),
/// with the CA bundle of the distribution that built the library. `curl_easy_perform` blocks,
/// so it runs on a Dispatch thread, never on the Swift concurrency pool.
public final class CurlTransport: HTTPTransport {
    private let idleHandles = Mutex<[EasyHandle]>([])

    /// A libcurl easy handle. Not thread-safe in itself: the pool hands each one to a single
    /// exchange at a time, which is what makes passing it to a Dispatch thread sound.
    struct EasyHandle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }

    public init() {}

    deinit {
        idleHandles.withLock { handles in handles.forEach { wp_curl_easy_cleanup($0.pointer) } }
    }

    /// Loads libcurl, or says precisely why it cannot be loaded.
    public static func loadLibrary() throws(AWSClientError) {
        var message = [CChar](repeating: 0, count: 512)
        guard wp_curl_load(&message, UInt(message.count)) == 0 else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .configuration("libcurl.so.4 could not be loaded: \(reason)")
        }
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        try Self.loadLibrary()
        let handle = checkOut()
        let outcome: Result<HTTPResponse, AWSClientError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: CurlExchange.perform(request, on: handle.pointer, timeout: timeout))
            }
        }
        checkIn(handle)
        return try outcome.get()
    }

    private func checkOut() -> EasyHandle {
        if let handle = idleHandles.withLock({ $0.popLast() }) { return handle }
        guard let pointer = wp_curl_easy_init() else { fatalError("curl_easy_init returned NULL (out of memory)") }
        return EasyHandle(pointer: pointer)
    }

    private func checkIn(_ handle: EasyHandle) {
        idleHandles.withLock { $0.append(handle) }
    }
}

/// One request/response exchange on an easy handle.
enum CurlExchange {
    /// Collects the response as libcurl delivers it.
    final class Sink {
        var status = 0
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []
    }

    static func perform(_ request: HTTPRequest, on handle: UnsafeMutableRawPointer, timeout: Duration) -> Result<HTTPResponse, AWSClientError> {
        // Reset clears the previous request's options but keeps the connection cache.
        wp_curl_easy_reset(handle)
        let sink = Sink()
        let sinkPointer = Unmanaged.passRetained(sink)
        defer { sinkPointer.release() }

        var headerList: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers {
            headerList = wp_curl_slist_append(headerList, "\(name): \(value)")
        }
        // No "Expect: 100-continue" round trip, and no Content-Type libcurl invents for a body.
        headerList = wp_curl_slist_append(headerList, "Expect:")
        if request.header("Content-Type") == nil {
            headerList = wp_curl_slist_append(headerList, "Content-Type:")
        }
        defer { wp_curl_slist_free_all(headerList) }

        let milliseconds = max(1, Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        _ = wp_curl_setopt_pointer(handle, CURLOPT_URL, request.url)
        _ = wp_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = wp_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds)
        _ = wp_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(milliseconds, 10_000))
        _ = wp_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList)
        _ = wp_curl_setopt_pointer(handle, CURLOPT_WRITEFUNCTION, unsafeBitCast(writeBody, to: UnsafeRawPointer.self))
        _ = wp_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer.toOpaque())
        _ = wp_curl_setopt_pointer(handle, CURLOPT_HEADERFUNCTION, unsafeBitCast(writeHeader, to: UnsafeRawPointer.self))
        _ = wp_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer.toOpaque())

        switch request.method {
        case "GET":
            _ = wp_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        case "HEAD":
            _ = wp_curl_setopt_long(handle, CURLOPT_NOBODY, 1)
        default:
            _ = wp_curl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, request.method)
            if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
                // The size first: COPYPOSTFIELDS then copies exactly that many bytes (binary-safe).
                _ = wp_curl_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
                _ = request.body.withUnsafeBytes { bytes in
                    wp_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1))
                }
            }
        }

        let code = wp_curl_easy_perform(handle)
        guard code == CURLE_OK else {
            let reason = String(cString: wp_curl_easy_strerror(code))
            // The URL carries no secret (credentials travel in headers), so it may be named.
            return .failure(.transport("\(request.method) \(request.scheme)://\(request.host): \(reason) (curl \(code.rawValue))"))
        }
        var status = 0
        _ = wp_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: sink.headers, body: sink.body))
    }

    private static let writeBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        let sink = Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        if let data, length > 0 {
            data.withMemoryRebound(to: UInt8.self, capacity: length) { sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
        }
        return length
    }

    private static let writeHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        let sink = Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard let data, length > 0 else { return length }
        let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }.trimmingWhitespace()
        if line.hasPrefix("HTTP/") {
            // A new status line (after a 100 Continue or a redirect) starts a new header block.
            sink.headers.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            sink.headers.append((name, value))
        }
        return length
    }
}
