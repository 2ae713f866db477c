import WatchpostCore
import Foundation
import LambdaRuntime
import SecurityEvents
import Testing
import Primitives

/// Finding 2: an event decoded as `JSONValue` went through `try?` probes at every level. The
/// runtime now reads it with `JSONReader`, and typed values come from the tree.
struct JSONValueDecoderTests {
    @Test func theRuntimeReadsAJSONValueEventWithTheStrictReader() throws {
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(try LambdaCoding.decode(JSONValue.self, from: Array(#"{"a":\#(deep)}"#.utf8))["a"] != nil)
        // A lone surrogate, which Foundation refuses and the strict reader reads as U+FFFD, shows which reader ran.
        #expect(try LambdaCoding.decode(JSONValue.self, from: Array(#"{"a":"\ud83d"}"#.utf8)) == ["a": "\u{FFFD}"])
        #expect(throws: InvalidEvent.self) { try LambdaCoding.decode(JSONValue.self, from: Array("{} {}".utf8)) }
    }

    @Test func aJSONValueMemberIsTakenFromTheTreeAsItStands() throws {
        // A value JSONDecoder's probing could not reproduce: the decoder hands over the node itself.
        struct Holder: Decodable { let open: JSONValue; let name: String; let count: Int?; let list: [Int] }
        let tree: JSONValue = ["open": ["x": [1, "y", nil, true]], "name": "n", "count": nil, "list": [1, 2]]
        let holder = try JSONValueDecoder().decode(Holder.self, from: tree)
        #expect(holder.open == ["x": [1, "y", nil, true]])
        #expect(holder.name == "n" && holder.count == nil && holder.list == [1, 2])
    }

    @Test func errorsNameThePath() {
        struct Inner: Decodable { let id: Int }
        struct Outer: Decodable { let items: [Inner] }
        #expect {
            try JSONValueDecoder().decode(Outer.self, from: ["items": [["id": 1], ["id": 1.5]]])
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["items", "Index 1", "id"]
        }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Outer.self, from: ["items": [[:]]]) }
    }
}
