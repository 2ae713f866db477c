import FoundationEssentials
import Testing
@testable import LambdaRuntime

struct InvalidEventTests {
    struct Event: Decodable {
        struct Detail: Decodable {
            struct Parameters: Decodable { let bucketName: String }
            let requestParameters: Parameters
            let items: [Item]?
        }
        struct Item: Decodable { let name: String; let size: Int? }
        let detail: Detail
    }

    func message(_ json: String) -> String? {
        do {
            _ = try JSONDecoder().decode(Event.self, from: Data(json.utf8))
            return nil
        } catch let error as DecodingError {
            return InvalidEvent(error).errorMessage
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test(arguments: [
        (#"{"detail":{"requestParameters":{}}}"#, "detail.requestParameters: key 'bucketName' not found"),
        (#"{}"#, "(event): key 'detail' not found"),
        (#"{"detail":{"requestParameters":{"bucketName":null}}}"#,
         "detail.requestParameters.bucketName: expected String, found null"),
        (#"{"detail":{"requestParameters":{"bucketName":"b"},"items":[{"name":"a"},{"name":"b","size":"big"}]}}"#,
         "detail.items[1].size: Expected to decode Int but found a string instead."),
        (#"{"detail":{"requestParameters":{"bucketName":"b"},"items":[{"name":"a"},{}]}}"#,
         "detail.items[1]: key 'name' not found"),
        (#"[1]"#, "(event): Expected to decode Dictionary<String, Any> but found an array instead."),
    ])
    func theMessageNamesTheFailingField(json: String, expected: String) {
        #expect(message(json) == expected)
    }

    @Test func invalidJSONIsNamedAsSuch() throws {
        let text = try #require(message("{nope"))
        #expect(text.hasPrefix("(event): The given data was not valid JSON."))
    }

    @Test func theErrorTypeIsInvalidEvent() {
        #expect(ErrorReport(InvalidEvent(message: "m")) == ErrorReport(errorType: "InvalidEvent", errorMessage: "m"))
    }
}
