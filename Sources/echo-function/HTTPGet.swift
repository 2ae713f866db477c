import AWSClient
import FoundationEssentials
import LambdaRuntime

#if canImport(Glibc)
import Glibc
#endif

/// `{"httpGet": "http://host:port/path"}`: a real GET through AWSClient's libcurl transport, for
/// the packaging tests (any distribution's libcurl.so.4 must serve) and `make bench` (memory
/// once libcurl is loaded). Answers the status, the body and which libcurl file is mapped.
enum HTTPGet {
    struct InvalidURL: LambdaFunctionError {
        let errorType = "InvalidURL"
        let errorMessage: String
    }

    static func perform(_ url: String) async throws -> [String: String] {
        let request = try request(for: url)
        let response = try await CurlTransport().send(request, timeout: .seconds(10))
        return [
            "status": String(response.status),
            "body": response.bodyText,
            "libcurl": mappedLibcurl() ?? "",
        ]
    }

    /// `scheme://authority/path`; no query strings are needed here.
    static func request(for url: String) throws -> HTTPRequest {
        guard let schemeEnd = url.firstRange(of: "://") else { throw InvalidURL(errorMessage: "no scheme in \(url)") }
        let scheme = String(url[..<schemeEnd.lowerBound])
        let rest = url[schemeEnd.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let host = String(rest[..<slash])
        guard scheme == "http" || scheme == "https", !host.isEmpty else {
            throw InvalidURL(errorMessage: "not an http(s) URL: \(url)")
        }
        return HTTPRequest(method: "GET", scheme: scheme, host: host, path: slash == rest.endIndex ? "/" : String(rest[slash...]))
    }

    /// The path of the libcurl this process has mapped, from /proc/self/maps.
    static func mappedLibcurl() -> String? {
        guard let file = fopen("/proc/self/maps", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let path = text.split(separator: " ").last, path.contains("libcurl") { return String(path) }
        }
        return nil
    }
}
