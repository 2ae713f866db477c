import Foundation

/// The one JSON line printed per invocation:
/// `{"event": path, "requestId": id, "ok": true, "response": <JSON, or a string if not JSON>}` or
/// `{"event": path, "requestId": id, "ok": false, "error": {"errorType": …, "errorMessage": …}}`.
enum ResultLine {
    static func render(event: String, requestID: String, result: Sandbox.Result) -> String {
        var line = "{\"event\":\(json(event)),\"requestId\":\(json(requestID)),"
        switch result {
        case .reported(.response(let body)):
            line += "\"ok\":true,\"response\":\(responseJSON(body))"
        case .reported(.error(let errorType, let errorMessage)), .failed(let errorType, let errorMessage):
            line += "\"ok\":false,\"error\":{\"errorType\":\(json(errorType)),\"errorMessage\":\(json(errorMessage))}"
        }
        return line + "}"
    }

    /// The response re-serialized on one line when it is JSON; otherwise its text as a string.
    static func responseJSON(_ body: Data) -> String {
        if let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]),
           let compact = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes]) {
            return String(decoding: compact, as: UTF8.self)
        }
        return json(String(decoding: body, as: UTF8.self))
    }

    private static func json(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
