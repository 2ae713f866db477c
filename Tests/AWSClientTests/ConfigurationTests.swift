import AWSModels
import Foundation
import XCTest

@testable import AWSClient
import TestSupport

final class ConfigurationTests: XCTestCase {
    let keys = ["AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]

    func testEnvironmentCredentialsAndRegionOrder() throws {
        var environment = keys.merging(["AWS_SESSION_TOKEN": "token", "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-west-2", "HOME": "/nonexistent"]) { $1 }
        var client = try AWSClient(environment: environment)
        XCTAssertEqual(client.region, "eu-west-1")
        XCTAssertEqual(client.credentials.sessionToken, "token")
        environment["AWS_REGION"] = nil
        client = try AWSClient(environment: environment)
        XCTAssertEqual(client.region, "us-west-2")
    }

    func testMissingRegionOrCredentialsIsAClearConfigurationError() {
        XCTAssertThrowsError(try AWSClient(environment: keys.merging(["HOME": "/nonexistent"]) { $1 })) { error in
            XCTAssertEqual(error as? AWSClientError, .configuration("no region: set AWS_REGION (or AWS_DEFAULT_REGION, or a region in the AWS config file)"))
        }
        XCTAssertThrowsError(try AWSClient(environment: ["AWS_REGION": "us-east-1", "HOME": "/nonexistent"])) { error in
            guard case .configuration(let why) = error as? AWSClientError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.hasPrefix("no credentials"))
        }
    }

    func testSharedFilesWithProfile() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("aws-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try """
            # comment
            [default]
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

            [audit]
            aws_access_key_id=AKIAI44QH8DHBEXAMPLE
            aws_secret_access_key=je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY
            aws_session_token = session
            """.write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        try """
            [default]
            region = us-east-2
            [profile audit]
            region = ap-southeast-2
            """.write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)

        let byDefault = try AWSClient(environment: ["HOME": home.path])
        XCTAssertEqual(byDefault.region, "us-east-2")
        XCTAssertEqual(byDefault.credentials.accessKeyID, "AKIAIOSFODNN7EXAMPLE")
        let audit = try AWSClient(environment: ["HOME": home.path, "AWS_PROFILE": "audit"])
        XCTAssertEqual(audit.region, "ap-southeast-2")
        XCTAssertEqual(audit.credentials, Credentials(accessKeyID: "AKIAI44QH8DHBEXAMPLE", secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", sessionToken: "session"))
        let environmentWins = try AWSClient(environment: keys.merging(["HOME": home.path, "AWS_PROFILE": "audit"]) { $1 })
        XCTAssertEqual(environmentWins.credentials.accessKeyID, "AKIAIOSFODNN7EXAMPLE")
    }

    func testEndpointsStandardAndOverrides() throws {
        let standard = Endpoints(environment: [:])
        XCTAssertEqual(try standard.endpoint(for: .ec2, region: "eu-west-1").host, "ec2.eu-west-1.amazonaws.com")
        XCTAssertEqual(try standard.endpoint(for: .elbv2, region: "us-east-2").host, "elasticloadbalancing.us-east-2.amazonaws.com")
        let iam = try standard.endpoint(for: .iam, region: "eu-central-1")
        XCTAssertEqual(iam.host, "iam.amazonaws.com")
        XCTAssertEqual(iam.signingRegion, "us-east-1")
        XCTAssertEqual(try standard.endpoint(for: .sts, region: "cn-north-1").host, "sts.cn-north-1.amazonaws.com.cn")

        let overridden = Endpoints(environment: [
            "AWS_ENDPOINT_URL": "http://localhost:5000/",
            "AWS_ENDPOINT_URL_AUTO_SCALING": "https://autoscaling.internal:8443/base",
            "AWS_ENDPOINT_URL_S3_CONTROL": "http://127.0.0.1:9000",
        ])
        XCTAssertEqual(try overridden.endpoint(for: .ec2, region: "us-east-1"),
                       .init(scheme: "http", host: "localhost:5000", basePath: "", signingRegion: "us-east-1", isOverride: true))
        XCTAssertEqual(try overridden.endpoint(for: .autoScaling, region: "us-east-1"),
                       .init(scheme: "https", host: "autoscaling.internal:8443", basePath: "/base", signingRegion: "us-east-1", isOverride: true))
        XCTAssertEqual(try overridden.endpoint(for: .s3Control, region: "us-east-1").host, "127.0.0.1:9000")

        let ignored = Endpoints(environment: ["AWS_ENDPOINT_URL": "http://localhost:5000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"])
        XCTAssertEqual(try ignored.endpoint(for: .sns, region: "us-east-1").host, "sns.us-east-1.amazonaws.com")
        XCTAssertThrowsError(try Endpoints(environment: ["AWS_ENDPOINT_URL": "localhost:5000"]).endpoint(for: .sns, region: "us-east-1"))
    }

    func testS3AddressingVirtualHostedOnAWSPathStyleUnderOverride() throws {
        let onAWS = try AWSClient(environment: keys.merging(["AWS_REGION": "eu-west-1", "HOME": "/nonexistent"]) { $1 })
        var request = try onAWS.address(AWSRequest(operation: .S3.getObject, method: "GET", path: "/a%20b", hostLabel: .bucket("logs")))
        XCTAssertEqual(request.host, "logs.s3.eu-west-1.amazonaws.com")
        XCTAssertEqual(request.path, "/a%20b")
        request = try onAWS.address(AWSRequest(operation: .S3.getBucketPolicy, method: "GET", path: "/", hostLabel: .bucket("my.dotted.bucket")))
        XCTAssertEqual(request.host, "s3.eu-west-1.amazonaws.com")
        XCTAssertEqual(request.path, "/my.dotted.bucket")
        request = try onAWS.address(AWSRequest(operation: .S3Control.getPublicAccessBlock, method: "GET",
                                               path: "/v20180820/configuration/publicAccessBlock", hostLabel: .account("111122223333")))
        XCTAssertEqual(request.host, "111122223333.s3-control.eu-west-1.amazonaws.com")
        XCTAssertEqual(request.header("x-amz-account-id"), "111122223333")

        let local = try AWSClient(environment: keys.merging(["AWS_REGION": "eu-west-1", "HOME": "/nonexistent", "AWS_ENDPOINT_URL": "http://127.0.0.1:5000"]) { $1 })
        request = try local.address(AWSRequest(operation: .S3.getObject, method: "GET", path: "/k", hostLabel: .bucket("logs")))
        XCTAssertEqual(request.host, "127.0.0.1:5000")
        XCTAssertEqual(request.path, "/logs/k")
        XCTAssertEqual(request.scheme, "http")
    }

    func testRoleSessionNamesFitSTSRules() {
        XCTAssertEqual(AWSClient.roleSessionName("s3-policy-checker/evt 1:2"), "s3-policy-checker-evt-1-2")
        XCTAssertEqual(AWSClient.roleSessionName(String(repeating: "a", count: 100)).count, 64)
        XCTAssertEqual(AWSClient.roleSessionName("x"), "watchpost")
    }
}
