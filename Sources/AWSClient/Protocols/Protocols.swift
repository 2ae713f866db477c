import AWSModels
import FoundationEssentials
import Primitives

/// The generic calls every typed operation is built on, one per wire protocol. Each takes the
/// operation's declaration (`AWSOperation`), which names its service and its IAM actions.
extension AWSClient {
    /// Query protocol (STS, SNS, IAM, Auto Scaling, ELBv2, SQS) and EC2's variant: a
    /// form-encoded POST of `Action`, `Version` and flattened parameters ("Filter.1.Name");
    /// returns the XML response's root element.
    public func query(_ operation: AWSOperation, _ parameters: [String: String] = [:]) async throws -> XML.Element {
        let service = operation.service
        let version: String
        switch service.wireProtocol {
        case .query(let v), .ec2(let v): version = v
        default: throw AWSClientError.configuration("\(service.name) does not speak the Query protocol")
        }
        let form = [("Action", operation.name), ("Version", version)] + parameters.sorted { $0.key < $1.key }
        let body = form.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
        let request = AWSRequest(
            operation: operation, method: "POST", path: "/",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: Array(body.utf8))
        return try parseXML(try await send(request), operation: operation)
    }

    /// JSON 1.1 / 1.0 (`X-Amz-Target: <prefix>.<Operation>`): returns the response body.
    public func json(_ operation: AWSOperation, body: [UInt8]) async throws -> [UInt8] {
        guard case .json(let targetPrefix, let contentType) = operation.service.wireProtocol else {
            throw AWSClientError.configuration("\(operation.service.name) does not speak the JSON protocol")
        }
        let request = AWSRequest(
            operation: operation, method: "POST", path: "/",
            headers: [("Content-Type", contentType), ("X-Amz-Target", "\(targetPrefix).\(operation.name)")], body: body)
        return try await send(request).body
    }

    /// JSON protocol with Codable input and output.
    public func json<Output: Decodable>(_ operation: AWSOperation, input: some Encodable, as output: Output.Type) async throws -> Output {
        let body = try await json(operation, body: Array(try JSONEncoder().encode(input)))
        do {
            return try JSONDecoder().decode(Output.self, from: Data(body))
        } catch {
            throw AWSClientError.invalidResponse("\(operation.label): \(error)")
        }
    }

    /// REST protocols (S3 and S3 Control with XML, Security Hub with JSON): a verb on a path.
    /// `bucket` addresses an S3 bucket, `account` the S3 Control account; `path` is the
    /// unencoded resource path below them (an object key, or "/v20180820/…").
    /// Every PUT and POST to S3 carries an `x-amz-checksum-sha256` of its body (empty or not),
    /// which S3 requires on PutBucketPolicy, PutBucketAcl, PutPublicAccessBlock and friends.
    public func rest(_ operation: AWSOperation, method: String, bucket: String? = nil,
                     account: String? = nil, path: String = "/", query: [(name: String, value: String)] = [],
                     headers: [(name: String, value: String)] = [], body: [UInt8] = []) async throws -> HTTPResponse {
        var headers = headers
        if operation.service.signingName == "s3", method == "PUT" || method == "POST" {
            headers.append(("x-amz-checksum-sha256", Data(SHA256.hash(body)).base64EncodedString()))
        }
        let encodedPath = path.hasPrefix("/") ? URIEncoding.encodePath(path) : "/" + URIEncoding.encodePath(path)
        var request = AWSRequest(operation: operation, method: method, path: encodedPath, query: query, headers: headers, body: body)
        if let bucket { request.hostLabel = .bucket(bucket) } else if let account { request.hostLabel = .account(account) }
        return try await send(request)
    }
}

extension AWSClient {
    /// application/x-www-form-urlencoded: RFC 3986 escapes with a space as "+", byte for byte
    /// what botocore sends (and what moto re-derives when it checks a signature).
    func formEncode(_ text: String) -> String {
        URIEncoding.encode(text).split(separator: "%20", omittingEmptySubsequences: false).joined(separator: "+")
    }

    func parseXML(_ response: HTTPResponse, operation: AWSOperation) throws -> XML.Element {
        do {
            return try XML.parse(response.body)
        } catch {
            throw AWSClientError.invalidResponse("\(operation.label): \(error)")
        }
    }
}
