import PolicyGenerationCore
import AWSClient
import FoundationEssentials
import SecurityEvents
import Primitives

/// Reads the principal's activity from where CloudTrail keeps it, one file or page at a time,
/// into an `Activity`: the only state that grows is the aggregates.
struct ActivitySources {
    let client: AWSClient

    /// Where the activity could not be read completely: the policy would be missing actions.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A failed call as one readable line for the error message: an HTML error page in the
    /// answer (an emulator's or a proxy's 500) becomes its text, tags dropped, at most 200 characters.
    static func readable(_ error: any Error) -> String {
        let text = String(describing: error)
        let lowered = text.lowercased()
        guard lowered.contains("<html") || lowered.contains("<!doctype") else { return text }
        var plain = "", inTag = false
        for character in text {
            if character == "<" { inTag = true; plain.append(" ") }
            else if character == ">" { inTag = false }
            else if !inTag { plain.append(character) }
        }
        let words = plain.split(whereSeparator: { $0.isWhitespace })
        let line = words.joined(separator: " ")
        return line.count > 200 ? String(line.prefix(197)) + "..." : line
    }

    /// The trail's bucket, on every core (`TrailReader`). Returns how many log files were read.
    func readTrailBucket(_ request: PolicyRequest, into activity: inout Activity) async throws -> Int {
        guard let bucket = request.trailBucket else { throw PolicyRequestError.missingTrailBucket }
        let s3: S3
        do {
            s3 = client.inRegion(try await client.s3.bucketRegion(bucket)).s3
        } catch {
            throw Failure(description: "trail bucket \(bucket): \(Self.readable(error))")
        }
        return try await TrailReader(store: S3TrailStore(s3: s3, bucket: bucket)).read(request, into: &activity)
    }

    /// CloudTrail `LookupEvents` (management events, 90 days), in each requested region plus
    /// us-east-1 (or every enabled region): every page, in order. AWS allows
    /// about two calls a second; the client retries throttling, and past its retries this
    /// waits and asks for the same page again until the invocation's deadline.
    /// Returns how many pages were read.
    func lookUpEvents(_ request: PolicyRequest, into activity: inout Activity, deadline: ContinuousClock.Instant) async throws -> Int {
        let requested: Set<String>
        if let regions = request.regions { requested = regions } else { requested = await enabledRegions() }
        let regions = requested.union([GlobalServices.region]).sorted()
        // A user's events can be asked for by name; a role's carry the session name instead.
        let attribute = request.principal.kind == .user ? (key: "Username", value: request.principal.name) : nil
        var pages = 0
        for region in regions {
            let trail = client.inRegion(region).cloudTrail
            var token: String?
            repeat {
                let page = try await pageWithBackoff(deadline: deadline) {
                    try await trail.lookupEvents(attribute: attribute, start: request.window.start,
                                                 end: request.window.end, nextToken: token)
                }
                for (position, event) in page.events.enumerated() {
                    do {
                        activity.add(try Array(event.utf8).withUnsafeBufferPointer { bytes throws(TrailFileScanner.Error) in
                            try TrailRecordParser.parse(bytes, 0..<bytes.count)
                        })
                    } catch {
                        activity.addUnreadable(source: "LookupEvents \(region) page \(pages + 1)", record: position + 1, reason: error.description)
                    }
                }
                token = page.nextToken
                pages += 1
            } while token != nil
        }
        return pages
    }

    /// Every region enabled for the account (EC2 DescribeRegions), or this client's region
    /// when they cannot be listed.
    private func enabledRegions() async -> Set<String> {
        guard let root = try? await client.query(.EC2.describeRegions) else { return [client.region] }
        let names = (root.child("regionInfo")?.children("item") ?? []).compactMap { $0.value("regionName") }
        return names.isEmpty ? [client.region] : Set(names)
    }

    private func pageWithBackoff<T>(deadline: ContinuousClock.Instant,
                                    _ call: () async throws -> T) async throws -> T {
        var wait = Duration.seconds(1)
        while true {
            do {
                return try await call()
            } catch let error as AWSError where error.isThrottling {
                guard ContinuousClock.now + wait < deadline else {
                    throw Failure(description: "LookupEvents still throttled at the invocation's deadline: \(Self.readable(error))")
                }
                try await Task.sleep(for: wait)
                wait = min(wait * 2, .seconds(16))
            } catch {
                throw Failure(description: "LookupEvents: \(Self.readable(error))")
            }
        }
    }
}

/// What reading the activity calls.
extension ActivitySources {
    /// `lookUpEvents`, in the principal's account: every page, in each region, and the account's
    /// regions when the request names none.
    static let lookupEventsCalls: [AWSCall] = [
        .actedIn(.CloudTrail.lookupEvents, on: "*"),
        .actedIn(.EC2.describeRegions, on: "*"),
    ]

    /// `readTrailBucket`: the organization's trail bucket (`TRAIL_BUCKET`), with the function's own role.
    static let trailBucketCalls: [AWSCall] = [
        .own(.S3.getBucketLocation, on: "arn:{partition}:s3:::{TrailBucket}"),
        .own(.S3.listObjectsV2, on: "arn:{partition}:s3:::{TrailBucket}"),
        .own(.S3.getObject, on: "arn:{partition}:s3:::{TrailBucket}/*"),
    ]
}
