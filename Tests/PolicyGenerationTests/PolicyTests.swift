import Foundation
import Testing
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import SecurityEvents
import Primitives

struct TimeWindowTests {
    @Test func rejectsEmptyInvertedAndMalformedWindows() {
        #expect(throws: PolicyRequestError.self) { try TimeWindow(start: "2026-11-20T00:00:00Z", end: "2026-11-20T00:00:00Z") }
        #expect(throws: PolicyRequestError.self) { try TimeWindow(start: "2026-11-21T00:00:00Z", end: "2026-11-20T00:00:00Z") }
        #expect(throws: PolicyRequestError.self) { try TimeWindow(start: "yesterday", end: "2026-11-20T00:00:00Z") }
    }

    @Test func halfOpenWithAnyISOForm() throws {
        let window = try TimeWindow(start: "2026-11-20", end: "2026-11-20T12:00:00.500+01:00")
        #expect(window.startText == "2026-11-20T00:00:00Z")
        #expect(window.endText == "2026-11-20T11:00:00Z")
        #expect(window.contains(eventTime: "2026-11-20T00:00:00Z"))
        #expect(window.contains(eventTime: "2026-11-20T10:59:59Z"))
        #expect(!window.contains(eventTime: "2026-11-20T11:00:00Z"))
        #expect(!window.contains(eventTime: "2026-11-19T23:59:59Z"))
        #expect(window.contains(eventTime: "2026-11-20T10:00:00.123Z"))
    }
}

struct VersionSuffixTests {
    @Test func stripsOnlyDatedSuffixes() {
        let cases: [(String, String?)] = [
            ("GetFunction20150331v2", "GetFunction"), ("ListFunctions20150331", "ListFunctions"),
            ("UpdateFunctionConfiguration20150331v2", "UpdateFunctionConfiguration"),
            ("PublishLayerVersion20181031", "PublishLayerVersion"),
            ("CreateDistribution2020_05_31", "CreateDistribution"), ("GetDistribution2019_03_26", "GetDistribution"),
            ("ListObjectsV2", nil), ("GetFunction2", nil), ("DescribeDBInstances", nil), ("Invoke", nil),
            ("Foov2", nil), ("Get12345678", nil), ("Op20151399", nil), ("X2020_13_01", nil), ("GetObject", nil),
        ]
        for (name, expected) in cases { #expect(VersionSuffix.strip(name) == expected, "\(name)") }
    }
}

struct ARNPatternTests {
    @Test func matchesResourceTypes() {
        let bucket = "arn:${Partition}:s3:::${BucketName}"
        let object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
        let role = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"
        let function = "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}"
        #expect(ARNPattern.matches("arn:aws:s3:::b", pattern: bucket))
        #expect(!ARNPattern.matches("arn:aws:s3:::b/k", pattern: bucket))
        #expect(ARNPattern.matches("arn:aws:s3:::b/a/b/c.txt", pattern: object))
        #expect(!ARNPattern.matches("arn:aws:s3:::b", pattern: object))
        #expect(ARNPattern.matches("arn:aws:iam::111122223333:role/ci/build", pattern: role))
        #expect(!ARNPattern.matches("arn:aws:iam::111122223333:user/alice", pattern: role))
        #expect(ARNPattern.matches("arn:aws:lambda:eu-west-1:111122223333:function:f", pattern: function))
        #expect(ARNPattern.matches("arn:aws:lambda:eu-west-1:111122223333:function:f:prod", pattern: function))
        #expect(!ARNPattern.matches("arn:aws:lambda:eu-west-1:111122223333:layer:f", pattern: function))
    }

    /// An unterminated `${` is literal text (make fuzz's arn harness found it made a phantom
    /// placeholder, so the pattern `${` did not match the text `${`).
    @Test func anUnterminatedPlaceholderIsLiteralText() {
        #expect(ARNPattern.matches("${", pattern: "${"))
        #expect(ARNPattern.matches("arn:aws:s3:::b${x", pattern: "arn:${Partition}:s3:::b${x"))
        #expect(!ARNPattern.matches("arn:aws:s3:::bQx", pattern: "arn:${Partition}:s3:::b${x"))
    }

    /// The matcher takes shortcuts where a placeholder has one possible end (before a `:` or
    /// `/` it cannot hold, or the last one before the last literal); every text of up to seven
    /// bytes over `a`, `b`, `:`, `/` gets the answer of trying every end, for patterns of every
    /// shape.
    @Test func shortcutsAgreeWithTryingEveryEnd() {
        let patterns = [
            "arn:${P}:s3:::${B}/${K}", "${A}", "${A}:${B}", "a${A}b", "${A}/${B}", "a:${A}${B}", "${A}${B}${C}",
            "${A}:", "/${A}", "a/${A}:${B}", ":${A}:${B}", "${A}/", "b${A}a${B}", "${A}::${B}/${C}", "a/b:${A}",
        ]
        let alphabet = Array("ab:/".utf8)
        var texts: [[UInt8]] = [[]]
        var layer: [[UInt8]] = [[]]
        for _ in 0..<7 {
            layer = layer.flatMap { text in alphabet.map { text + [$0] } }
            texts += layer
        }
        for pattern in patterns {
            let compiled = ARNPattern(pattern)
            for text in texts {
                let string = String(decoding: text, as: UTF8.self)
                #expect(compiled.matches(string) == Self.triesEveryEnd(text, compiled), "\(string) against \(pattern)")
            }
        }
    }

    /// The rule of `ARNPattern`'s documentation, searched exhaustively over the compiled
    /// pattern's literals: every end of every placeholder tried, nothing skipped.
    static func triesEveryEnd(_ text: [UInt8], _ pattern: ARNPattern) -> Bool {
        let literals = pattern.literals, last = literals.count - 1
        let slash = pattern.finalAllowsSlash, colon = pattern.finalAllowsColon
        func match(_ at: Int, _ literal: Int) -> Bool {
            let bytes = literals[literal]
            guard text.count - at >= bytes.count, Array(text[at..<(at + bytes.count)]) == bytes else { return false }
            if literal == last { return at + bytes.count == text.count }
            let isFinal = literal == last - 1
            var end = at + bytes.count
            while end < text.count {
                if text[end] == UInt8(ascii: "/") && !(isFinal && slash) { return false }
                if text[end] == UInt8(ascii: ":") && !(isFinal && colon) { return false }
                end += 1
                if match(end, literal + 1) { return true }
            }
            return false
        }
        return match(0, 0)
    }
}

struct PolicyBuilderTests {
    static let resources: [String: [String]] = [
        "s3:GetObject": ["arn:aws:s3:::b/k"], "s3:PutObject": ["arn:aws:s3:::b/k"], "s3:ListAllMyBuckets": ["*"],
        "ec2:DescribeInstances": ["*"], "ec2:DescribeVolumes": ["*"], "execute-api:Invoke": ["*"],
    ]

    @Test func oneStatementPerServiceSortedAndDeterministic() {
        let document = PolicyBuilder.build(resources: Self.resources)
        #expect(document.json == """
            {"Version":"2012-10-17","Statement":[{"Sid":"Ec2","Effect":"Allow","Action":["ec2:DescribeInstances","ec2:DescribeVolumes"],"Resource":"*"},\
            {"Sid":"ExecuteApi","Effect":"Allow","Action":["execute-api:Invoke"],"Resource":"*"},\
            {"Sid":"S3","Effect":"Allow","Action":["s3:ListAllMyBuckets"],"Resource":"*"},\
            {"Sid":"S32","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::b/k"]}]}
            """)
        // The same input, in any order, gives the same bytes.
        let shuffled = Dictionary(uniqueKeysWithValues: Self.resources.shuffled().map { ($0.key, $0.value) })
        #expect(PolicyBuilder.build(resources: shuffled).json == document.json)
        let parsed = try? JSONSerialization.jsonObject(with: Data(document.json.utf8)) as? [String: Any]
        #expect(parsed?["Version"] as? String == "2012-10-17")
    }

    @Test func sizeExcludesWhitespace() {
        let document = PolicyBuilder.build(resources: ["s3:GetObject": ["arn:aws:s3:::my bucket/a b"]])
        #expect(document.size == document.json.count - 2)
    }
}

struct ActionFoldingTests {
    /// Every EC2 Describe action and a few writes: far above the managed-policy limit.
    static var ec2Heavy: [String: [String]] {
        var resources: [String: [String]] = [:]
        for action in ActionCatalogue.shared.actions("ec2", startingWith: "Describe") {
            resources["ec2:" + action.name] = ["*"]
        }
        resources["ec2:RunInstances"] = ["*"]
        resources["ec2:TerminateInstances"] = ["*"]
        return resources
    }

    @Test func foldsIntoSafeWildcardsUntilItFits() {
        let document = PolicyBuilder.build(resources: Self.ec2Heavy)
        #expect(document.size > PolicyBuilder.managedPolicyLimit)
        let result = ActionFolding.fold(document, limit: PolicyBuilder.managedPolicyLimit)
        #expect(result.folded)
        #expect(result.document.size <= PolicyBuilder.managedPolicyLimit)
        // Writes stay exact; no wildcard reaches an action above the level it replaced.
        let actions = result.document.statements.flatMap(\.actions)
        #expect(actions.contains("ec2:RunInstances") && actions.contains("ec2:TerminateInstances"))
        for wildcard in actions where wildcard.hasSuffix("*") {
            let name = String(wildcard.dropFirst(4).dropLast())
            #expect(ActionCatalogue.shared.actions("ec2", startingWith: name).allSatisfy { $0.level <= .read }, "\(wildcard)")
            #expect(result.folds[wildcard]?.isEmpty == false)
        }
    }

    @Test func neverFoldsWhatFits() {
        let document = PolicyBuilder.build(resources: ["s3:GetObject": ["*"], "s3:GetObjectAcl": ["*"]])
        let result = ActionFolding.fold(document, limit: PolicyBuilder.managedPolicyLimit)
        #expect(!result.folded && result.document == document)
    }

    @Test func refusesAWildcardThatWouldGrantWrites() {
        // s3:Put* reaches PutBucketPolicy (permissions management): never folded from two writes.
        let document = PolicyBuilder.build(resources: ["s3:PutObject": ["*"], "s3:PutObjectTagging": ["*"]])
        let result = ActionFolding.fold(document, limit: 10)
        #expect(!result.document.statements.flatMap(\.actions).contains("s3:Put*"))
    }

    @Test func wordPrefixes() {
        #expect(ActionFolding.wordPrefixes("GetObjectVersionAcl") == ["Get", "GetObject", "GetObjectVersion"])
        #expect(ActionFolding.wordPrefixes("GetBucketCORS") == ["Get", "GetBucket"])
        #expect(ActionFolding.wordPrefixes("GET") == [])
    }
}

struct UnusedPermissionsTests {
    @Test func listsGrantedEntriesNoUsedActionMatches() {
        let granted = [
            UnusedPermissions.GrantedPolicy(name: "arn:aws:iam::111122223333:policy/broad", document: [
                "Version": "2012-10-17",
                "Statement": [
                    ["Effect": "Allow", "Action": ["s3:*", "ec2:Describe*", "dynamodb:GetItem", "SQS:SendMessage"], "Resource": "*"],
                    ["Effect": "Deny", "Action": "iam:*", "Resource": "*"],
                    ["Effect": "Allow", "NotAction": "iam:*", "Resource": "*"],
                ],
            ]),
            UnusedPermissions.GrantedPolicy(name: "inline:extra", document: [
                "Statement": ["Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"],
            ]),
        ]
        let unused = UnusedPermissions.report(granted: granted, used: ["s3:GetObject", "sqs:SendMessage"])
        #expect(unused.map(\.action) == ["dynamodb:GetItem", "ec2:Describe*", "kms:Decrypt"])
        #expect(unused.first?.policy == "arn:aws:iam::111122223333:policy/broad")
    }

    @Test func globMatching() {
        #expect(UnusedPermissions.matches("s3:GetObject", pattern: "s3:Get*"))
        #expect(UnusedPermissions.matches("s3:GetObject", pattern: "*"))
        #expect(UnusedPermissions.matches("s3:GetObject", pattern: "S3:getobjec?"))
        #expect(!UnusedPermissions.matches("s3:GetObject", pattern: "s3:Put*"))
    }
}

struct TrailLayoutTests {
    @Test func listsTheWindowsDaysPlusOneInEachRegion() throws {
        let window = try TimeWindow(start: "2026-11-30T22:00:00Z", end: "2026-12-01T06:00:00Z")
        let regions = TrailLayout.regions(requested: ["eu-west-1"], found: ["ap-south-1"])
        #expect(regions == ["eu-west-1", "us-east-1"])
        let prefixes = TrailLayout.dayPrefixes(accountRoot: "AWSLogs/o-abc123/111122223333/CloudTrail/", regions: ["eu-west-1"], window: window)
        #expect(prefixes == [
            "AWSLogs/o-abc123/111122223333/CloudTrail/eu-west-1/2026/11/30/",
            "AWSLogs/o-abc123/111122223333/CloudTrail/eu-west-1/2026/12/01/",
            "AWSLogs/o-abc123/111122223333/CloudTrail/eu-west-1/2026/12/02/",
        ])
    }

    @Test func findsTheAccountInPlainAndOrganizationTrails() {
        let root = TrailLayout.logsRoot(trailPrefix: "/trails/")
        #expect(root == "trails/AWSLogs/")
        let roots = TrailLayout.accountRoots(logsRoot: root, children: [
            "trails/AWSLogs/111122223333/", "trails/AWSLogs/o-abc123/", "trails/AWSLogs/444455556666/",
        ], account: "111122223333")
        #expect(roots == ["trails/AWSLogs/111122223333/CloudTrail/", "trails/AWSLogs/o-abc123/111122223333/CloudTrail/"])
        #expect(TrailLayout.logsRoot(trailPrefix: nil) == "AWSLogs/")
    }

    @Test func digestsAreNotActivity() {
        #expect(TrailLayout.isLogFile("AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/20/111122223333_CloudTrail_eu-west-1_20261120T0835Z_abc.json.gz"))
        #expect(!TrailLayout.isLogFile("AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2026/11/20/x.json.gz"))
        #expect(!TrailLayout.isLogFile("AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/20/"))
    }
}

struct PolicyRequestTests {
    static let base: [String: JSONValue] = [
        "principalArn": "arn:aws:iam::111122223333:role/build-agent",
        "start": "2026-11-01T00:00:00Z", "end": "2026-11-08T00:00:00Z",
    ]
    static func event(_ extra: [String: JSONValue]) -> JSONValue { .object(base.merging(extra) { $1 }) }

    @Test func parsesADirectCall() throws {
        let requests = try PolicyRequest.requests(from: Self.event([
            "source": "s3", "trailBucket": "org-trail", "regions": ["eu-west-1"],
            "apply": ["managedPolicyArn": "arn:aws:iam::111122223333:policy/watchpost/build-agent-least"],
        ]), environment: [:])
        #expect(requests.count == 1)
        #expect(requests[0].source == .s3 && requests[0].trailBucket == "org-trail")
        #expect(requests[0].regions == ["eu-west-1"])
        #expect(requests[0].apply == .managedPolicy(arn: "arn:aws:iam::111122223333:policy/watchpost/build-agent-least"))
        #expect(requests[0].sizeLimit == PolicyBuilder.managedPolicyLimit)
        let inline = try PolicyRequest.requests(from: Self.event(["apply": ["inlinePolicyName": "least"]]), environment: [:])
        #expect(inline[0].sizeLimit == PolicyBuilder.inlineRolePolicyLimit && inline[0].source == .lookupEvents)
    }

    @Test func trailBucketDefaultsToConfiguration() throws {
        let requests = try PolicyRequest.requests(from: Self.event(["source": "s3"]), environment: ["TRAIL_BUCKET": "org-trail"])
        #expect(requests[0].trailBucket == "org-trail")
        // No source: the trail bucket when one is configured, LookupEvents when it is empty.
        #expect(try PolicyRequest.requests(from: Self.event([:]), environment: ["TRAIL_BUCKET": "org-trail"])[0].source == .s3)
        #expect(try PolicyRequest.requests(from: Self.event([:]), environment: ["TRAIL_BUCKET": ""])[0].source == .lookupEvents)
        #expect(throws: PolicyRequestError.missingTrailBucket) {
            try PolicyRequest.requests(from: Self.event(["source": "s3"]), environment: [:])
        }
    }

    @Test func rejectsBadInput() {
        let bad: [JSONValue] = [
            Self.event(["principalArn": "arn:aws:iam::111122223333:root"]),
            Self.event(["end": "2026-10-01T00:00:00Z"]),
            Self.event(["start": "2026-01-01T00:00:00Z", "source": "lookup-events"]),
            Self.event(["source": "cloudwatch-logs"]),
            Self.event(["apply": ["managedPolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"]]),
            Self.event(["apply": ["managedPolicyArn": "arn:aws:iam::111122223333:policy/ci-admin"]]),
            Self.event(["apply": ["managedPolicyArn": "arn:aws:iam::111122223333:policy/team/watchpost/p"]]),
            Self.event(["apply": ["managedPolicyArn": "arn:aws:iam::111122223333:policy/p", "inlinePolicyName": "x"]]),
            Self.event(["regions": "eu-west-1"]),
            ["detail-type": "Object Created", "source": "aws.s3"],
            "just a string",
        ]
        for event in bad {
            #expect(throws: PolicyRequestError.self, "\(event)") { try PolicyRequest.requests(from: event, environment: [:]) }
        }
        // Over 90 days is fine for the trail bucket.
        #expect(throws: Never.self) {
            try PolicyRequest.requests(from: Self.event(["start": "2026-01-01T00:00:00Z", "source": "s3", "trailBucket": "t"]), environment: [:])
        }
    }

    @Test func scheduledRunsEveryConfiguredPrincipal() throws {
        let event: JSONValue = [
            "version": "0", "id": "5b1e5c5e-1111-2222-3333-444455556666", "detail-type": "Scheduled Event",
            "source": "aws.events", "account": "111122223333", "time": "2026-11-20T06:00:00Z", "region": "eu-west-1",
            "resources": ["arn:aws:events:eu-west-1:111122223333:rule/policy-generator-weekly"], "detail": [:],
        ]
        let requests = try PolicyRequest.requests(from: event, environment: [
            "POLICY_PRINCIPALS": "arn:aws:iam::111122223333:role/a, arn:aws:iam::111122223333:user/b",
            "POLICY_WINDOW_DAYS": "14",
        ])
        #expect(requests.map(\.principal.name) == ["a", "b"])
        #expect(requests[0].window.startText == "2026-11-06T06:00:00Z" && requests[0].window.endText == "2026-11-20T06:00:00Z")
        #expect(throws: PolicyRequestError.self) { try PolicyRequest.requests(from: event, environment: [:]) }
    }

    /// A schedule reads its source and regions from the environment: POLICY_SOURCE over the
    /// default (the trail bucket when TRAIL_BUCKET is set, else LookupEvents), POLICY_REGIONS as a
    /// comma-separated list (empty: every region), and an unknown source refused by name.
    @Test func scheduledSourceAndRegionsComeFromTheEnvironment() throws {
        let event: JSONValue = ["detail-type": "Scheduled Event", "source": "aws.events", "time": "2026-11-20T06:00:00Z"]
        let principal = ["POLICY_PRINCIPALS": "arn:aws:iam::111122223333:role/a"]
        let defaults = try PolicyRequest.requests(from: event, environment: principal)[0]
        #expect((defaults.source, defaults.regions) == (.lookupEvents, nil))
        let withTrail = try PolicyRequest.requests(from: event, environment: principal.merging(["TRAIL_BUCKET": "org-trail"]) { $1 })[0]
        #expect((withTrail.source, withTrail.trailBucket) == (.s3, "org-trail"))
        let chosen = try PolicyRequest.requests(from: event, environment: principal.merging([
            "TRAIL_BUCKET": "org-trail", "POLICY_SOURCE": "lookup-events", "POLICY_REGIONS": "eu-west-1,us-east-1",
        ]) { $1 })[0]
        #expect((chosen.source, chosen.regions) == (.lookupEvents, ["eu-west-1", "us-east-1"]))
        #expect(try PolicyRequest.requests(from: event, environment: principal.merging(["POLICY_REGIONS": ""]) { $1 })[0].regions == nil)
        #expect(throws: PolicyRequestError.invalidSource("POLICY_SOURCE \"cloudwatch-logs\": expected \"lookup-events\", \"s3\" or \"athena\"")) {
            try PolicyRequest.requests(from: event, environment: principal.merging(["POLICY_SOURCE": "cloudwatch-logs"]) { $1 })
        }
    }
}

struct ResourceGeneralizationTests {
    @Test func widensOneContainerToItsCommonFolder() {
        #expect(ResourceGeneralization.generalize([
            "arn:aws:s3:::orders/2026/10/a.json", "arn:aws:s3:::orders/2026/11/b.json", "arn:aws:s3:::logs/x",
            "arn:aws:sns:eu-west-1:111122223333:alerts",
        ]) == ["arn:aws:s3:::logs/x", "arn:aws:s3:::orders/2026/*", "arn:aws:sns:eu-west-1:111122223333:alerts"])
        #expect(ResourceGeneralization.generalize(["arn:aws:s3:::b/a1", "arn:aws:s3:::b/a2"]) == ["arn:aws:s3:::b/*"])
        #expect(ResourceGeneralization.generalize(["*", "arn:aws:s3:::b/a1"]) == ["*"])
    }

    @Test func keepsMemoryFlatForManyObjects() throws {
        let principal = try Principal(arn: TestRecords.roleARN)
        var activity = Activity(principal: principal, window: try TimeWindow(start: "2026-11-20", end: "2026-11-21"), regions: nil)
        for n in 0..<2_000 {
            activity.add(TestRecords.record("s3.amazonaws.com", "GetObject", parameters: ["bucketName": "orders", "key": "in/\(n).json"]))
        }
        #expect(activity.resources["s3:GetObject"] == ["arn:aws:s3:::orders/in/*"])
    }

    @Test func anOversizedPolicyIsWidenedAndSaysSo() throws {
        let principal = try Principal(arn: TestRecords.roleARN)
        let window = try TimeWindow(start: "2026-11-20", end: "2026-11-21")
        var activity = Activity(principal: principal, window: window, regions: nil)
        for n in 0..<200 {
            activity.add(TestRecords.record("s3.amazonaws.com", "GetObject", parameters: ["bucketName": "orders", "key": "in/2026/object-\(n).json"]))
        }
        let report = PolicyReport(request: try PolicyRequest(principal: principal, window: window, source: .lookupEvents),
                                  activity: activity, granted: [])
        #expect(report.resources["s3:GetObject"]?.count == 200)
        #expect(report.policy.statements.map(\.resources) == [["arn:aws:s3:::orders/in/2026/*"]])
        #expect(report.size.folded && report.size.characters <= report.size.limit)
    }
}
