import Testing
@testable import LambdaRuntime

struct RuntimeAPITests {
    @Test(arguments: [
        ("127.0.0.1:9001", "127.0.0.1", UInt16(9001)),
        ("localhost:80", "localhost", 80),
        ("[::1]:9001", "::1", 9001),
    ])
    func endpointsParse(text: String, host: String, port: UInt16) throws {
        let endpoint = try #require(RuntimeEndpoint(text))
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
    }

    @Test(arguments: ["", "9001", ":9001", "host:", "host:99999", "host:port"])
    func badEndpointsAreRefused(text: String) {
        #expect(RuntimeEndpoint(text) == nil)
    }

    func next(_ headers: [(String, String)], body: String = "{}") -> HTTPMessage {
        HTTPMessage(head: HTTPHead(startLine: "HTTP/1.1 200 OK", headers: headers.map { (name: $0.0, value: $0.1) }),
                    body: Array(body.utf8))
    }

    @Test func anInvocationCarriesEveryHeader() throws {
        let invocation = try RuntimeInvocation.from(next([
            ("lambda-runtime-aws-request-id", "req-1"),
            ("Lambda-Runtime-Deadline-Ms", "1700000003000"),
            ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:f"),
            ("Lambda-Runtime-Trace-Id", "Root=1-a-b;Sampled=0"),
            ("Lambda-Runtime-Client-Context", #"{"c":1}"#),
            ("Lambda-Runtime-Cognito-Identity", #"{"i":2}"#),
        ], body: #"{"x":1}"#)).get()
        #expect(invocation.requestID == "req-1")
        #expect(invocation.deadlineMs == 1_700_000_003_000)
        #expect(invocation.invokedFunctionARN == "arn:aws:lambda:us-east-1:123456789012:function:f")
        #expect(invocation.traceID == "Root=1-a-b;Sampled=0")
        #expect(invocation.clientContext == #"{"c":1}"#)
        #expect(invocation.cognitoIdentity == #"{"i":2}"#)
        #expect(invocation.payload == Array(#"{"x":1}"#.utf8))
    }

    @Test func optionalHeadersMayBeAbsentOrEmpty() throws {
        let invocation = try RuntimeInvocation.from(next([
            (RuntimeAPIHeader.requestID, "r"), (RuntimeAPIHeader.deadlineMs, "1"), (RuntimeAPIHeader.traceID, ""),
        ])).get()
        #expect(invocation.traceID == nil)
        #expect(invocation.clientContext == nil)
        #expect(invocation.cognitoIdentity == nil)
    }

    @Test(arguments: [
        [(RuntimeAPIHeader.deadlineMs, "1")],
        [(RuntimeAPIHeader.requestID, ""), (RuntimeAPIHeader.deadlineMs, "1")],
        [(RuntimeAPIHeader.requestID, "r")],
        [(RuntimeAPIHeader.requestID, "r"), (RuntimeAPIHeader.deadlineMs, "soon")],
    ])
    func anInvocationWithoutIdOrDeadlineIsInvalid(headers: [(String, String)]) {
        #expect(throws: RuntimeAPIError.self) { try RuntimeInvocation.from(next(headers)).get() }
    }

    @Test func requestsHaveTheDocumentedPathsAndHeaders() {
        let report = ErrorReport(errorType: "E", errorMessage: "m")
        #expect(NextInvocationRequest().method == "GET")
        #expect(NextInvocationRequest().path == "/2018-06-01/runtime/invocation/next")
        #expect(InvocationResponseRequest(requestID: "id", body: [1]).path == "/2018-06-01/runtime/invocation/id/response")
        let error = InvocationErrorRequest(requestID: "id", error: report)
        #expect(error.path == "/2018-06-01/runtime/invocation/id/error")
        #expect(error.headers.contains { $0.0 == "Lambda-Runtime-Function-Error-Type" && $0.1 == "E" })
        #expect(error.headers.contains { $0.0 == "Content-Type" && $0.1 == "application/vnd.aws.lambda.error+json" })
        #expect(error.body == report.json)
        let initError = InitErrorRequest(error: report)
        #expect(initError.method == "POST")
        #expect(initError.path == "/2018-06-01/runtime/init/error")
        #expect(initError.headers.contains { $0.0 == "Lambda-Runtime-Function-Error-Type" && $0.1 == "E" })
    }
}
