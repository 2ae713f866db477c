import AWSClient
import Testing
@testable import Readiness

typealias Selectors = CloudTrail.EventSelectors
typealias Selector = CloudTrail.EventSelectors.Selector
typealias Advanced = CloudTrail.EventSelectors.AdvancedSelector

let management = Advanced(fields: [.init(field: "eventCategory", equals: ["Management"])])
let s3Objects = Advanced(fields: [.init(field: "eventCategory", equals: ["Data"]), .init(field: "resources.type", equals: ["AWS::S3::Object"])])

func trail(_ name: String = "main", multiRegion: Bool = true, bucket: String? = "trail-logs", home: String = "us-east-1") -> CloudTrail.Trail {
    CloudTrail.Trail(name: name, arn: "arn:aws:cloudtrail:\(home):111122223333:trail/\(name)", homeRegion: home,
                     s3BucketName: bucket, isMultiRegion: multiRegion)
}

func facts(_ trail: CloudTrail.Trail, _ selectors: Selectors = Selectors(), logging: Bool = true) -> TrailFacts {
    TrailFacts(trail: trail, selectors: .success(selectors), isLogging: .success(logging))
}

let denied = CallFailure(operation: "CloudTrail GetEventSelectors", code: "AccessDeniedException", httpStatus: 400)

@Suite("CloudTrail: a multi-region trail with management events, its bucket, S3 data events")
struct TrailReadinessTests {
    @Test(arguments: [
        (Selectors(), TrailReadiness.ManagementEvents.all),
        (Selectors(basic: [Selector()]), .all),
        (Selectors(basic: [Selector(readWriteType: "WriteOnly")]), .writeOnly),
        (Selectors(basic: [Selector(readWriteType: "ReadOnly"), Selector(readWriteType: "WriteOnly")]), .all),
        (Selectors(basic: [Selector(includeManagementEvents: false,
                                    dataResources: [.init(type: "AWS::S3::Object", values: ["arn:aws:s3"])])]), .none),
        (Selectors(advanced: [management]), .all),
        (Selectors(advanced: [Advanced(fields: management.fields + [.init(field: "readOnly", equals: ["false"])])]), .writeOnly),
        (Selectors(advanced: [Advanced(fields: management.fields + [.init(field: "readOnly", equals: ["true"])])]), .readOnly),
        (Selectors(advanced: [s3Objects]), .none),
    ] as [(Selectors, TrailReadiness.ManagementEvents)])
    func managementEvents(selectors: Selectors, expected: TrailReadiness.ManagementEvents) {
        #expect(TrailReadiness.managementEvents(selectors) == expected)
    }

    @Test(arguments: [
        (Selectors(), TrailReadiness.S3DataEvents.none),
        (Selectors(basic: [Selector(dataResources: [.init(type: "AWS::S3::Object", values: ["arn:aws:s3"])])]), .allBuckets),
        (Selectors(basic: [Selector(dataResources: [.init(type: "AWS::S3::Object", values: ["arn:aws:s3:::"])])]), .allBuckets),
        (Selectors(basic: [Selector(dataResources: [.init(type: "AWS::S3::Object", values: ["arn:aws:s3:::site/"])])]),
         .buckets(["arn:aws:s3:::site/"])),
        (Selectors(basic: [Selector(dataResources: [.init(type: "AWS::Lambda::Function", values: ["arn:aws:lambda"])])]), .none),
        (Selectors(advanced: [management, s3Objects]), .allBuckets),
        (Selectors(advanced: [Advanced(fields: s3Objects.fields + [.init(field: "resources.ARN", startsWith: ["arn:aws:s3:::site/"])])]),
         .buckets(["arn:aws:s3:::site/"])),
    ] as [(Selectors, TrailReadiness.S3DataEvents)])
    func s3DataEvents(selectors: Selectors, expected: TrailReadiness.S3DataEvents) {
        #expect(TrailReadiness.s3DataEvents(selectors) == expected)
    }

    @Test(arguments: [
        ([], CheckResult.Status.fail, "no trail", "create-trail"),
        ([facts(trail())], .pass, "trail main (multi-region, home us-east-1) logs all management events", nil),
        ([facts(trail(multiRegion: false))], .fail, "logs us-east-1 only", "--is-multi-region-trail"),
        ([facts(trail(), logging: false)], .fail, "is not logging", "start-logging"),
        ([facts(trail(), Selectors(basic: [Selector(readWriteType: "WriteOnly")]))], .warn, "write management events only",
         #""ReadWriteType":"All""#),
        ([facts(trail(), Selectors(basic: [Selector(includeManagementEvents: false)]))], .fail, "no management events",
         "put-event-selectors"),
        ([TrailFacts(trail: trail(), selectors: .failure(denied), isLogging: .success(true))], .fail, "AccessDeniedException",
         "cloudtrail:GetEventSelectors"),
        // The best trail decides: a working one beside a broken one passes.
        ([facts(trail("local", multiRegion: false)), facts(trail("org"))], .pass, "trail org", nil),
    ] as [([TrailFacts], CheckResult.Status, String, String?)])
    func managementTrail(trails: [TrailFacts], status: CheckResult.Status, detail: String, fix: String?) {
        let result = TrailReadiness.managementTrail(.success(trails))
        #expect(result.status == status)
        #expect(result.detail.contains(detail))
        if let fix { #expect(result.fix?.contains(fix) == true) } else { #expect(result.fix == nil) }
    }

    @Test func unlistableTrailsFailWithTheCode() {
        let failure = CallFailure(operation: "CloudTrail DescribeTrails", code: "AccessDeniedException", httpStatus: 400)
        for result in [TrailReadiness.managementTrail(.failure(failure)), TrailReadiness.dataEvents(wanted: true, trails: .failure(failure))] {
            #expect(result.status == .fail)
            #expect(result.detail == "could not list trails: CloudTrail DescribeTrails: AccessDeniedException (HTTP 400)")
        }
    }

    @Test(arguments: [
        (nil, [facts(trail())], nil, CheckResult.Status.skip, "(trail main delivers to trail-logs)"),
        ("trail-logs", [facts(trail())], .success("eu-west-1"), .pass, "trail main delivers here (bucket in eu-west-1)"),
        ("other", [facts(trail())], .success("us-east-1"), .fail, "no trail delivers to this bucket"),
        ("trail-logs", [facts(trail(), logging: false)], .success("us-east-1"), .fail, "not ready: trail main is not logging"),
        ("gone", [facts(trail())], .failure(CallFailure(operation: "S3 GetBucketLocation", code: "NoSuchBucket", httpStatus: 404)),
         .fail, "S3 GetBucketLocation: NoSuchBucket"),
    ] as [(String?, [TrailFacts], Fact<String>?, CheckResult.Status, String)])
    func trailBucket(bucket: String?, trails: [TrailFacts], region: Fact<String>?, status: CheckResult.Status, detail: String) {
        let result = TrailReadiness.trailBucket(bucket, trails: .success(trails), bucketRegion: region)
        #expect(result.status == status)
        #expect(result.detail.contains(detail))
    }

    @Test func wrongBucketSuggestsTheTrailsOwn() {
        let result = TrailReadiness.trailBucket("other", trails: .success([facts(trail())]), bucketRegion: .success("us-east-1"))
        #expect(result.fix == "set TRAIL_BUCKET (the stack's TrailBucket) to the trail's bucket (trail main delivers to trail-logs)")
    }

    @Test(arguments: [
        (false, [facts(trail())], CheckResult.Status.skip),
        (true, [facts(trail())], .fail),
        (true, [facts(trail(), Selectors(advanced: [management, s3Objects]))], .pass),
        (true, [facts(trail(), Selectors(advanced: [management, s3Objects]), logging: false)], .fail),
        (true, [facts(trail(), Selectors(basic: [Selector(dataResources: [.init(type: "AWS::S3::Object", values: ["arn:aws:s3:::a/"])])]))],
         .warn),
    ] as [(Bool, [TrailFacts], CheckResult.Status)])
    func dataEvents(wanted: Bool, trails: [TrailFacts], status: CheckResult.Status) {
        let result = TrailReadiness.dataEvents(wanted: wanted, trails: .success(trails))
        #expect(result.status == status)
        if status == .fail || status == .warn {
            #expect(result.fix?.contains("--trail-name arn:aws:cloudtrail:us-east-1:111122223333:trail/main") == true)
            #expect(result.fix?.contains(#"{"Field":"eventCategory","Equals":["Management"]}"#) == true)
        }
    }
}
