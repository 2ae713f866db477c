import PolicyGenerationCore
import AWSClient
import FoundationEssentials
import Glibc
import SecurityEvents
import Primitives

/// `policy-generator --trail-dir <dir> <event.json>`: the same core on a trail copied to
/// local files (the bucket's layout under `<dir>`), printing the report. For developers and
/// `make bench`; a Lambda invocation never passes arguments.
public enum LocalTrail {
    public static func runIfRequested(_ arguments: [String]) async -> Int32? {
        guard arguments.count == 4, arguments[1] == "--trail-dir" else { return nil }
        do {
            let event = try JSONValueFile(value: JSONValue(parsing: Array(try Data(contentsOf: URL(filePath: arguments[3])))))
            let requests = try PolicyRequest.requests(from: event.value, environment: ProcessInfo.processInfo.environment)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            for request in requests {
                var activity = Activity(principal: request.principal, window: request.window, regions: request.regions)
                _ = try await TrailReader(store: LocalTrailStore(root: arguments[2])).read(request, into: &activity)
                let report = PolicyReport(request: request, activity: activity, granted: [])
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            }
            return 0
        } catch {
            FileHandleStandardError.write("policy-generator: \(error)\n")
            return 1
        }
    }
}

/// A copy of the trail bucket's layout under a local directory.
struct LocalTrailStore: TrailStore {
    let directory: String

    init(root: String) {
        directory = root.hasSuffix("/") ? root : root + "/"
    }

    func folders(under prefix: String) async throws(ActivitySources.Failure) -> [String] {
        entries(prefix).map { prefix + $0 + "/" }
    }

    func files(in prefix: String) async throws(ActivitySources.Failure) -> [String] {
        entries(prefix).map { prefix + $0 }
    }

    func contents(of key: String) async throws(ActivitySources.Failure) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(filePath: directory + key)))
        } catch {
            throw ActivitySources.Failure(description: "reading \(source(of: key)): \(error)")
        }
    }

    func source(of key: String) -> String { directory + key }

    /// A missing folder holds nothing, as an S3 prefix with no keys.
    private func entries(_ prefix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + prefix)) ?? []).sorted()
    }
}

/// Any JSON document, as the event file holds it.
private struct JSONValueFile {
    let value: JSONValue
}

private enum FileHandleStandardError {
    static func write(_ text: String) {
        _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
    }
}
