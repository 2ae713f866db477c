import FoundationEssentials
import Testing
@testable import LambdaRuntime

struct TypedHandlerTests {
    struct Greet: LambdaHandler {
        struct Event: Decodable { let name: String }
        struct Output: Encodable { let greeting: String; let path: String }
        func handle(_ event: Event, context: LambdaContext) async throws -> Output {
            Output(greeting: "hello \(event.name)", path: "a/b")
        }
    }

    let context = LambdaContext(requestID: "r", deadline: .now + .seconds(5), invokedFunctionARN: "arn")

    @Test func decodesHandlesAndEncodes() async throws {
        let output = try await TypedHandlerAdapter(handler: Greet()).handle(Array(#"{"name":"ana"}"#.utf8), context: context)
        // Slashes are not escaped; key order is the encoder's own.
        #expect(String(decoding: output, as: UTF8.self).contains(#""path":"a/b""#))
        #expect(try JSONDecoder().decode([String: String].self, from: Data(output)) == ["greeting": "hello ana", "path": "a/b"])
    }

    @Test func anUndecodableEventIsAnInvalidEvent() async {
        await #expect(throws: InvalidEvent(message: "(event): key 'name' not found")) {
            try await TypedHandlerAdapter(handler: Greet()).handle(Array("{}".utf8), context: context)
        }
    }
}
