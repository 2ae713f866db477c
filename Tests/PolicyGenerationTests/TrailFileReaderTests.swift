import Foundation
import Testing
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import SecurityEvents

struct TrailFileReaderTests {
    static func file(_ records: [[String: Any]], extraKeys: Bool = true) -> [UInt8] {
        var json: [String: Any] = ["Records": records]
        if extraKeys { json["Digest"] = ["note": "a key before or after Records is skipped [ { \" "] }
        return Array(try! JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]))
    }

    static func raw(_ eventName: String, identity: [String: Any], parameters: [String: Any] = [:],
                    time: String = "2026-11-20T08:00:00Z") -> [String: Any] {
        ["eventVersion": "1.09", "eventTime": time, "eventSource": "s3.amazonaws.com", "eventName": eventName,
         "awsRegion": "eu-west-1", "userIdentity": identity,
         "requestParameters": parameters.merging(["bucketName": "b", "key": "weird \"}]{[ key"]) { $1 }]
    }

    @Test func decodesOnlyTheRecordsThatCanBeThePrincipals() throws {
        let mine = TestRecords.roleIdentity()
        let other = TestRecords.roleIdentity("arn:aws:iam::111122223333:role/someone-else")
        let bytes = Self.file([
            Self.raw("GetObject", identity: mine), Self.raw("PutObject", identity: other),
            Self.raw("DeleteObject", identity: mine, time: "2026-12-20T08:00:00Z"),
            Self.raw("GetObjectAcl", identity: mine),
        ])
        let principal = try Principal(arn: TestRecords.roleARN)
        var activity = Activity(principal: principal, window: try TimeWindow(start: "2026-11-20", end: "2026-11-21"), regions: nil)
        try TrailFileReader(principal: principal).read(bytes, into: &activity)
        #expect(activity.recordsRead == 4)
        #expect(activity.recordsMatched == 2)
        #expect(activity.actions == ["s3:GetObject", "s3:GetObjectAcl"])
        #expect(activity.resources["s3:GetObject"] == ["arn:aws:s3:::b/weird \"}]{[ key"])
    }

    @Test func scannerFindsEveryRecordAndRejectsMalformedFiles() throws {
        let bytes = Array(#" { "Records" : [ {"a":"x\"]"} , {"b":[1,{"c":"}"}]}, {} ] } "#.utf8)
        var found: [String] = []
        try bytes.withUnsafeBufferPointer { buffer in
            try TrailFileScanner.forEachRecord(in: buffer) { range, _ in
                found.append(String(decoding: buffer[range], as: UTF8.self))
            }
        }
        #expect(found == [#"{"a":"x\"]"}"#, #"{"b":[1,{"c":"}"}]}"#, "{}"])
        for malformed in [#"{"Records":[{"a":1}"#, #"["Records"]"#, #"{"Records":[{"a":"unterminated}]}"#, ""] {
            #expect(throws: TrailFileScanner.Error.self) {
                try Array(malformed.utf8).withUnsafeBufferPointer { buffer in
                    try TrailFileScanner.forEachRecord(in: buffer) { _, _ in }
                }
            }
        }
    }

    @Test func caseInsensitiveContains() {
        let bytes = Array("arn:aws:iam::111122223333:role/Build-Agent".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            #expect(TrailFileScanner.contains(buffer, 0..<buffer.count, lowercased: Array("build-agent".utf8)))
            #expect(!TrailFileScanner.contains(buffer, 0..<buffer.count, lowercased: Array("build-agents".utf8)))
            #expect(!TrailFileScanner.contains(buffer, 0..<10, lowercased: Array("build".utf8)))
        }
        // No case-free byte in the needle: either case of its first letter anchors it.
        let user = Array(#"{"arn":"arn:aws:iam::111122223333:user/ALICE","n":"alicf"}"#.utf8)
        user.withUnsafeBufferPointer { buffer in
            #expect(TrailFileScanner.contains(buffer, 0..<buffer.count, lowercased: Array("alice".utf8)))
            #expect(!TrailFileScanner.contains(buffer, 0..<buffer.count, lowercased: Array("alicx".utf8)))
            #expect(TrailFileScanner.contains(buffer, 0..<buffer.count, lowercased: Array("111122223333".utf8)))
            #expect(!TrailFileScanner.contains(buffer, 0..<(buffer.count - 20), lowercased: Array("alicf".utf8)))
        }
    }
}

struct TrailRecordParserTests {
    static func parse(_ json: String) throws -> ActivityRecord {
        try Array(json.utf8).withUnsafeBufferPointer { try TrailRecordParser.parse($0, 0..<$0.count) }
    }

    /// The fast parser reads what JSONDecoder reads, on every record of the mapping corpus.
    @Test func agreesWithJSONDecoderOnTheCorpus() throws {
        for testCase in ActionMapperTests.cases {
            let encoded = try JSONSerialization.data(withJSONObject: Self.json(testCase.record))
            let parsed = try Self.parse(String(decoding: encoded, as: UTF8.self))
            let decoded = ActivityRecord(try JSONDecoder().decode(CloudTrailRecord.self, from: encoded))
            #expect(parsed == decoded, "\(testCase.record.eventName)")
        }
    }

    @Test func decodesEscapesNullsAndNesting() throws {
        let record = try Self.parse(#"""
            { "eventVersion": "1.09", "eventTime" : "2026-11-20T08:00:00Z", "eventSource":"s3.amazonaws.com",
              "eventName":"GetObject", "errorCode": null, "responseElements": {"x": [1, {"y": "}]\""}]},
              "userIdentity": {"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role\/r\/s",
                "sessionContext": {"attributes": {"mfaAuthenticated": "false"}, "sessionIssuer": {"arn": "arn:aws:iam::111122223333:role\/r"}}},
              "requestParameters": {"bucketName":"b","key":"caf\u00e9 \ud83d\ude00 \"q\"", "n": -1.5e2, "t": true, "z": null, "l": []},
              "resources": [{"ARN":"arn:aws:s3:::b","type":"AWS::S3::Bucket"}, {"accountId":"111122223333"}],
              "readOnly": true }
            """#)
        #expect(record.issuerARN == "arn:aws:iam::111122223333:role/r")
        #expect(record.identityARN == "arn:aws:sts::111122223333:assumed-role/r/s")
        #expect(record.errorCode == nil)
        #expect(record.requestParameters == ["bucketName": "b", "key": "café 😀 \"q\"", "n": -150, "t": true, "z": nil, "l": []])
        #expect(record.resourceARNs == ["arn:aws:s3:::b"])
    }

    @Test func rejectsRecordsItCannotRead() {
        for bad in [#"{"eventTime":"x"}"#, #"{"eventTime":"x","eventSource":"s","eventName":"n","a":tru}"#,
                    #"{"eventTime":"x","eventSource":"s","eventName":"n","requestParameters":{"a":}}"#, #"[1]"#] {
            #expect(throws: TrailFileScanner.Error.self, "\(bad)") { try Self.parse(bad) }
        }
    }

    /// A record back to JSON, the way CloudTrail writes it.
    static func json(_ record: CloudTrailRecord) -> [String: Any] {
        var json: [String: Any] = ["eventTime": record.eventTime, "eventSource": record.eventSource, "eventName": record.eventName]
        json["awsRegion"] = record.awsRegion
        json["errorCode"] = record.errorCode
        json["eventType"] = record.eventType
        json["recipientAccountId"] = record.recipientAccountId
        if let parameters = record.requestParameters {
            json["requestParameters"] = try! JSONSerialization.jsonObject(with: JSONEncoder().encode(parameters))
        }
        if let resources = record.resources { json["resources"] = resources.map { ["ARN": $0.arn ?? "", "accountId": $0.accountId ?? ""] } }
        if let identity = record.userIdentity {
            var user: [String: Any] = ["type": identity.type ?? ""]
            user["arn"] = identity.arn
            user["accountId"] = identity.accountId
            if let issuer = identity.sessionContext?.sessionIssuer?.arn {
                user["sessionContext"] = ["sessionIssuer": ["arn": issuer, "type": "Role"]]
            }
            json["userIdentity"] = user
        }
        return json
    }
}
