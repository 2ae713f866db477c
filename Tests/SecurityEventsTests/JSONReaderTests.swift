import WatchpostCore
import Foundation
import SecurityEvents
import Testing
import Primitives

/// The strict reader behind every event path: what it accepts is JSON, what it refuses is not,
/// and no shape of input traps or overflows the stack.
struct JSONReaderTests {
    // Finding 1: a high surrogate followed by a \u escape below U+DC00 trapped on overflow.
    @Test(arguments: [
        (#""\ud83d\ud00e""#, "\u{FFFD}\u{D00E}"),
        (#""x\ud83d\u0001""#, "x\u{FFFD}\u{01}"),
        (#""\udc00""#, "\u{FFFD}"),
        (#""\ud83d""#, "\u{FFFD}"),
        (#""\ud83d\ude00""#, "😀"),
        (#""\ud83d\\""#, "\u{FFFD}\\"),
    ])
    func loneSurrogatesBecomeReplacementCharacters(_ json: String, _ expected: String) throws {
        #expect(try JSONValue(parsing: json) == .string(expected))
    }

    // Finding 4: the scanner accepted what Python's json refuses.
    @Test(arguments: [
        [0x22, 0xFF, 0x22], [0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
        Array("\"a\u{01}b\"".utf8), Array(#""\x""#.utf8), Array(#""\u12g4""#.utf8), Array("{} x".utf8), Array("[1,]".utf8),
        Array("01".utf8), Array("1.".utf8), Array("-".utf8), Array("{\"a\" 1}".utf8), Array("tru".utf8), Array("".utf8),
        Array("[1] [2]".utf8), Array("\"open".utf8), Array("{\"a\":1,}".utf8),
    ])
    func refusesWhatIsNotJSON(_ bytes: [UInt8]) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: bytes) }
    }

    @Test func readsWhatFoundationReads() throws {
        let text = #" {"a":[1,-2.5e3,true,false,null,"\u00e9\n\/"],"b\u0063":{"":0}} "#
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try JSONValue(parsing: text) == expected)
        #expect(try JSONValue(parsing: text)["bc"] == ["": 0])
    }

    // Finding 3: nesting is bounded by a typed error, not the stack.
    @Test func nestingPastTheLimitIsATypedError() throws {
        let limit = JSONReader.maximumDepth
        #expect(throws: Never.self) { try JSONValue(parsing: String(repeating: "[", count: limit) + String(repeating: "]", count: limit)) }
        for deep in [limit + 1, 100_000] {
            for (open, close) in [("[", "]"), (#"{"a":"#, "}")] {
                let json = String(repeating: open, count: deep) + "1" + String(repeating: close, count: deep)
                #expect {
                    try JSONValue(parsing: json)
                } throws: { error in
                    guard case JSONSyntaxError.tooDeep(limit, _) = error else { return false }
                    return true
                }
            }
        }
    }

    /// Strings are stepped over eight plain bytes at a time: every kind of byte that must
    /// stop the run (quote, escape, control, non-ASCII, invalid UTF-8), at every offset of the
    /// word and past it, is found where a byte-by-byte reader finds it.
    @Test func everySpecialByteIsSeenAtEveryOffset() throws {
        let cases: [(insert: [UInt8], decoded: String?)] = [
            (Array(#"\""#.utf8), "\""), (Array(#"\\"#.utf8), "\\"), (Array(#"\u00e9"#.utf8), "é"),
            (Array("é".utf8), "é"), (Array("😀".utf8), "😀"), ([0x01], nil), ([0x1F], nil), ([0xFF], nil),
            ([0xC3], nil), (Array(#"\x"#.utf8), nil),
        ]
        for length in 0..<20 {
            for offset in 0...length {
                for (insert, decoded) in cases {
                    let before = String(repeating: "a", count: offset), after = String(repeating: "b", count: length - offset)
                    let bytes = Array("\"\(before)".utf8) + insert + Array("\(after)\" , 1".utf8)
                    let result: Result<String, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
                        var reader = JSONReader(buffer)
                        do throws(JSONSyntaxError) {
                            let range = try reader.stringRange()
                            #expect(reader.index == bytes.count - 4, "the string ends at its closing quote")
                            return .success(reader.decode(range))
                        } catch {
                            return .failure(error)
                        }
                    }
                    switch (result, decoded) {
                    case (.success(let text), .some(let expected)):
                        #expect(text == before + expected + after)
                    case (.failure(let error), nil):
                        guard case .invalid(_, let at) = error else { Issue.record("\(error)"); continue }
                        #expect(at == 1 + offset, "refused at the byte itself: \(insert) at \(offset) of \(length)")
                    default:
                        Issue.record("\(insert) at \(offset) of \(length): \(result)")
                    }
                }
            }
        }
    }
}
