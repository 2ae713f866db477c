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
                try read(root: arguments[2], request: request, into: &activity)
                let report = PolicyReport(request: request, activity: activity, granted: [])
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            }
            return 0
        } catch {
            FileHandleStandardError.write("policy-generator: \(error)\n")
            return 1
        }
    }

    static func read(root: String, request: PolicyRequest, into activity: inout Activity) throws {
        let files = FileManager.default
        let directory = root.hasSuffix("/") ? root : root + "/"
        let logsRoot = TrailLayout.logsRoot(trailPrefix: request.trailPrefix)
        let children = ((try? files.contentsOfDirectory(atPath: directory + logsRoot)) ?? []).map { logsRoot + $0 + "/" }
        let reader = TrailFileReader(principal: request.principal)
        for accountRoot in TrailLayout.accountRoots(logsRoot: logsRoot, children: children, account: request.principal.account) {
            let found = (try? files.contentsOfDirectory(atPath: directory + accountRoot)) ?? []
            let regions = TrailLayout.regions(requested: request.regions, found: found)
            for prefix in TrailLayout.dayPrefixes(accountRoot: accountRoot, regions: regions, window: request.window) {
                let names = ((try? files.contentsOfDirectory(atPath: directory + prefix)) ?? []).sorted()
                for name in names where TrailLayout.isLogFile(prefix + name) {
                    let compressed = try Data(contentsOf: URL(filePath: directory + prefix + name))
                    reader.read(try Gzip.decompress(Array(compressed), outputLimit: TrailFileReader.maximumFileSize),
                                source: directory + prefix + name, into: &activity)
                }
            }
        }
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
