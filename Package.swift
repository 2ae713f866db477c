// swift-tools-version:6.0
// watchpost: security automation for AWS as small Lambda functions.
// No package dependencies by design: Foundation (Essentials in deployed code), libcurl and zlib.
import PackageDescription

/// A function's core: parsing, decisions, planning and rendering. It cannot reach AWS: nothing
/// it depends on, directly or not, is AWSClient (`ModuleBoundaryTests` holds every core to that).
func functionCore(_ name: String) -> Target {
    .target(name: name + "Core", dependencies: ["Primitives", "AWSModels", "SecurityEvents", "WatchpostCore"])
}

/// A function's handler: gathers the facts its core decides on and carries out the plan, through AWSClient.
func functionLibrary(_ name: String) -> Target {
    .target(name: name, dependencies: [.target(name: name + "Core"), "FunctionShell", "LambdaRuntime", "AWSClient", "SecurityEvents", "Alerting", "Integrations"])
}

/// A deployable function: `main.swift` only; linked with GlibcCompat so it runs on provided.al2023.
func function(_ name: String, library: String) -> Target {
    .executableTarget(name: name, dependencies: [.target(name: library), "FunctionShell", "GlibcCompat"])
}

let package = Package(
    name: "watchpost",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "s3-policy-checker", targets: ["s3-policy-checker"]),
        .executable(name: "login-notifier", targets: ["login-notifier"]),
        .executable(name: "forensic-isolator", targets: ["forensic-isolator"]),
        .executable(name: "policy-generator", targets: ["policy-generator"]),
        .executable(name: "lambda-local", targets: ["lambda-local"]),
        .executable(name: "echo-function", targets: ["echo-function"]),
        .executable(name: "watchpost-doctor", targets: ["watchpost-doctor"]),
        // For Fuzz/ (its own package, built with the fuzzer and sanitizers by `make fuzz`).
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    targets: [
        // System libraries: headers only for curl (loaded by soname at run time), linked zlib.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CurlLoader", dependencies: ["CCurl"], linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "GlibcCompat", linkerSettings: [.linkedLibrary("m")]),

        // Dependency-free building blocks: XML, SHA-256/HMAC, hex, gzip, UTC time, JSON values, partitions.
        .target(name: "Primitives", dependencies: ["CZlib"]),
        .target(name: "LambdaRuntime", dependencies: ["Primitives"]),
        // Typed outputs of the AWS operations the cores read (an instance, Block Public Access settings).
        .target(name: "AWSModels", dependencies: ["Primitives"]),
        .target(name: "AWSClient", dependencies: ["Primitives", "AWSModels", "CurlLoader"]),
        .target(name: "SecurityEvents", dependencies: ["Primitives", "LambdaRuntime"]),
        // The shared vocabulary of the functions' cores: findings, events, steps, settings, messages. Pure.
        .target(name: "WatchpostCore", dependencies: ["Primitives", "LambdaRuntime"]),
        .target(name: "Alerting", dependencies: ["AWSClient", "WatchpostCore"]),
        // Where results go besides the response: Security Hub findings, EventBridge events, EMF metrics.
        .target(name: "Integrations", dependencies: ["LambdaRuntime", "AWSClient", "WatchpostCore"]),
        // What every function does the same way around its handler: settings, client, log line, delivery, metrics.
        .target(name: "FunctionShell", dependencies: ["LambdaRuntime", "AWSClient", "Alerting", "Integrations", "WatchpostCore"]),

        functionCore("BucketExposure"),
        functionLibrary("BucketExposure"),
        functionCore("LoginWatch"),
        functionLibrary("LoginWatch"),
        functionCore("Forensics"),
        functionLibrary("Forensics"),
        functionCore("PolicyGeneration"),
        functionLibrary("PolicyGeneration"),

        function("s3-policy-checker", library: "BucketExposure"),
        function("login-notifier", library: "LoginWatch"),
        function("forensic-isolator", library: "Forensics"),
        function("policy-generator", library: "PolicyGeneration"),
        // A trivial function for runtime tests, `make demo` fallbacks and `make bench`.
        .executableTarget(name: "echo-function", dependencies: ["LambdaRuntime", "AWSClient", "SecurityEvents", "GlibcCompat"]),
        // A developer tool (may import Foundation); shares LambdaRuntime's HTTP/1.1 message reading.
        .executableTarget(name: "lambda-local", dependencies: ["LambdaRuntime"]),
        // `make doctor`: read-only readiness checks of an account, on the functions' AWSClient.
        // It derives each function's required permissions from the calls its handler declares.
        .target(name: "Readiness", dependencies: ["AWSClient", "Alerting", "Integrations", "LambdaRuntime", "BucketExposure",
                                                  "BucketExposureCore", "LoginWatch", "Forensics", "PolicyGeneration"]),
        .executableTarget(name: "watchpost-doctor", dependencies: ["Readiness"]),

        // The fuzz harnesses' entry functions; FuzzReplayTests runs every committed corpus input through them.
        .target(name: "FuzzTargets", dependencies: ["Primitives", "SecurityEvents", "BucketExposureCore", "LoginWatchCore", "ForensicsCore", "PolicyGenerationCore"]),
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzTargets"]),
        .testTarget(name: "SecurityEventsTests", dependencies: ["SecurityEvents", "LambdaRuntime"]),
        .testTarget(name: "WatchpostCoreTests", dependencies: ["WatchpostCore"]),
        .testTarget(name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "GlibcCompat"]),
        // Real peers for tests (moto, boto3, scripted HTTP servers); never linked into a function.
        .target(name: "TestSupport", dependencies: ["AWSClient"], path: "Tests/TestSupport"),
        .testTarget(name: "AWSClientTests", dependencies: ["AWSClient", "TestSupport"]),
        .testTarget(name: "AlertingTests", dependencies: ["Alerting", "AWSClient", "TestSupport"]),
        .testTarget(name: "IntegrationsTests", dependencies: ["Integrations", "FunctionShell", "AWSClient", "LambdaRuntime", "TestSupport"]),
        .testTarget(name: "BucketExposureTests", dependencies: ["BucketExposureCore", "BucketExposure", "FunctionShell", "Integrations"]),
        .testTarget(name: "LoginWatchTests", dependencies: ["LoginWatchCore", "LoginWatch", "FunctionShell", "Integrations"]),
        .testTarget(name: "ForensicsTests", dependencies: ["ForensicsCore", "Forensics", "FunctionShell", "Integrations"]),
        .testTarget(name: "PolicyGenerationTests", dependencies: ["PolicyGenerationCore", "PolicyGeneration", "FunctionShell", "Integrations"]),
        .testTarget(name: "ReadinessTests", dependencies: ["Readiness", "AWSClient", "Alerting", "Integrations", "TestSupport"]),
    ]
)
