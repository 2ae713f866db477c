import Foundation
import Testing
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
            try TrailFileScanner.forEachRecord(in: buffer) { range in
                found.append(String(decoding: buffer[range], as: UTF8.self))
            }
        }
        #expect(found == [#"{"a":"x\"]"}"#, #"{"b":[1,{"c":"}"}]}"#, "{}"])
        for malformed in [#"{"Records":[{"a":1}"#, #"["Records"]"#, #"{"Records":[{"a":"unterminated}]}"#, ""] {
            #expect(throws: TrailFileScanner.Error.self) {
                try Array(malformed.utf8).withUnsafeBufferPointer { buffer in
                    try TrailFileScanner.forEachRecord(in: buffer) { _ in }
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
    }
}
