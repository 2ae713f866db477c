import FoundationEssentials
import Testing
@testable import AWSClient
import Primitives

@Suite struct SigV4SuiteTests {
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    // MARK: The AWS SigV4 test suite

    @Test(arguments: SigV4Suite.cases)
    func suiteCase(_ vector: SigV4SuiteCase) {
        var credentials = SigV4Suite.credentials
        if !vector.tokenAddedAfterSigning { credentials.sessionToken = vector.sessionToken }
        let signer = SigV4Signer(
            credentials: credentials, region: SigV4Suite.region, service: SigV4Suite.service,
            rules: .init(normalizesPath: vector.normalizesPath, encodesPath: true, sendsContentHash: vector.signsBody))
        var request = HTTPRequest(
            method: vector.method, host: SigV4Suite.host, path: vector.path, query: vector.query,
            headers: vector.headers, body: Array(vector.body.utf8))

        signer.sign(&request, date: Self.suiteDate)

        let canonical = signer.canonicalRequest(request, payloadHash: SHA256.hash(request.body).hexString)
        #expect(canonical == vector.canonicalRequest)
        let toSign = signer.stringToSign(canonicalRequest: canonical, date: Self.suiteDate)
        #expect(toSign == vector.stringToSign)
        #expect(request.header("Authorization") == vector.authorization)
        #expect(request.header("X-Amz-Date") == "20150830T123600Z")
        #expect(request.header("X-Amz-Security-Token") == (vector.tokenAddedAfterSigning ? nil : vector.sessionToken))
    }

    /// Cases of the original (docs.aws.amazon.com) suite whose requests differ from aws-c-auth's
    /// copy; their .authz values are checked.
    @Test(arguments: [
        ("post-x-www-form-urlencoded", [("Content-Type", "application/x-www-form-urlencoded")], [(String, String)](), "Param1=value1",
         "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
        ("post-x-www-form-urlencoded-parameters", [("Content-Type", "application/x-www-form-urlencoded; charset=utf8")], [], "Param1=value1",
         "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"),
        ("post-vanilla-query-nonunreserved", [], [("@#$%^", ""), ("+", "/,?><`\";:\\|][{}")], "",
         "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e"),
    ])
    func originalSuiteAuthorization(
        name: String, headers: [(String, String)], query: [(String, String)], body: String, authorization: String
    ) {
        let signer = SigV4Signer(credentials: SigV4Suite.credentials, region: SigV4Suite.region, service: SigV4Suite.service)
        var request = HTTPRequest(
            method: "POST", host: SigV4Suite.host, query: query.map { (name: $0.0, value: $0.1) },
            headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(body.utf8))
        signer.sign(&request, date: Self.suiteDate)
        #expect(request.header("Authorization") == authorization, "\(name)")
    }

    // MARK: botocore, the reference implementation, on watchpost-shaped requests

    @Test(arguments: BotocoreSigned.cases)
    func agreesWithBotocore(_ vector: BotocoreSignedCase) {
        let signer = SigV4Signer(
            credentials: vector.usesSessionToken ? BotocoreSigned.temporaryCredentials : BotocoreSigned.credentials,
            region: vector.region, service: vector.service)
        var request = vector.request
        signer.sign(&request, date: BotocoreSigned.date)
        #expect(request.header("Authorization") == vector.authorization)
    }

    // MARK: The S3 documentation's examples (sig-v4-header-based-auth)

    static let s3Date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    static let s3Signer = SigV4Signer(
        credentials: Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "s3")
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    struct S3Example: Sendable, CustomTestStringConvertible {
        let name: String
        let request: HTTPRequest
        let canonicalRequest: String
        let stringToSignHash: String
        let signedHeaders: String
        let signature: String
        var testDescription: String { name }
    }

    static let s3Examples: [S3Example] = [
        S3Example(
            name: "GET Object (first 10 bytes)",
            request: HTTPRequest(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt",
                                 headers: [(name: "Range", value: "bytes=0-9")]),
            canonicalRequest: """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:\(emptyHash)
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            \(emptyHash)
            """,
            stringToSignHash: "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
            signedHeaders: "host;range;x-amz-content-sha256;x-amz-date",
            signature: "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
        S3Example(
            name: "PUT Object (key test$file.text, encoded once)",
            request: HTTPRequest(method: "PUT", host: "examplebucket.s3.amazonaws.com", path: "/test%24file.text",
                                 headers: [(name: "Date", value: "Fri, 24 May 2013 00:00:00 GMT"),
                                           (name: "x-amz-storage-class", value: "REDUCED_REDUNDANCY")],
                                 body: Array("Welcome to Amazon S3.".utf8)),
            canonicalRequest: """
            PUT
            /test%24file.text

            date:Fri, 24 May 2013 00:00:00 GMT
            host:examplebucket.s3.amazonaws.com
            x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
            x-amz-date:20130524T000000Z
            x-amz-storage-class:REDUCED_REDUNDANCY

            date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class
            44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
            """,
            stringToSignHash: "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d",
            signedHeaders: "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
            signature: "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
        S3Example(
            name: "GET Bucket Lifecycle (?lifecycle)",
            request: HTTPRequest(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/",
                                 query: [(name: "lifecycle", value: "")]),
            canonicalRequest: """
            GET
            /
            lifecycle=
            host:examplebucket.s3.amazonaws.com
            x-amz-content-sha256:\(emptyHash)
            x-amz-date:20130524T000000Z

            host;x-amz-content-sha256;x-amz-date
            \(emptyHash)
            """,
            stringToSignHash: "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca",
            signedHeaders: "host;x-amz-content-sha256;x-amz-date",
            signature: "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
        S3Example(
            name: "Get Bucket (List Objects, ?max-keys=2&prefix=J)",
            request: HTTPRequest(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/",
                                 query: [(name: "prefix", value: "J"), (name: "max-keys", value: "2")]),
            canonicalRequest: """
            GET
            /
            max-keys=2&prefix=J
            host:examplebucket.s3.amazonaws.com
            x-amz-content-sha256:\(emptyHash)
            x-amz-date:20130524T000000Z

            host;x-amz-content-sha256;x-amz-date
            \(emptyHash)
            """,
            stringToSignHash: "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7",
            signedHeaders: "host;x-amz-content-sha256;x-amz-date",
            signature: "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
    ]

    @Test(arguments: s3Examples)
    func s3DocumentationExample(_ example: S3Example) throws {
        var request = example.request
        Self.s3Signer.sign(&request, date: Self.s3Date)
        let payloadHash = try #require(request.header("x-amz-content-sha256"))
        #expect(payloadHash == SHA256.hash(example.request.body).hexString)
        let canonical = Self.s3Signer.canonicalRequest(request, payloadHash: payloadHash)
        #expect(canonical == example.canonicalRequest)
        #expect(Self.s3Signer.stringToSign(canonicalRequest: canonical, date: Self.s3Date) == """
            AWS4-HMAC-SHA256
            20130524T000000Z
            20130524/us-east-1/s3/aws4_request
            \(example.stringToSignHash)
            """)
        #expect(request.header("Authorization") == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=\(example.signedHeaders), Signature=\(example.signature)")
    }

    // MARK: Behaviour the lead's transport and retries rely on

    static let signer = SigV4Signer(
        credentials: Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                 sessionToken: "token-1"),
        region: "eu-west-1", service: "ec2")

    @Test func signingAgainReplacesEveryHeaderItAdded() {
        var request = HTTPRequest(method: "POST", host: "ec2.eu-west-1.amazonaws.com", body: Array("Action=DescribeInstances".utf8))
        Self.signer.sign(&request, date: Self.suiteDate)
        let first = request.headers
        Self.signer.sign(&request, date: Self.suiteDate)
        #expect(request.headers.map(\.name) == first.map(\.name))
        #expect(request.headers.map(\.value) == first.map(\.value))
        for name in ["host", "x-amz-date", "x-amz-security-token", "authorization"] {
            #expect(request.headers.filter { $0.name.lowercased() == name }.count == 1, "\(name)")
        }
        // A later retry signs with a new time.
        Self.signer.sign(&request, date: Self.suiteDate.addingTimeInterval(61))
        #expect(request.header("x-amz-date") == "20150830T123701Z")
        #expect(request.header("authorization") != first.first { $0.name == "Authorization" }?.value)
    }

    @Test func aGivenHostHeaderIsKeptAndSigned() {
        var request = HTTPRequest(method: "GET", host: "127.0.0.1:5000", headers: [(name: "host", value: "s3.local:5000")])
        Self.signer.sign(&request, date: Self.suiteDate)
        #expect(request.headers.filter { $0.name.lowercased() == "host" }.map(\.value) == ["s3.local:5000"])
        var added = HTTPRequest(method: "GET", host: "127.0.0.1:5000")
        Self.signer.sign(&added, date: Self.suiteDate)
        #expect(added.header("Host") == "127.0.0.1:5000")
        #expect(Self.signer.canonicalRequest(added, payloadHash: Self.emptyHash).contains("\nhost:127.0.0.1:5000\n"))
    }

    @Test func onlyS3SendsTheContentHashAndKeepsItsPathAsIs() {
        var ec2 = HTTPRequest(method: "GET", host: "h", path: "/my%20key/./a")
        Self.signer.sign(&ec2, date: Self.suiteDate)
        #expect(ec2.header("x-amz-content-sha256") == nil)
        #expect(Self.signer.canonicalURI(ec2.path) == "/my%2520key/a")

        var s3 = HTTPRequest(method: "GET", host: "h", path: "/my%20key/./a")
        Self.s3Signer.sign(&s3, date: Self.suiteDate)
        #expect(s3.header("x-amz-content-sha256") == Self.emptyHash)
        #expect(Self.s3Signer.canonicalURI(s3.path) == "/my%20key/./a")
    }

    @Test func aPresetPayloadHashIsSignedAsGiven() {
        var request = HTTPRequest(method: "PUT", host: "b.s3.amazonaws.com", path: "/k",
                                  headers: [(name: "X-Amz-Content-SHA256", value: "UNSIGNED-PAYLOAD")], body: [1, 2, 3])
        Self.s3Signer.sign(&request, date: Self.s3Date)
        #expect(request.headers.filter { $0.name.lowercased() == "x-amz-content-sha256" }.map(\.value) == ["UNSIGNED-PAYLOAD"])
        #expect(Self.s3Signer.canonicalRequest(request, payloadHash: "UNSIGNED-PAYLOAD").hasSuffix("\nUNSIGNED-PAYLOAD"))
    }

    @Test func headersThatTransportsAndProxiesChangeAreNotSigned() {
        var request = HTTPRequest(method: "GET", host: "h", headers: [
            (name: "User-Agent", value: "watchpost"), (name: "Expect", value: "100-continue"),
            (name: "X-Amzn-Trace-Id", value: "Root=1"), (name: "X-Custom", value: "v"),
        ])
        Self.signer.sign(&request, date: Self.suiteDate)
        #expect(request.header("Authorization")?.contains("SignedHeaders=host;x-amz-date;x-amz-security-token;x-custom,") == true)
    }

    @Test func emptyPathIsSlash() {
        #expect(Self.signer.canonicalURI("") == "/")
        #expect(Self.s3Signer.canonicalURI("") == "/")
    }

    @Test(arguments: [
        (0.0, "19700101T000000Z"),
        (1_440_938_160.999, "20150830T123600Z"),
        (951_782_400, "20000229T000000Z"),  // leap day of a year divisible by 400
        (1_709_251_199, "20240229T235959Z"),
        (4_107_542_400, "21000301T000000Z"),  // 2100 is not a leap year
        (-1, "19691231T235959Z"),
    ])
    func timestamps(seconds: Double, expected: String) {
        let stamp = SigningTimestamp(Date(timeIntervalSince1970: seconds))
        #expect(stamp.dateTime == expected)
        #expect(stamp.day == String(expected.prefix(8)))
    }
}

@Suite struct HTTPRequestTests {
    @Test func urlEncodesQueryLikeSigV4InTheGivenOrder() {
        let request = HTTPRequest(method: "GET", host: "example.com:8443", path: "/a%20b",
                                  query: [(name: "z", value: "a b/c"), (name: "acl", value: ""), (name: "ሴ", value: "~-._")])
        #expect(request.url == "https://example.com:8443/a%20b?z=a%20b%2Fc&acl=&%E1%88%B4=~-._")
        #expect(HTTPRequest(method: "GET", scheme: "http", host: "h", path: "").url == "http://h/")
    }

    @Test func headersAreFoundAndReplacedCaseInsensitively() {
        var request = HTTPRequest(method: "GET", host: "h", headers: [(name: "Content-Type", value: "a"), (name: "content-type", value: "b")])
        #expect(request.header("CONTENT-TYPE") == "a")
        request.setHeader("Content-type", "c")
        #expect(request.headers.count == 1)
        #expect(request.header("content-type") == "c")
        request.removeHeader("CONTENT-TYPE")
        #expect(request.header("content-type") == nil)
    }
}
