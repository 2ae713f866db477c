#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, typed-error wrappers over the socket calls both ends of the Runtime API use.
public enum Socket {
    /// Connects a TCP stream to `host:port` (names resolved with getaddrinfo), with Nagle's
    /// algorithm off: the Runtime API is small request/response ping-pong.
    public static func connect(host: String, port: UInt16) throws(HTTPWireError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .resolve(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var lastErrno: Int32 = 0
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd < 0 {
                lastErrno = errno
                continue
            }
            if retryingInterrupts({ Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) }) == 0 {
                setNoDelay(fd)
                return fd
            }
            lastErrno = errno
            _ = Glibc.close(fd)
        }
        throw .system(call: "connect to \(host):\(port)", errno: lastErrno)
    }

    public static func setNoDelay(_ fd: Int32) {
        var on: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sends every byte; never raises SIGPIPE (a closed peer is an error value instead).
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(HTTPWireError) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                retryingInterrupts { send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL)) }
            }
            guard count > 0 else { throw .system(call: "send", errno: count == 0 ? EPIPE : errno) }
            sent += count
        }
    }

    /// Receives into `scratch`; returns how many bytes arrived (0 at end of stream).
    public static func read(_ fd: Int32, into scratch: UnsafeMutableRawBufferPointer) throws(HTTPWireError) -> Int {
        let count = retryingInterrupts { recv(fd, scratch.baseAddress!, scratch.count, 0) }
        if count >= 0 { return count }
        // A reset connection is the peer going away, like an orderly close.
        if errno == ECONNRESET { return 0 }
        throw .system(call: "recv", errno: errno)
    }

    /// Repeats a system call interrupted by a signal handler.
    static func retryingInterrupts<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }
}

/// The C library's text for an errno value.
func systemErrorText(_ code: Int32) -> String {
    String(cString: strerror(code))
}
