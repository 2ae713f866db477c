import Foundation

/// A small local HTTP server (Python's http.server) that answers from a script of
/// (status, body) pairs, repeating the last one, and records every request it got.
/// It stands in where moto cannot: throttling and server faults, a Slack webhook.
public final class ScriptedServer: @unchecked Sendable {
    public struct Request: Decodable, Sendable {
        public let method: String
        public let path: String
        public let headers: [String: String]
        public let body: String
    }

    public let port: Int
    private let process = Process()
    private let logFile: URL
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    public init(responses: [(status: Int, body: String)] = [(200, "ok")]) throws {
        port = try FreePort.pick()
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("scripted-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let script = """
            import http.server, json, sys
            responses = json.loads(sys.argv[2])
            log = sys.argv[3]
            count = 0
            class Handler(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def answer(self):
                    global count
                    length = int(self.headers.get("Content-Length") or 0)
                    body = self.rfile.read(length).decode("utf-8", "replace")
                    with open(log, "a") as f:
                        f.write(json.dumps({"method": self.command, "path": self.path,
                                            "headers": dict(self.headers), "body": body}) + "\\n")
                    status, text = responses[min(count, len(responses) - 1)]
                    count += 1
                    data = text.encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "text/xml" if text.startswith("<") else "text/plain")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                do_GET = do_POST = do_PUT = do_DELETE = answer
                def log_message(self, *args): pass
            http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
            """
        let pairs = responses.map { [$0.status, $0.body] as [Any] }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: pairs), as: UTF8.self)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Python.interpreter, "-c", script, String(port), json, logFile.path]
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if (try? Run.python(["-c", "import socket; socket.create_connection(('127.0.0.1', \(port)), timeout=1)"])) != nil { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw SetupError(message: "scripted server did not start on port \(port)")
    }

    /// The requests answered so far, in order.
    public var requests: [Request] {
        let lines = ((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").split(separator: "\n")
        return lines.compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    public func stop() {
        Python.stop(process)
        try? FileManager.default.removeItem(at: logFile)
    }

    deinit { stop() }
}
