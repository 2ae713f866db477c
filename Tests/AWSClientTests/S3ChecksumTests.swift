import AWSModels
import XCTest

@testable import AWSClient
import TestSupport
import Primitives

/// moto accepts S3 writes without an integrity checksum; real S3 refuses PutBucketAcl,
/// PutBucketPolicy and PutPublicAccessBlock without one. So the headers are checked on the
/// wire, at a local server, rather than by moto's acceptance.
final class S3ChecksumTests: XCTestCase {
    func testEveryS3WriteCarriesTheSHA256OfItsBodyEvenWhenEmpty() async throws {
        let server = try ScriptedServer(responses: [(200, "")])
        defer { server.stop() }
        let s3 = try AWSClient(environment: [
            "AWS_ENDPOINT_URL": server.endpoint, "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_REGION": "us-east-1", "HOME": "/nonexistent",
        ]).s3
        try await s3.putBucketAcl("b", cannedACL: "private")
        try await s3.putBucketPolicy("b", policy: "{}")
        try await s3.putPublicAccessBlock("b", .all)
        _ = try await s3.getBucketPolicy("b")

        let checksums = server.requests.map { request in request.headers.first { $0.key.lowercased() == "x-amz-checksum-sha256" }?.value }
        XCTAssertEqual(checksums[0], "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "SHA-256 of no bytes")
        XCTAssertEqual(checksums[1], "RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=", "SHA-256 of {}")
        // The PutPublicAccessBlock body is XML of our making: its SHA-256 is computed by Python's
        // hashlib from the bytes the server received.
        let body = server.requests[2].body
        XCTAssertTrue(body.contains("<BlockPublicAcls>true</BlockPublicAcls>"), body)
        let expected = try Run.python(["-c", "import base64, hashlib, sys; print(base64.b64encode(hashlib.sha256(sys.argv[1].encode()).digest()).decode())", body])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(checksums[2], expected)
        XCTAssertNil(checksums[3], "reads carry no checksum")
        XCTAssertTrue(server.requests[0].headers.contains { $0.key.lowercased() == "x-amz-acl" && $0.value == "private" })
    }
}
