import Foundation

public enum Python {
    /// The interpreter the tests run: WATCHPOST_PYTHON (the Makefile sets it to the project's
    /// .venv), else `.venv/bin/python3` under the package root, else `python3` on PATH. The
    /// venv holds the pinned moto and boto3 (requirements/test.txt); the system Python may not.
    public static let interpreter: String = {
        if let configured = ProcessInfo.processInfo.environment["WATCHPOST_PYTHON"], !configured.isEmpty {
            return configured
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let venv = root.appendingPathComponent(".venv/bin/python3").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }()

    /// A process that runs the interpreter with these arguments.
    public static func process(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter] + arguments
        return process
    }

    /// SIGTERM, then SIGKILL after two seconds: a server thread holding a kept-alive
    /// connection (our pooled libcurl handles keep them) would otherwise delay its exit.
    public static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

public enum Run {
    public static func python(_ arguments: [String]) throws -> String {
        let process = Python.process(arguments)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "python", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: String(decoding: errors, as: UTF8.self)])
        }
        return String(decoding: data, as: UTF8.self)
    }
}

public enum FreePort {
    public static func pick() throws -> Int {
        Int(try Run.python(["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"])
            .trimmingCharacters(in: .whitespacesAndNewlines))!
    }
}

public struct SetupError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
