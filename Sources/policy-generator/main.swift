import Glibc
import PolicyGeneration

if let status = await LocalTrail.runIfRequested(CommandLine.arguments) { exit(status) }
print("not yet built")
