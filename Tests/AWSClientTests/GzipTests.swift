import Testing
@testable import AWSClient
import Primitives

@Suite struct GzipTests {
    /// Made with python3: gzip.GzipFile(filename="123456789012_CloudTrail_us-east-1.json",
    /// mtime=1700000000) around a 161-byte CloudTrail record (the header carries FNAME).
    static let pythonGzip = hex("""
        1f8b080800f1536502ff3132333435363738393031325f436c6f7564547261696c5f75732d656173742d312e6a736f6e00358dbb0a\
        c2301486771fe3cc3634ad97da4d371729155cc4219c1e24d4e4482e8a96bebb29c5f5fbfecb002d21bbce437d1d805e64c3859cd7\
        6ca10629f20a96333d73744809fa5228a3be6cd5db0b64f30f9c94997413c321624fa1e187c64fb229d7d27d5e8c3e23e543261377\
        84faa953738fc8d18663375d16e56abdd956bb5c1630dec6c50f2cdb81e2a1000000
        """)
    static let pythonPayload = #"{"Records":[{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy","awsRegion":"us-east-1","recipientAccountId":"123456789012"}]}"# + "\n"
    /// python3: zlib.compress(b"hello zlib " * 20)
    static let pythonZlib = hex("789ccb48cdc9c957a8cac94c52c8186e4c00d2ec5065")
    /// python3: gzip.compress(b"first member\n", mtime=0) + gzip.compress(b"second member\n", mtime=0)
    static let pythonTwoMembers = hex("""
        1f8b08000000000002034bcb2c2a2e51c84dcd4d4a2de20200a7f4850a0d0000001f8b08000000000002032b4e4dcecf4b51c84dcd4d\
        4a2de2020036184b0e0e000000
        """)

    @Test func decompressesWhatPythonWrote() throws {
        #expect(try Gzip.decompress(Self.pythonGzip) == Array(Self.pythonPayload.utf8))
        #expect(try Gzip.decompress(Self.pythonZlib) == Array(String(repeating: "hello zlib ", count: 20).utf8))
        #expect(try Gzip.decompress(Self.pythonTwoMembers) == Array("first member\nsecond member\n".utf8))
    }

    @Test(arguments: [0, 1, 100, 65_536, 65_537, 300_000])
    func roundTrip(length: Int) throws {
        var random = SplitMix64(seed: UInt64(length))
        // Half random bytes, half a repeated pattern: compressible but not trivially.
        let input = (0..<length).map { $0 % 2 == 0 ? UInt8(truncatingIfNeeded: random.next()) : UInt8(truncatingIfNeeded: $0 / 7) }
        let compressed = Gzip.compress(input)
        #expect(Array(compressed.prefix(2)) == [0x1f, 0x8b])
        #expect(try Gzip.decompress(compressed) == input)
    }

    @Test func concatenatedMembersDecodeInOrder() throws {
        let parts = ["alpha\n", "", "gamma\n"].map { Array($0.utf8) }
        let joined = parts.map(Gzip.compress).reduce([], +)
        #expect(try Gzip.decompress(joined) == parts.reduce([], +))
    }

    @Test func truncatedCorruptAndForeignInputsAreErrors() {
        let good = Gzip.compress(Array(String(repeating: "watchpost ", count: 500).utf8))
        var cases: [(String, [UInt8])] = [
            ("empty", []),
            ("header only", Array(good.prefix(10))),
            ("cut in the middle", Array(good.prefix(good.count / 2))),
            ("missing the last byte of the trailer", Array(good.dropLast())),
            ("plain text", Array("this is not compressed".utf8)),
            ("trailing garbage", good + Array("garbage".utf8)),
            ("random bytes", (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }),
        ]
        var badCRC = good
        badCRC[badCRC.count - 6] ^= 0xff
        cases.append(("wrong CRC", badCRC))
        var badLength = good
        badLength[badLength.count - 1] ^= 0x01
        cases.append(("wrong length", badLength))
        var badData = good
        badData[12] ^= 0x55
        cases.append(("corrupt deflate data", badData))
        var badMagic = good
        badMagic[0] = 0x1e
        cases.append(("wrong magic", badMagic))

        for (name, bytes) in cases {
            #expect(throws: Gzip.Error.self, "\(name)") { try Gzip.decompress(bytes) }
        }
    }

    @Test func errorsSayWhatWentWrong() {
        let good = Gzip.compress(Array("abc".utf8))
        #expect(throws: Gzip.Error(reason: "truncated input: the stream ends inside a member")) {
            try Gzip.decompress(Array(good.dropLast(3)))
        }
        #expect(throws: Gzip.Error(reason: "empty input")) { try Gzip.decompress([]) }
        #expect(Gzip.Error(reason: "x").description == "gzip: x")
    }

    @Test func outputLimitStopsADecompressionBomb() throws {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 2_000_000))
        #expect(bomb.count < 5_000)
        #expect(throws: Gzip.Error(reason: "decompressed data exceeds the limit of 1000000 bytes")) {
            try Gzip.decompress(bomb, outputLimit: 1_000_000)
        }
        #expect(try Gzip.decompress(bomb, outputLimit: 2_000_000).count == 2_000_000)
    }

    /// Several megabytes through the stream in small uneven chunks, as a CloudTrail file read
    /// from S3 would arrive: output comes out as input goes in, and matches exactly.
    @Test func largeInputStreamsInSmallChunks() throws {
        var original: [UInt8] = []
        original.reserveCapacity(6_500_000)
        var line = 0
        while original.count < 6_000_000 {
            original.append(contentsOf: #"{"eventName":"GetObject","eventID":"\#(line)","bytes":\#(line &* 7919 % 100_003)}"#.utf8)
            original.append(UInt8(ascii: "\n"))
            line += 1
        }
        let compressed = Gzip.compress(original) + Gzip.compress(Array("last member\n".utf8))
        let expected = original + Array("last member\n".utf8)

        var stream = try GzipStream()
        var output: [UInt8] = []
        output.reserveCapacity(expected.count)
        var feeds = 0, feedsWithOutput = 0, largestPiece = 0
        var offset = 0
        var random = SplitMix64(seed: 42)
        while offset < compressed.count {
            let size = min(1 + random.next(below: 4096), compressed.count - offset)
            let piece = try stream.feed(Array(compressed[offset..<(offset + size)]))
            output.append(contentsOf: piece)
            feeds += 1
            if !piece.isEmpty { feedsWithOutput += 1 }
            largestPiece = max(largestPiece, piece.count)
            offset += size
        }
        try stream.finish()
        #expect(output.count == expected.count)
        #expect(output == expected)
        #expect(feeds > 50)
        #expect(feedsWithOutput > feeds / 2, "output should flow while input arrives")
        #expect(largestPiece < expected.count / 10)
    }

    @Test func aStreamThatFailedStaysFailed() throws {
        var stream = try GzipStream()
        #expect(throws: Gzip.Error.self) { _ = try stream.feed(Array("not gzip at all".utf8)) }
        #expect(throws: Gzip.Error(reason: "stream already failed")) { _ = try stream.feed(Gzip.compress([1])) }
    }

    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8).filter { !$0.isWhitespace }
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)! }
    }
}

extension UInt8 {
    fileprivate var isWhitespace: Bool { self == 0x20 || self == 0x0A }
}
