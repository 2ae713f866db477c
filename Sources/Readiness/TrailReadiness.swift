import AWSClient

/// What is known about one trail: its description, and what its home region says about its
/// event selectors and logging status.
public struct TrailFacts: Sendable, Equatable {
    public let trail: CloudTrail.Trail
    public let selectors: Fact<CloudTrail.EventSelectors>
    public let isLogging: Fact<Bool>

    public init(trail: CloudTrail.Trail, selectors: Fact<CloudTrail.EventSelectors>, isLogging: Fact<Bool>) {
        self.trail = trail
        self.selectors = selectors
        self.isLogging = isLogging
    }
}

/// The CloudTrail checks: every function reads CloudTrail (EventBridge rules on its events,
/// policy-generator's records), and only a multi-region trail sees what happens in the regions
/// nobody watches.
public enum TrailReadiness {
    /// Which management events a trail's selectors deliver.
    public enum ManagementEvents: Sendable, Equatable {
        case none, readOnly, writeOnly, all
    }

    public static func managementEvents(_ selectors: CloudTrail.EventSelectors) -> ManagementEvents {
        // A trail nobody configured has AWS's default selector (all management events); moto
        // reports it as no selectors at all.
        if selectors.basic.isEmpty && selectors.advanced.isEmpty { return .all }
        var reads = false
        var writes = false
        for selector in selectors.basic where selector.includeManagementEvents {
            reads = reads || selector.readWriteType != "WriteOnly"
            writes = writes || selector.readWriteType != "ReadOnly"
        }
        for selector in selectors.advanced where field(selector, "eventCategory")?.equals.contains("Management") == true {
            let readOnly = field(selector, "readOnly")?.equals ?? []
            reads = reads || readOnly.isEmpty || readOnly.contains("true")
            writes = writes || readOnly.isEmpty || readOnly.contains("false")
        }
        switch (reads, writes) {
        case (true, true): return .all
        case (true, false): return .readOnly
        case (false, true): return .writeOnly
        case (false, false): return .none
        }
    }

    /// Which S3 object-level (data) events a trail's selectors deliver.
    public enum S3DataEvents: Sendable, Equatable {
        case none
        case buckets([String])
        case allBuckets
    }

    public static func s3DataEvents(_ selectors: CloudTrail.EventSelectors) -> S3DataEvents {
        var scopes: [String] = []
        for selector in selectors.basic {
            scopes += selector.dataResources.filter { $0.type == "AWS::S3::Object" }.flatMap(\.values)
        }
        for selector in selectors.advanced
        where field(selector, "eventCategory")?.equals.contains("Data") == true
            && field(selector, "resources.type")?.equals.contains("AWS::S3::Object") == true {
            let arns = field(selector, "resources.ARN")
            let limits = (arns?.equals ?? []) + (arns?.startsWith ?? [])
            scopes += limits.isEmpty ? ["arn:aws:s3"] : limits
        }
        if scopes.isEmpty { return .none }
        // "arn:<partition>:s3" or "arn:<partition>:s3:::" selects every bucket.
        if scopes.contains(where: { $0.split(separator: ":", omittingEmptySubsequences: false).count <= 3 || $0.hasSuffix(":::") }) {
            return .allBuckets
        }
        return .buckets(scopes)
    }

    /// One trail's verdict as the account's management-events trail.
    public static func verdict(_ facts: TrailFacts) -> CheckResult {
        let trail = facts.trail
        let name = "trail \(trail.name)"
        let selectors: CloudTrail.EventSelectors
        let isLogging: Bool
        switch (facts.selectors, facts.isLogging) {
        case (.success(let s), .success(let l)):
            selectors = s
            isLogging = l
        case (.failure(let failure), _), (_, .failure(let failure)):
            return CheckResult("cloudtrail", scope: "account", .fail, "\(name): could not read it: \(failure.summary)",
                               fix: failure.fix(allowing: "cloudtrail:GetEventSelectors and cloudtrail:GetTrailStatus"))
        }
        guard trail.isMultiRegion else {
            return CheckResult("cloudtrail", scope: "account", .fail,
                               "\(name) logs \(trail.homeRegion) only: calls in other regions go unseen",
                               fix: "aws cloudtrail update-trail --name \(trail.arn) --is-multi-region-trail --region \(trail.homeRegion)")
        }
        guard isLogging else {
            return CheckResult("cloudtrail", scope: "account", .fail, "\(name) is not logging",
                               fix: "aws cloudtrail start-logging --name \(trail.arn) --region \(trail.homeRegion)")
        }
        let where_ = "\(name) (multi-region, home \(trail.homeRegion))"
        let allManagementEvents = "aws cloudtrail put-event-selectors --trail-name \(trail.arn) --region \(trail.homeRegion)"
            + #" --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'"#
            + " (keep any data event selectors it has)"
        switch managementEvents(selectors) {
        case .all:
            return CheckResult("cloudtrail", scope: "account", .pass, "\(where_) logs all management events")
        case .writeOnly:
            return CheckResult("cloudtrail", scope: "account", .warn,
                               "\(where_) logs write management events only: policy-generator misses read calls",
                               fix: allManagementEvents)
        case .readOnly:
            return CheckResult("cloudtrail", scope: "account", .fail,
                               "\(where_) logs read management events only: access changes go unseen", fix: allManagementEvents)
        case .none:
            return CheckResult("cloudtrail", scope: "account", .fail, "\(where_) logs no management events", fix: allManagementEvents)
        }
    }

    /// The account's best trail for management events, or how to get one.
    public static func managementTrail(_ trails: Fact<[TrailFacts]>) -> CheckResult {
        switch trails {
        case .failure(let failure):
            return CheckResult("cloudtrail", scope: "account", .fail, "could not list trails: \(failure.summary)",
                               fix: failure.fix(allowing: "cloudtrail:DescribeTrails"))
        case .success(let trails):
            guard let best = bestTrail(trails) else {
                return CheckResult("cloudtrail", scope: "account", .fail, "no trail: management events are not recorded",
                                   fix: "aws cloudtrail create-trail --name watchpost --s3-bucket-name <bucket> --is-multi-region-trail"
                                       + " && aws cloudtrail start-logging --name watchpost")
            }
            return verdict(best)
        }
    }

    /// policy-generator's `TRAIL_BUCKET`: a working trail must deliver there, and the bucket
    /// must answer.
    public static func trailBucket(_ bucket: String?, trails: Fact<[TrailFacts]>, bucketRegion: Fact<String>?) -> CheckResult {
        let known = (try? trails.get()) ?? []
        let suggestion = bestTrail(known).flatMap { facts in
            facts.trail.s3BucketName.map { " (trail \(facts.trail.name) delivers to \($0))" }
        } ?? ""
        guard let bucket else {
            return CheckResult("trail-bucket", scope: "account", .skip,
                               "TRAIL_BUCKET not set: policy-generator reads LookupEvents (90 days of management events, "
                                   + "no data events)" + suggestion)
        }
        if case .failure(let failure)? = bucketRegion {
            return CheckResult("trail-bucket", scope: bucket, .fail, "the bucket does not answer: \(failure.summary)",
                               fix: failure.code == "NoSuchBucket" ? "set TRAIL_BUCKET (the stack's TrailBucket) to the trail's bucket" + suggestion
                                   : failure.fix(allowing: "s3:GetBucketLocation"))
        }
        let delivering = known.filter { $0.trail.s3BucketName == bucket }
        guard let trail = bestTrail(delivering) else {
            return CheckResult("trail-bucket", scope: bucket, .fail, "no trail delivers to this bucket",
                               fix: "set TRAIL_BUCKET (the stack's TrailBucket) to the trail's bucket" + suggestion)
        }
        let verdict = verdict(trail)
        guard verdict.status != .fail else {
            return CheckResult("trail-bucket", scope: bucket, .fail, "the trail delivering here is not ready: \(verdict.detail)",
                               fix: verdict.fix)
        }
        let region = (try? bucketRegion?.get()).map { " (bucket in \($0))" } ?? ""
        return CheckResult("trail-bucket", scope: bucket, .pass, "trail \(trail.trail.name) delivers here\(region)")
    }

    /// Object-level S3 events, when the team wants them (`S3_DATA_EVENTS=true`).
    public static func dataEvents(wanted: Bool, trails trailFacts: Fact<[TrailFacts]>) -> CheckResult {
        guard wanted else {
            return CheckResult("s3-data-events", scope: "account", .skip,
                               "S3_DATA_EVENTS not set: object reads and writes are not required")
        }
        let trails: [TrailFacts]
        switch trailFacts {
        case .success(let all): trails = all
        case .failure(let failure):
            return CheckResult("s3-data-events", scope: "account", .fail, "could not list trails: \(failure.summary)",
                               fix: failure.fix(allowing: "cloudtrail:DescribeTrails"))
        }
        let logging = trails.filter { (try? $0.isLogging.get()) == true }
        var some: (trail: String, buckets: [String])?
        for facts in logging {
            guard case .success(let selectors) = facts.selectors else { continue }
            switch s3DataEvents(selectors) {
            case .allBuckets:
                return CheckResult("s3-data-events", scope: "account", .pass,
                                   "trail \(facts.trail.name) logs S3 object events for every bucket")
            case .buckets(let buckets):
                some = some ?? (facts.trail.name, buckets)
            case .none:
                continue
            }
        }
        let trailName = bestTrail(trails)?.trail.arn ?? "<trail>"
        let fix = "aws cloudtrail put-event-selectors --trail-name \(trailName) --advanced-event-selectors "
            + #"'[{"Name":"Management","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},"#
            + #"{"Name":"S3 objects","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},"#
            + #"{"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]'"#
        if let some {
            return CheckResult("s3-data-events", scope: "account", .warn,
                               "trail \(some.trail) logs S3 object events for \(some.buckets.joined(separator: ", ")) only", fix: fix)
        }
        return CheckResult("s3-data-events", scope: "account", .fail, "no logging trail records S3 object events", fix: fix)
    }

    /// The trail that comes closest to ready: pass, then warn, then fail; multi-region first.
    static func bestTrail(_ trails: [TrailFacts]) -> TrailFacts? {
        let rank: [CheckResult.Status: Int] = [.pass: 0, .warn: 1, .fail: 2, .skip: 3]
        return trails.enumerated().min { a, b in
            let ra = (rank[verdict(a.element).status]!, a.element.trail.isMultiRegion ? 0 : 1, a.offset)
            let rb = (rank[verdict(b.element).status]!, b.element.trail.isMultiRegion ? 0 : 1, b.offset)
            return ra < rb
        }?.element
    }

    private static func field(_ selector: CloudTrail.EventSelectors.AdvancedSelector, _ name: String)
        -> CloudTrail.EventSelectors.AdvancedSelector.Field? {
        selector.fields.first { $0.field == name }
    }
}
