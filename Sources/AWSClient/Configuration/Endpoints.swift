/// Where a request goes: the standard `https://{service}.{region}.amazonaws.com` forms, or the
/// overrides the AWS SDKs define — `AWS_ENDPOINT_URL_<SERVICE_ID>`, then `AWS_ENDPOINT_URL`,
/// both ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`.
struct Endpoints: Sendable {
    struct Endpoint: Sendable, Equatable {
        var scheme: String
        var host: String
        /// A path prefix from an override URL ("" for AWS's own endpoints).
        var basePath: String
        var signingRegion: String
        /// Under an override, S3 addresses buckets by path, as the SDKs do.
        var isOverride: Bool
    }

    private let overrides: [String: String]
    private let globalOverride: String?

    init(environment: [String: String]) {
        if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true" {
            overrides = [:]
            globalOverride = nil
        } else {
            overrides = environment.filter { $0.key.hasPrefix("AWS_ENDPOINT_URL_") && !$0.value.isEmpty }
            globalOverride = environment["AWS_ENDPOINT_URL"].flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    func endpoint(for service: AWSService, region: String) throws(AWSClientError) -> Endpoint {
        if let url = overrides["AWS_ENDPOINT_URL_\(service.environmentID)"] ?? globalOverride {
            return try Self.parse(url, signingRegion: service.globalEndpoint?.signingRegion ?? region)
        }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        if let global = service.globalEndpoint, !region.hasPrefix("cn-") {
            return Endpoint(scheme: "https", host: global.host, basePath: "", signingRegion: global.signingRegion, isOverride: false)
        }
        return Endpoint(scheme: "https", host: "\(service.endpointPrefix).\(region).\(suffix)", basePath: "",
                        signingRegion: region, isOverride: false)
    }

    /// `scheme://host[:port][/path]`, as given in an override variable.
    static func parse(_ url: String, signingRegion: String) throws(AWSClientError) -> Endpoint {
        guard let schemeEnd = url.firstRange(of: "://") else {
            throw .configuration("endpoint URL '\(url)' has no scheme (expected http:// or https://)")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw .configuration("endpoint URL '\(url)' must use http or https")
        }
        let rest = url[schemeEnd.upperBound...]
        let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let host = String(rest[..<hostEnd])
        guard !host.isEmpty else { throw .configuration("endpoint URL '\(url)' has no host") }
        var basePath = String(rest[hostEnd...])
        while basePath.hasSuffix("/") { basePath.removeLast() }
        return Endpoint(scheme: scheme, host: host, basePath: basePath, signingRegion: signingRegion, isOverride: true)
    }
}
