// policy-generator: the least-privilege IAM policy a principal really needs, from CloudTrail.
import FoundationEssentials
import Glibc
import LambdaRuntime
import PolicyGeneration

// `policy-generator --trail-dir <dir> <event.json>`: the same core on local files (developers, make bench).
if let status = await LocalTrail.runIfRequested(CommandLine.arguments) { exit(status) }
await Lambda.run { try PolicyGeneratorHandler(environment: ProcessInfo.processInfo.environment) }
