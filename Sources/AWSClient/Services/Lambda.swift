import FoundationEssentials

extension AWSClient {
    public var lambda: Lambda { Lambda(client: self) }
}

extension AWSOperation {
    public enum Lambda {
        public static let invoke = AWSOperation(.lambda, "Invoke", iam: ["lambda:InvokeFunction"])
    }
}

/// AWS Lambda (REST, JSON): a synchronous invocation, as `make doctor` asks a deployed function.
public struct Lambda: Sendable {
    let client: AWSClient

    /// What an invocation returned: the function's response, or its error document when
    /// `functionError` is set (Lambda answers 200 either way and names the error in a header).
    public struct Invoked: Sendable, Equatable {
        public let payload: [UInt8]
        public let functionError: String?

        public init(payload: [UInt8], functionError: String?) {
            self.payload = payload
            self.functionError = functionError
        }
    }

    public func invoke(_ function: String, payload: [UInt8]) async throws -> Invoked {
        let response = try await client.rest(
            .Lambda.invoke, method: "POST", path: "/2015-03-31/functions/\(function)/invocations",
            headers: [("Content-Type", "application/json"), ("X-Amz-Invocation-Type", "RequestResponse")], body: payload)
        return Invoked(payload: response.body, functionError: response.header("X-Amz-Function-Error"))
    }
}
