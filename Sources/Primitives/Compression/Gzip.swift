import CZlib

/// gzip and zlib decoding over the system zlib: CloudTrail log files and CloudWatch Logs
/// subscription payloads arrive gzip-compressed.
public enum Gzip {
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public let reason: String

        public init(reason: String) {
            self.reason = reason
        }

        public var description: String { "gzip: \(reason)" }
    }

    /// Decompresses a whole gzip (one or more members) or zlib stream.
    /// `outputLimit` bounds the decompressed size, against decompression bombs.
    public static func decompress(_ bytes: [UInt8], outputLimit: Int = .max) throws(Gzip.Error) -> [UInt8] {
        var stream = try GzipStream(outputLimit: outputLimit)
        let output = try stream.feed(bytes)
        try stream.finish()
        return output
    }

    /// Compresses into a single gzip member, for tests and fixtures.
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 16 asks for a gzip header and trailer instead of zlib's.
        var status = deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        // deflateInit2_ only fails on a bad argument or an allocation failure; neither is recoverable here.
        precondition(status == Z_OK, "deflateInit2_ failed: \(status)")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))))
        status = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        // deflateBound guarantees room for a single Z_FINISH call.
        precondition(status == Z_STREAM_END, "deflate failed: \(status)")
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}

/// Streaming inflate for large inputs (CloudTrail files read from S3 in chunks): feed
/// compressed chunks as they arrive and receive decompressed chunks, without holding the
/// whole file. Accepts gzip (any number of concatenated members) or zlib.
public struct GzipStream: ~Copyable {
    private enum State {
        /// Before the first member, or exactly between two members.
        case betweenMembers
        case inMember
        case failed
    }

    /// Heap-allocated: zlib keeps pointers into the z_stream, so it must never move.
    private let stream: UnsafeMutablePointer<z_stream>
    private var state = State.betweenMembers
    private var membersCompleted = 0
    private var producedCount = 0
    private let outputLimit: Int
    private static let outputChunkSize = 64 * 1024

    /// `outputLimit` bounds the total decompressed size, against decompression bombs.
    public init(outputLimit: Int = .max) throws(Gzip.Error) {
        // Set up in a local first: if zlib refuses, self is never fully initialised, so deinit
        // (inflateEnd, deallocate) does not run on the half-made stream.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 window bits + 32: detect a gzip or a zlib header automatically.
        let status = inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw Gzip.Error(reason: "inflateInit2_ failed (\(status))")
        }
        self.stream = stream
        self.outputLimit = outputLimit
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Decompresses the next chunk of input and returns the output it completes (possibly none).
    public mutating func feed(_ chunk: [UInt8]) throws(Gzip.Error) -> [UInt8] {
        var output: [UInt8] = []
        var failure: Gzip.Error?
        chunk.withUnsafeBytes { input in
            do throws(Gzip.Error) {
                try feed(input) { output.append(contentsOf: $0) }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Decompresses the next chunk of input, handing each piece of output to `consume` as
    /// zlib produces it (the piece is only valid during the call).
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ consume: (UnsafeRawBufferPointer) -> Void) throws(Gzip.Error) {
        guard state != .failed else { throw Gzip.Error(reason: "stream already failed") }
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(chunk.count)
        defer {
            // Never leave zlib pointing into the caller's buffer.
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        var buffer = [UInt8](repeating: 0, count: Self.outputChunkSize)
        while true {
            if state == .betweenMembers {
                if stream.pointee.avail_in == 0 { return }
                // The next member (or the first) starts here; after the first, zlib must be reset.
                if membersCompleted > 0 && inflateReset(stream) != Z_OK { try fail("inflateReset failed") }
                state = .inMember
            }
            let (status, produced) = buffer.withUnsafeMutableBytes { out in
                stream.pointee.next_out = out.bindMemory(to: Bytef.self).baseAddress
                stream.pointee.avail_out = uInt(out.count)
                let status = inflate(stream, Z_NO_FLUSH)
                return (status, out.count - Int(stream.pointee.avail_out))
            }
            if produced > 0 {
                producedCount += produced
                if producedCount > outputLimit {
                    try fail("decompressed data exceeds the limit of \(outputLimit) bytes")
                }
                buffer.withUnsafeBytes { out in
                    consume(UnsafeRawBufferPointer(rebasing: out[..<produced]))
                }
            }
            switch status {
            case Z_STREAM_END:
                membersCompleted += 1
                state = .betweenMembers
            case Z_OK:
                // Output filled the buffer: call again. Otherwise all input is consumed.
                if produced == Self.outputChunkSize { continue }
                if stream.pointee.avail_in == 0 { return }
            case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                return  // needs more input
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                try fail(membersCompleted > 0 ? "data after member \(membersCompleted) is not valid: \(message)" : message)
            }
        }
    }

    /// Declares the input complete. Throws if it ended inside a member (truncated) or held none.
    public consuming func finish() throws(Gzip.Error) {
        switch state {
        case .failed: throw Gzip.Error(reason: "stream already failed")
        case .inMember: throw Gzip.Error(reason: "truncated input: the stream ends inside a member")
        case .betweenMembers where membersCompleted == 0: throw Gzip.Error(reason: "empty input")
        case .betweenMembers: return
        }
    }

    private mutating func fail(_ reason: String) throws(Gzip.Error) -> Never {
        state = .failed
        throw Gzip.Error(reason: reason)
    }
}
