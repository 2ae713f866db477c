import Foundation

/// The function lambda-local plays, and the environment Lambda would give its bootstrap.
struct PlayedFunction {
    /// AWS's documented example account id: ARNs here name no real account.
    static let accountID = "123456789012"

    let name: String
    let region: String
    let bootstrap: URL

    init(bootstrap: URL, caller: [String: String]) {
        self.bootstrap = bootstrap
        let file = bootstrap.lastPathComponent
        let defaultName = file == "bootstrap" ? bootstrap.deletingLastPathComponent().lastPathComponent : file
        name = caller["AWS_LAMBDA_FUNCTION_NAME"] ?? defaultName
        region = caller["AWS_REGION"] ?? caller["AWS_DEFAULT_REGION"] ?? "us-east-1"
    }

    var functionARN: String { "arn:aws:lambda:\(region):\(Self.accountID):function:\(name)" }

    /// The caller's environment (credentials, endpoints, WATCHPOST_* and other settings pass
    /// through), then Lambda's variables where the caller has not set them, then the Runtime
    /// API address, which is always ours.
    func environment(caller: [String: String], runtimeAPI: String) -> [String: String] {
        let directory = bootstrap.deletingLastPathComponent().path
        let lambda: [String: String] = [
            "AWS_LAMBDA_FUNCTION_NAME": name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/\(name)",
            "AWS_LAMBDA_LOG_STREAM_NAME": "lambda-local/[$LATEST]\(UUID().uuidString.lowercased())",
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "_HANDLER": name,
            "LAMBDA_TASK_ROOT": directory,
            "LAMBDA_RUNTIME_DIR": directory,
            "TZ": ":UTC",
        ]
        var environment = caller.merging(lambda) { callers, _ in callers }
        environment["AWS_LAMBDA_RUNTIME_API"] = runtimeAPI
        return environment
    }
}
