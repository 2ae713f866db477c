// policy-generator: the least-privilege IAM policy a principal really needs, from CloudTrail.
// Reporting adds the Security Hub findings, EventBridge events and metrics line.
import FoundationEssentials
import Glibc
import Integrations
import LambdaRuntime
import PolicyGenerationCore
import PolicyGeneration

// `policy-generator --trail-dir <dir> <event.json>`: the same core on local files (developers, make bench).
if let status = await LocalTrail.runIfRequested(CommandLine.arguments) { exit(status) }
await Lambda.run {
    let environment = ProcessInfo.processInfo.environment
    return try Reporting(PolicyGeneratorHandler(environment: environment), product: "policy-generator", environment: environment)
}
