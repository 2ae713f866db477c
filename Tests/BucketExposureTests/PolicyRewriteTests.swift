import Foundation
import Testing
import SecurityEvents
@testable import BucketExposureCore
@testable import BucketExposure

@Suite("Rewriting a policy without exactly the public statements")
struct PolicyRewriteTests {
    @Test func keepsEveryOtherStatementAndMember() throws {
        let original = try BucketPolicy(json: policy(allow(#"{"AWS":"\#(owner)"}"#, sid: "Owner"),
                                                     allow(#""*""#, sid: "Public"),
                                                     allow(#"{"AWS":"\#(other)"}"#, sid: "Partner")))
        let text = try #require(original.removingStatements(at: [1]))
        let rewritten = try BucketPolicy(json: text)
        #expect(rewritten.statements.map(\.sid) == ["Owner", "Partner"])
        // The whole document, read by Foundation's parser (not ours), equals the literal policy
        // with only the public statement gone: every other member and value unchanged.
        let expected = policy(allow(#"{"AWS":"\#(owner)"}"#, sid: "Owner"), allow(#"{"AWS":"\#(other)"}"#, sid: "Partner"))
        let parse = { (json: String) in try JSONSerialization.jsonObject(with: Data(json.utf8)) as! NSDictionary }
        #expect(try parse(text) == parse(expected))
        // And the rewritten policy is no longer public.
        #expect(try evaluatePolicy(text).verdict == .crossAccount)
    }

    @Test func nothingLeftMeansDelete() throws {
        let original = try BucketPolicy(json: policy(allow(#""*""#), allow(#"{"AWS":"*"}"#)))
        #expect(original.removingStatements(at: [0, 1]) == nil)
    }

    @Test func singleStatementObject() throws {
        let original = try BucketPolicy(json: #"{"Version":"2012-10-17","Statement":\#(allow(#""*""#))}"#)
        #expect(original.removingStatements(at: [0]) == nil)
        #expect(original.removingStatements(at: []) != nil)
    }

    @Test func keepsConditionsAndNumbersIntact() throws {
        let original = try BucketPolicy(json: policy(
            allow(#""*""#),
            allow(#"{"AWS":\#(other)}"#, condition: #"{"NumericLessThan":{"s3:max-keys":"10"},"IpAddress":{"aws:SourceIp":["192.0.2.0/24"]}}"#)))
        let text = try #require(original.removingStatements(at: [0]))
        #expect(text.contains(#""aws:SourceIp":["192.0.2.0/24"]"#))
        #expect(text.contains(#""AWS":444455556666"#))
    }
}
