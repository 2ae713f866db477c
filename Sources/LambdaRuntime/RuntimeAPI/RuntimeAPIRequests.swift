/// Header names of the Lambda Runtime API 2018-06-01.
public enum RuntimeAPIHeader {
    public static let requestID = "Lambda-Runtime-Aws-Request-Id"
    public static let deadlineMs = "Lambda-Runtime-Deadline-Ms"
    public static let invokedFunctionARN = "Lambda-Runtime-Invoked-Function-Arn"
    public static let traceID = "Lambda-Runtime-Trace-Id"
    public static let clientContext = "Lambda-Runtime-Client-Context"
    public static let cognitoIdentity = "Lambda-Runtime-Cognito-Identity"
    public static let functionErrorType = "Lambda-Runtime-Function-Error-Type"
}

/// One request to the Runtime API; each endpoint is its own small type.
protocol RuntimeAPIRequest {
    var method: String { get }
    var path: String { get }
    var headers: [(String, String)] { get }
    var body: [UInt8] { get }
}

extension RuntimeAPIRequest {
    var headers: [(String, String)] { [] }
    var body: [UInt8] { [] }
}

/// `GET /runtime/invocation/next`: long-polls for the next event.
struct NextInvocationRequest: RuntimeAPIRequest {
    let method = "GET"
    let path = "/2018-06-01/runtime/invocation/next"
}

/// `POST /runtime/invocation/{id}/response`: the handler's result.
struct InvocationResponseRequest: RuntimeAPIRequest {
    let requestID: String
    let body: [UInt8]
    let method = "POST"
    var path: String { "/2018-06-01/runtime/invocation/\(requestID)/response" }
    var headers: [(String, String)] { [("Content-Type", "application/json")] }
}

/// `POST /runtime/invocation/{id}/error`: the handler failed.
struct InvocationErrorRequest: RuntimeAPIRequest {
    let requestID: String
    let error: ErrorReport
    let method = "POST"
    var path: String { "/2018-06-01/runtime/invocation/\(requestID)/error" }
    var headers: [(String, String)] {
        [("Content-Type", ErrorReport.contentType), (RuntimeAPIHeader.functionErrorType, error.errorType)]
    }
    var body: [UInt8] { error.json }
}

/// `POST /runtime/init/error`: start-up failed; the process exits next.
struct InitErrorRequest: RuntimeAPIRequest {
    let error: ErrorReport
    let method = "POST"
    let path = "/2018-06-01/runtime/init/error"
    var headers: [(String, String)] {
        [("Content-Type", ErrorReport.contentType), (RuntimeAPIHeader.functionErrorType, error.errorType)]
    }
    var body: [UInt8] { error.json }
}
