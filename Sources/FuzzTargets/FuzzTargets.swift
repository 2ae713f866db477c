import BucketExposureCore
import FoundationEssentials
import ForensicsCore
@testable import LoginWatchCore
@testable import PolicyGenerationCore
import SecurityEvents
import Primitives

/// The entry functions of the fuzz harnesses (Fuzz/, `make fuzz`), one per parser family, and
/// of the replay test that runs every committed corpus input and finding through them
/// (`make test`). Each reads bytes from a stranger and must neither trap nor stall; where a
/// family has an invariant it is checked with `require`, which traps so the fuzzer keeps the input.
public enum FuzzTargets {
    public static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "trail": trail, "xml": xml, "gzip": gzip, "events": events, "loglines": logLines,
        "slack": slack, "bucketpolicy": bucketPolicy, "arn": arn, "forensic": forensic,
    ]

    /// A trail file through scanner and record parser, and the same bytes as one LookupEvents record.
    static func trail(_ bytes: [UInt8]) {
        let principal = try! Principal(arn: "arn:aws:iam::111122223333:role/r")
        var activity = Activity(principal: principal, window: try! TimeWindow(start: "2026-01-01", end: "2026-12-31"), regions: nil)
        TrailFileReader(principal: principal).read(bytes, source: "fuzz", into: &activity)
        require(activity.recordsRead >= activity.recordsMatched)
        _ = bytes.withUnsafeBufferPointer { try? TrailRecordParser.parse($0, 0..<$0.count) }
        // The strict reader and Foundation agree on what they both accept.
        if let value = try? JSONValue(parsing: bytes), let text = try? JSONEncoder().encode(value) {
            require((try? JSONValue(parsing: Array(text))) == value)
        }
    }

    static func xml(_ bytes: [UInt8]) {
        _ = try? XML.parse(bytes)
    }

    static func gzip(_ bytes: [UInt8]) {
        _ = try? Gzip.decompress(bytes, outputLimit: 1 << 20)
    }

    /// Every function's event path: the JSON value, then each function's reading of it.
    static func events(_ bytes: [UInt8]) {
        guard let event = try? JSONValue(lambdaEvent: bytes) else { return }
        _ = try? classify(event: event)
        _ = try? RequestParser.parse(event)
        _ = try? PolicyRequest.requests(from: event, environment: [:])
        if let logs: CloudWatchLogsEvent = try? event.decode() {
            _ = try? logs.decode(inflate: { try Gzip.decompress($0, outputLimit: 1 << 20) })
        }
        if let logs: CloudWatchLogsData = try? event.decode() { _ = LoginAssessment.verdicts(logs) }
    }

    /// A log line to its verdict, as the CloudWatch Logs path reads each line.
    static func logLines(_ bytes: [UInt8]) {
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            _ = LogLineClassifier.verdict(for: String(line))
        }
    }

    static func slack(_ bytes: [UInt8]) {
        _ = try? SlackInteraction.decide(body: bytes)
    }

    /// A bucket policy: evaluation never traps; removing the public statements leaves none.
    static func bucketPolicy(_ bytes: [UInt8]) {
        guard let policy = try? BucketPolicy(json: String(decoding: bytes, as: UTF8.self)) else { return }
        let owner = "111122223333"
        let exposure = evaluate(policy: policy, acl: nil, bucketBlock: nil, accountBlock: nil, ownership: nil, owner: owner)
        let indices = Set(exposure.publicStatements.map(\.index))
        guard !indices.isEmpty else { return }
        guard let rewritten = policy.removingStatements(at: indices) else { return }
        let again = try? BucketPolicy(json: rewritten)
        require(again != nil)
        let after = evaluate(policy: again, acl: nil, bucketBlock: nil, accountBlock: nil, ownership: nil, owner: owner)
        require(after.publicStatements.isEmpty)
    }

    /// An ARN pattern against ARNs made from the same bytes: a pattern matches itself when it
    /// has no placeholder (`${…}`, closed) and no IAM wildcard.
    static func arn(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: "\n", maxSplits: 1).map(String.init)
        let pattern = parts.first ?? ""
        _ = ARNPattern.matches(parts.last ?? "", pattern: pattern)
        let placeholder = pattern.firstRange(of: "${").map { pattern[$0.upperBound...].contains("}") } ?? false
        if !placeholder, !pattern.contains("*"), !pattern.contains("?") { require(ARNPattern.matches(pattern, pattern: pattern)) }
    }

    static func forensic(_ bytes: [UInt8]) {
        guard let event = try? JSONValue(parsing: bytes) else { return }
        _ = try? RequestParser.parse(event)
    }

    static func require(_ condition: Bool, _ line: UInt = #line) {
        if !condition { fatalError("fuzz invariant at FuzzTargets.swift:\(line)") }
    }
}
