import WatchpostCore
import Foundation
import Testing
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import SecurityEvents

/// The inputs fuzzing found against the trail path (issue 17), each kept as a regression.
struct TrailFindingsTests {
    static let head = #""eventTime":"2026-11-20T08:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject""#

    // Finding 1: the record parser trapped (SIGILL) on a high surrogate before a \u below U+DC00.
    @Test(arguments: [#"\ud83d\ud00e"#, #"x\ud83d\u0001"#, #"\udbff\udbff\udfff"#])
    func surrogateEscapesNeverTrap(_ escaped: String) throws {
        let record = try TrailRecordParserTests.parse(#"{\#(Self.head),"errorMessage":"\#(escaped)"}"#)
        #expect(record.errorMessage?.contains("\u{FFFD}") == true)
    }

    // Finding 3: requestParameters nested past the stack (SIGSEGV at ~56,000 levels).
    @Test func deepRequestParametersAreRefusedNotOverflowed() {
        let deep = String(repeating: "[", count: 60_000) + String(repeating: "]", count: 60_000)
        #expect {
            try TrailRecordParserTests.parse(#"{\#(Self.head),"requestParameters":\#(deep)}"#)
        } throws: { error in
            (error as? TrailFileScanner.Error)?.description.hasPrefix("nested deeper than 512 at byte") == true
        }
    }

    // Finding 4: a null ARN failed the record, and through the reader the whole file.
    @Test func aNullWhereAStringIsExpectedIsAbsent() throws {
        let record = try TrailRecordParserTests.parse(
            #"{\#(Self.head),"awsRegion":null,"resources":[{"ARN":null,"type":"AWS::S3::Bucket"},{"ARN":"arn:aws:s3:::b"}],"userIdentity":{"arn":null}}"#)
        #expect(record.resourceARNs == ["arn:aws:s3:::b"])
        #expect(record.awsRegion == nil && record.identityARN == nil)
    }

    @Test func keysAreUnescaped() throws {
        let record = try TrailRecordParserTests.parse(
            #"{"event\u0054ime":"2026-11-20T08:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","requestParameters":{"bucket\u004eame":"b"}}"#)
        #expect(record.eventTime == "2026-11-20T08:00:00Z")
        #expect(record.requestParameters == ["bucketName": "b"])
    }

    @Test(arguments: [
        [0xFF], Array("\u{01}".utf8), Array(#"\x"#.utf8),
    ])
    func invalidJSONInsideARecordIsRefused(_ inside: [UInt8]) {
        let bytes = Array(#"{\#(Self.head),"errorMessage":""#.utf8) + inside + Array(#""}"#.utf8)
        #expect(throws: TrailFileScanner.Error.self) {
            try bytes.withUnsafeBufferPointer { try TrailRecordParser.parse($0, 0..<$0.count) }
        }
    }

    @Test func trailingDataAfterTheFileIsRefused() {
        #expect(throws: TrailFileScanner.Error.self) {
            try Array(#"{"Records":[]} {"#.utf8).withUnsafeBufferPointer { try TrailFileScanner.forEachRecord(in: $0) { _, _ in } }
        }
    }

    // One bad record never costs the good ones: counted and reported by position and reason.
    @Test func badRecordsAreReportedAndTheOthersUsed() throws {
        let mine = TestRecords.roleIdentity()
        let good = try String(decoding: JSONSerialization.data(withJSONObject: TrailFileReaderTests.raw("GetObject", identity: mine)), as: UTF8.self)
        let nullARN = good.dropLast() + #","resources":[{"ARN":null}]}"#
        let badEscape = good.dropLast() + #","errorMessage":"\q"}"#
        let other = #"{"userIdentity":"someone else","x":"\#u{01}"}"#
        let file = Array(#"{"Records":[\#(good),\#(nullARN),\#(badEscape),\#(other),\#(good)]}"#.utf8)
        let principal = try Principal(arn: TestRecords.roleARN)
        var activity = Activity(principal: principal, window: try TimeWindow(start: "2026-11-20", end: "2026-11-21"), regions: nil)
        TrailFileReader(principal: principal).read(file, source: "f.json.gz", into: &activity)
        #expect(activity.recordsRead == 5)
        #expect(activity.recordsMatched == 3)
        #expect(activity.unreadable.count == 2)
        #expect(activity.unreadable.first.map(\.record) == [3, 4])
        #expect(activity.unreadable.first.allSatisfy { $0.source == "f.json.gz" })
        let reasons = activity.unreadable.first.map(\.reason)
        #expect(reasons[0].hasPrefix("bad escape at byte ") && reasons[1].hasPrefix("raw control character in a string at byte "))
    }

    @Test func aFileThatIsNotATrailFileIsReportedNotThrown() throws {
        let principal = try Principal(arn: TestRecords.roleARN)
        var activity = Activity(principal: principal, window: try TimeWindow(start: "2026-11-20", end: "2026-11-21"), regions: nil)
        TrailFileReader(principal: principal).read(Array(#"{"Records":[{"a":tru}, {"#.utf8), source: "broken", into: &activity)
        #expect(activity.unreadable.count == 2)
        #expect(activity.unreadable.first.map(\.record) == [1, 0])
        #expect(activity.unreadable.first.last?.reason.hasPrefix("not a CloudTrail log file after 1 records") == true)
    }
}
