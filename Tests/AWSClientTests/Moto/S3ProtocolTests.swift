import AWSModels
import Foundation
import XCTest

@testable import AWSClient
import TestSupport
import Primitives

/// REST-XML against moto: every S3 operation the functions use, checked with boto3.
final class S3ProtocolTests: XCTestCase {
    nonisolated(unsafe) static var moto: MotoServer!
    var moto: MotoServer { Self.moto }

    override class func setUp() { moto = try! MotoServer() }
    override class func tearDown() { moto.stop() }

    func makeBucket(_ name: String) throws {
        try Boto.call(moto, "s3", "create_bucket", ["Bucket": name])
    }

    func testBucketPolicyRoundTripAndAbsence() async throws {
        try makeBucket("policy-bucket")
        let s3 = try moto.client().s3
        let none = try await s3.getBucketPolicy("policy-bucket")
        XCTAssertNil(none, "NoSuchBucketPolicy reads as no policy")

        let policy = #"{"Version":"2012-10-17","Statement":[{"Sid":"Public","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::policy-bucket/*"}]}"#
        try await s3.putBucketPolicy("policy-bucket", policy: policy)
        let written = try Boto.call(moto, "s3", "get_bucket_policy", ["Bucket": "policy-bucket"])
        let stored = try JSONSerialization.jsonObject(with: Data((written["Policy"] as! String).utf8)) as! [String: Any]
        XCTAssertEqual((stored["Statement"] as! [[String: Any]]).first?["Sid"] as? String, "Public")
        let readBack = try await s3.getBucketPolicy("policy-bucket")
        XCTAssertTrue(readBack?.contains("\"Public\"") ?? false)

        try await s3.deleteBucketPolicy("policy-bucket")
        XCTAssertThrowsError(try Boto.call(moto, "s3", "get_bucket_policy", ["Bucket": "policy-bucket"])) { error in
            // boto3's ClientError, as Python printed it: the bucket is there, its policy is gone.
            XCTAssertTrue(error.localizedDescription.contains("(NoSuchBucketPolicy)"), error.localizedDescription)
        }
    }

    func testPublicAccessBlockBucketAndAccount() async throws {
        try makeBucket("pab-bucket")
        let s3 = try moto.client().s3
        let initial = try await s3.getPublicAccessBlock("pab-bucket")
        XCTAssertNil(initial)
        try await s3.putPublicAccessBlock("pab-bucket", .all)
        let written = try Boto.call(moto, "s3", "get_public_access_block", ["Bucket": "pab-bucket"])
        let configuration = written["PublicAccessBlockConfiguration"] as! [String: Bool]
        XCTAssertEqual(configuration, ["BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true])
        let readBack = try await s3.getPublicAccessBlock("pab-bucket")
        XCTAssertEqual(readBack, .all)

        let account = try await moto.client().callerAccount()
        let noAccountBlock = try await s3.getAccountPublicAccessBlock(account: account)
        XCTAssertNil(noAccountBlock)
        try Boto.call(moto, "s3control", "put_public_access_block", [
            "AccountId": account,
            "PublicAccessBlockConfiguration": ["BlockPublicAcls": false, "IgnorePublicAcls": true, "BlockPublicPolicy": false, "RestrictPublicBuckets": true],
        ])
        let accountBlock = try await s3.getAccountPublicAccessBlock(account: account)
        XCTAssertEqual(accountBlock, .init(blockPublicAcls: false, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: true))
    }

    func testAclOwnershipTaggingAndListing() async throws {
        try makeBucket("acl-bucket")
        try Boto.call(moto, "s3", "put_bucket_acl", ["Bucket": "acl-bucket", "ACL": "public-read"])
        let s3 = try moto.client().s3
        let acl = try await s3.getBucketAcl("acl-bucket")
        XCTAssertFalse(acl.ownerID.isEmpty)
        XCTAssertTrue(acl.grants.contains { $0.uri == "http://acs.amazonaws.com/groups/global/AllUsers" && $0.permission == "READ" && $0.granteeType == "Group" })
        try await s3.putBucketAcl("acl-bucket", cannedACL: "private")
        let after = try Boto.call(moto, "s3", "get_bucket_acl", ["Bucket": "acl-bucket"])
        XCTAssertFalse("\(after["Grants"] ?? "")".contains("AllUsers"))

        let noOwnership = try await s3.getOwnershipControls("acl-bucket")
        XCTAssertNil(noOwnership)
        try Boto.call(moto, "s3", "put_bucket_ownership_controls", ["Bucket": "acl-bucket", "OwnershipControls": ["Rules": [["ObjectOwnership": "BucketOwnerEnforced"]]]])
        let ownership = try await s3.getOwnershipControls("acl-bucket")
        XCTAssertEqual(ownership, "BucketOwnerEnforced")

        let noTags = try await s3.getBucketTagging("acl-bucket")
        XCTAssertEqual(noTags, [:])
        try Boto.call(moto, "s3", "put_bucket_tagging", ["Bucket": "acl-bucket", "Tagging": ["TagSet": [["Key": "watchpost:allow-public", "Value": "website"]]]])
        let tags = try await s3.getBucketTagging("acl-bucket")
        XCTAssertEqual(tags, ["watchpost:allow-public": "website"])

        let names = try await s3.listBuckets().map(\.name)
        XCTAssertTrue(names.contains("acl-bucket"))
        let region = try await s3.bucketRegion("acl-bucket")
        XCTAssertEqual(region, "us-east-1")
    }

    func testObjectsRoundTripWithEncodedKeysAndListingPaginates() async throws {
        try makeBucket("objects-bucket")
        let s3 = try moto.client().s3
        // Keys with spaces, unicode and reserved characters must round-trip exactly.
        let keys = ["AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/25/a b+c.json.gz", "AWSLogs/ü/x=y&z.json", "top.txt"]
        for key in keys {
            try await s3.putObject("objects-bucket", key: key, body: Array("body of \(key)".utf8), contentType: "text/plain")
            let object = try Boto.call(moto, "s3", "get_object", ["Bucket": "objects-bucket", "Key": key])
            XCTAssertEqual(object["Body"] as? String, "body of \(key)")
            let bytes = try await s3.getObject("objects-bucket", key: key)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "body of \(key)")
        }
        // More than one page: ListObjectsV2 returns at most 1000 keys per page.
        try Boto.script(moto, """
            s3 = client("s3")
            for i in range(1005): s3.put_object(Bucket="objects-bucket", Key=f"many/{i}", Body=b"x")
            """)
        let listing = try await s3.listObjects("objects-bucket", prefix: "many/")
        XCTAssertEqual(listing.objects.count, 1005)
        XCTAssertEqual(Set(listing.objects.map(\.key)).count, 1005)
        let folders = try await s3.listObjects("objects-bucket", prefix: "AWSLogs/", delimiter: "/")
        XCTAssertEqual(Set(folders.commonPrefixes), ["AWSLogs/111122223333/", "AWSLogs/ü/"])
    }

    func testErrorsAreTyped() async throws {
        let s3 = try moto.client().s3
        do {
            _ = try await s3.getBucketPolicy("no-such-bucket")
            XCTFail("expected NoSuchBucket")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "NoSuchBucket")
            XCTAssertEqual(error.httpStatus, 404)
            XCTAssertEqual(error.operation, "GetBucketPolicy")
        }
    }
}
