// swift-tools-version:6.0
// The fuzz harness: its own package so the main build never sees the sanitizer flags.
// Built and run by scripts/fuzz.sh (`make fuzz`).
import PackageDescription

let package = Package(
    name: "watchpost-fuzz",
    dependencies: [.package(name: "watchpost", path: "..")],
    targets: [
        .executableTarget(name: "watchpost-fuzz", dependencies: [.product(name: "FuzzTargets", package: "watchpost")]),
    ]
)
