import FoundationEssentials
import Primitives

/// Reads AWS's error out of a failed response. One reader for every encoding: JSON bodies
/// (`__type`/`code` + `message`, JSON 1.1 and REST-JSON) and XML bodies, where Query
/// (`ErrorResponse/Error/Code`), EC2 (`Response/Errors/Error/Code`) and S3 (`Error/Code`) all
/// put the first `Code` and `Message` elements in the document; a body-less response (HEAD)
/// gets a code from its status.
enum ErrorDecoding {
    static func error(from response: HTTPResponse, service: String, operation: String) -> AWSError {
        let requestID = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
        var code: String?
        var message: String?
        var bodyRequestID: String?

        let firstByte = response.body.first { !$0.isASCIIWhitespace }
        if firstByte == UInt8(ascii: "{"),
            let object = try? JSONDecoder().decode([String: JSONScalar].self, from: Data(response.body))
        {
            code = (object["__type"] ?? object["code"] ?? object["Code"])?.text
            message = (object["message"] ?? object["Message"] ?? object["errorMessage"])?.text
        } else if firstByte == UInt8(ascii: "<"), let root = try? XML.parse(response.body) {
            code = root.firstDescendant(named: "Code")?.text
            message = root.firstDescendant(named: "Message")?.text
            bodyRequestID = (root.firstDescendant(named: "RequestId") ?? root.firstDescendant(named: "RequestID"))?.text
        }
        // JSON protocols may carry the code in a header, and qualify it:
        // "com.amazonaws.cloudtrail#ThrottlingException:http://…" → "ThrottlingException".
        code = code ?? response.header("x-amzn-ErrorType")
        let plainCode = code.map(unqualified) ?? statusCode(response.status)
        return AWSError(
            service: service, operation: operation, httpStatus: response.status, code: plainCode,
            message: message ?? (response.body.isEmpty ? "HTTP \(response.status)" : String(decoding: response.body.prefix(300), as: UTF8.self)),
            requestID: requestID ?? bodyRequestID)
    }

    static func unqualified(_ code: String) -> String {
        var code = Substring(code)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        return String(code)
    }

    /// What S3 means by a status when a HEAD response has no body to say it.
    static func statusCode(_ status: Int) -> String {
        switch status {
        case 301: "PermanentRedirect"
        case 400: "BadRequest"
        case 403: "AccessDenied"
        case 404: "NotFound"
        case 429: "TooManyRequestsException"
        case 503: "ServiceUnavailable"
        default: status >= 500 ? "InternalError" : "HTTP\(status)"
        }
    }
}

/// A JSON member that may be a string or something else we only need as text.
struct JSONScalar: Decodable {
    let text: String?
    init(from decoder: any Decoder) throws {
        text = try? decoder.singleValueContainer().decode(String.self)
    }
}

extension XML.Element {
    /// Depth-first, document order.
    func firstDescendant(named name: String) -> XML.Element? {
        for child in children {
            if child.name == name { return child }
            if let found = child.firstDescendant(named: name) { return found }
        }
        return nil
    }
}

extension UInt8 {
    var isASCIIWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
