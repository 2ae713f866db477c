import Foundation
import Testing
import AWSModels
import Primitives
@testable import PolicyGenerationCore

struct AthenaQueryTests {
    static let table = try! AthenaTable(database: "watchpost_trail", table: "cloudtrail", workGroup: "watchpost-policy-generator")

    static func request(_ arn: String = TestRecords.roleARN, regions: Set<String>? = ["eu-west-1"],
                        start: String = "2026-11-20T00:00:00Z", end: String = "2026-11-21T00:00:00Z") throws -> PolicyRequest {
        try PolicyRequest(principal: try Principal(arn: arn), window: try TimeWindow(start: start, end: end), source: .athena,
                          regions: regions)
    }

    @Test func prunesToTheAccountRegionsAndDeliveryDaysAndKeepsTheWindow() throws {
        let text = try AthenaQuery(request: try Self.request(), table: Self.table).text
        #expect(text.contains(#"FROM "watchpost_trail"."cloudtrail""#))
        #expect(text.contains("account = '111122223333'"))
        // The requested region plus us-east-1 (global services), as the S3 path lists them.
        #expect(text.contains("region IN ('eu-west-1', 'us-east-1')"))
        // The window's day and the day after: a folder is the delivery day.
        #expect(text.contains(#""date" BETWEEN '2026/11/20' AND '2026/11/21'"#))
        #expect(text.contains("eventtime >= '2026-11-20T00:00:00Z' AND eventtime < '2026-11-21T00:00:00Z'"))
        #expect(text.contains("GROUP BY eventsource, eventname"))
        #expect(text.contains("count(*) AS records"))
    }

    @Test func aRoleIsItsSessionIssuerAnyPathAnyCase() throws {
        let text = try AthenaQuery(request: try Self.request("arn:aws:iam::111122223333:role/ci/Build-Agent"), table: Self.table).text
        #expect(text.contains("(useridentity.sessioncontext.sessionissuer.arn LIKE 'arn:aws:iam::111122223333:role/%'"
            + " AND lower(element_at(split(useridentity.sessioncontext.sessionissuer.arn, '/'), -1)) = 'build-agent')"))
        #expect(!text.contains("useridentity.arn LIKE 'arn:aws:iam::111122223333:"))
    }

    @Test func aUserIsItsOwnARNOrTheIssuerOfItsFederatedSessions() throws {
        let text = try AthenaQuery(request: try Self.request(TestRecords.userARN), table: Self.table).text
        #expect(text.contains("((useridentity.arn LIKE 'arn:aws:iam::111122223333:user/%' AND lower(element_at(split(useridentity.arn, '/'), -1)) = 'alice')"
            + " OR (useridentity.sessioncontext.sessionissuer.arn LIKE 'arn:aws:iam::111122223333:user/%'"))
    }

    @Test func withoutRegionsEveryProjectedRegionIsRead() throws {
        let text = try AthenaQuery(request: try Self.request(regions: nil), table: Self.table).text
        #expect(!text.contains("region IN"))
    }

    @Test func aLongWindowSpansItsDaysPlusOne() throws {
        let text = try AthenaQuery(request: try Self.request(start: "2026-09-01T06:00:00Z", end: "2026-11-30T06:00:00Z"),
                                   table: Self.table).text
        #expect(text.contains(#""date" BETWEEN '2026/09/01' AND '2026/12/01'"#))
    }

    /// Values that would end their string literal, or are not what they claim, are refused.
    @Test(arguments: [
        ("arn:aws:iam::111122223333:role/x'--", "a principal name"),
        ("arn:aws:iam::111122223333:role/a' OR '1'='1", "a principal name"),
        ("arn:aws:iam::111122223333:user/al\\ice", "a principal name"),
        ("arn:aws:iam::111122223333:role/naïve", "a principal name"),
        ("arn:aws:iam::111122223333:role/" + String(repeating: "r", count: 65), "a principal name"),
        ("arn:aws:iam::111122223333:role/x/*comment*", "a principal name"),
    ])
    func hostilePrincipalsAreRefused(arn: String, what: String) throws {
        #expect(throws: AthenaQueryError.unsafeValue(what: what, value: String(arn.split(separator: "/").last!).lowercased())) {
            try AthenaQuery(request: try Self.request(arn), table: Self.table)
        }
    }

    @Test(arguments: ["eu-west-1') OR ('1'='1", "eu-west-1'", "EU-WEST-1", "eu west 1", "", "-eu"])
    func hostileRegionsAreRefused(region: String) throws {
        #expect(throws: AthenaQueryError.unsafeValue(what: "a region", value: region)) {
            try AthenaQuery(request: try Self.request(regions: [region]), table: Self.table)
        }
    }

    @Test func onlyFittingValuesPass() {
        #expect(SQLLiteral.Kind.account.allows("111122223333"))
        #expect(!SQLLiteral.Kind.account.allows("11112222333'"))
        #expect(!SQLLiteral.Kind.account.allows("１１１１２２２２３３３３"))  // full-width digits
        #expect(SQLLiteral.Kind.day.allows("2026/11/20") && !SQLLiteral.Kind.day.allows("2026/11/2'"))
        #expect(SQLLiteral.Kind.time.allows("2026-11-20T00:00:00Z") && !SQLLiteral.Kind.time.allows("2026-11-20T00:00:00Z' OR '"))
        #expect(SQLLiteral.Kind.partition.allows("aws-us-gov") && !SQLLiteral.Kind.partition.allows("aws'"))
        #expect(SQLLiteral.Kind.principalName.allows("deploy+ci=1,a.b@c_d-e"))
    }

    /// Every ASCII character, put into a value of each kind: whatever passes cannot end its
    /// string literal, escape, or break the query over lines.
    @Test func noPassingValueCanLeaveItsLiteral() {
        let bases: [SQLLiteral.Kind: String] = [.account: "11112222333", .partition: "aws", .principalName: "name",
                                                .region: "eu-west-", .day: "2026/11/2", .time: "2026-11-20T00:00:00"]
        for (kind, base) in bases {
            for byte in UInt8(0)..<128 {
                let character = Character(Unicode.Scalar(byte))
                for value in [base + String(character), String(character) + base] where kind.allows(value) {
                    #expect(!value.contains { $0 == "'" || $0 == "\\" || $0 == "\"" || $0.isWhitespace || $0 == ";" }, "\(kind): \(value)")
                }
            }
        }
    }

    @Test(arguments: [("watchpost_trail\"; DROP TABLE x; --", "cloudtrail"), ("watchpost", "cloud trail"), ("", "cloudtrail"),
                      ("watchpost", "cloudtrail\"--")])
    func hostileTableNamesAreRefused(database: String, table: String) {
        #expect(throws: AthenaQueryError.self) {
            try AthenaTable(database: database, table: table, workGroup: "wg")
        }
    }

    @Test func theTableComesFromTheEnvironment() throws {
        #expect(try AthenaTable(environment: ["ATHENA_DATABASE": "db", "ATHENA_TABLE": "t", "ATHENA_WORKGROUP": "Wg-1.a"])
            == AthenaTable(database: "db", table: "t", workGroup: "Wg-1.a"))
        #expect(throws: AthenaQueryError.self) { try AthenaTable(environment: ["ATHENA_DATABASE": "db", "ATHENA_TABLE": "t"]) }
        #expect(throws: AthenaQueryError.self) {
            try AthenaTable(environment: ["ATHENA_DATABASE": "db", "ATHENA_TABLE": "t", "ATHENA_WORKGROUP": "wg'"])
        }
    }

    @Test func aResumedQueryMustBeThisRequestsInThisWorkgroup() throws {
        let query = try AthenaQuery(request: try Self.request(), table: Self.table)
        func execution(_ text: String, workGroup: String = "watchpost-policy-generator") -> AthenaQueryExecution {
            AthenaQueryExecution(id: "q-1", query: text, workGroup: workGroup, state: .running)
        }
        try query.check(resuming: execution(query.text), workGroup: Self.table.workGroup)
        // Athena may hand the text back re-spaced.
        try query.check(resuming: execution(query.text.replacingOccurrences(of: "\n", with: " ")), workGroup: Self.table.workGroup)
        let other = try AthenaQuery(request: try Self.request("arn:aws:iam::111122223333:role/other"), table: Self.table)
        #expect(throws: AthenaQueryError.self) { try query.check(resuming: execution(other.text), workGroup: Self.table.workGroup) }
        #expect(throws: AthenaQueryError.self) {
            try query.check(resuming: execution(query.text, workGroup: "primary"), workGroup: Self.table.workGroup)
        }
    }

    @Test func theRequestTakesAthenaAndAQueryToResume() throws {
        func event(_ extra: [String: JSONValue]) -> JSONValue {
            .object(["principalArn": .string(TestRecords.roleARN), "start": "2026-11-20", "end": "2026-11-21"]
                .merging(extra) { $1 })
        }
        let id = "0f7a3c2e-9d41-4b6a-8f0e-2c5d7e9a1b34"
        let request = try #require(try PolicyRequest.requests(from: event(["queryExecutionId": .string(id)]), environment: [:]).first)
        #expect(request.source == .athena && request.queryExecutionId == id)
        #expect(throws: PolicyRequestError.self) {
            try PolicyRequest.requests(from: event(["queryExecutionId": "x' OR 1=1"]), environment: [:])
        }
        #expect(throws: PolicyRequestError.self) {
            try PolicyRequest.requests(from: event(["queryExecutionId": .string(id), "source": "s3", "trailBucket": "t"]), environment: [:])
        }
        let scheduled: JSONValue = ["detail-type": "Scheduled Event", "source": "aws.events", "time": "2026-11-23T06:00:00Z"]
        let requests = try PolicyRequest.requests(from: scheduled, environment: ["POLICY_PRINCIPALS": TestRecords.roleARN, "POLICY_SOURCE": "athena"])
        #expect(requests.map(\.source) == [.athena])
    }
}
