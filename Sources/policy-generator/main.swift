// policy-generator: the least-privilege IAM policy a principal really needs, from CloudTrail.
// The function shell adds the log line, Security Hub findings, EventBridge events and metrics line.
import FunctionShell
import Glibc
import PolicyGeneration

// `policy-generator --trail-dir <dir> <event.json>`: the same core on local files (developers, make bench).
if let status = await LocalTrail.runIfRequested(CommandLine.arguments) { exit(status) }
await FunctionShell<PolicyGeneratorHandler>.main()
