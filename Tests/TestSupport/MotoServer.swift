import Foundation
import XCTest

import AWSClient

/// moto in server mode on a free loopback port, started for a test case and stopped after it.
/// What our client did is checked with boto3 (`Boto.call`), an independent client.
public final class MotoServer: @unchecked Sendable {
    public static let exampleKeyID = "AKIAIOSFODNN7EXAMPLE"
    public static let exampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    public let port: Int
    private let process: Process
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    public init() throws {
        port = try FreePort.pick()
        process = Python.process(["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? Run.python(["-c", "import urllib.request; urllib.request.urlopen('\(endpoint)/moto-api/', timeout=1)"])) != nil {
                return
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        stop()
        throw SetupError(message: "moto server did not answer on port \(port) within 30 s")
    }

    public func stop() {
        Python.stop(process)
    }

    deinit { stop() }

    public var environment: [String: String] {
        ["AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": Self.exampleKeyID, "AWS_SECRET_ACCESS_KEY": Self.exampleSecret,
         "AWS_REGION": "us-east-1", "HOME": "/nonexistent"]
    }

    public func client(_ extra: [String: String] = [:]) throws -> AWSClient {
        try AWSClient(environment: environment.merging(extra) { $1 })
    }

    /// From now on moto verifies signatures and permissions (create the keys to use first).
    public func enableAuthentication() throws {
        _ = try Run.python(["-c", """
            import urllib.request
            urllib.request.urlopen(urllib.request.Request('\(endpoint)/moto-api/reset-auth', data=b'0',
                method='POST', headers={'Content-Type': 'text/plain'}))
            """])
    }
}
