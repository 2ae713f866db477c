// watchpost-doctor (`make doctor`): is this account ready for watchpost? Read-only checks,
// one table of pass/fail with the fix for each. `watchpost-doctor permissions --json` prints
// what each function's roles must allow, in every mode. See Readiness.
import FoundationEssentials
import Readiness

#if canImport(Glibc)
import Glibc
#endif

if let status = PermissionsCommand.runIfRequested(CommandLine.arguments) { exit(status) }
exit(await Doctor.main(environment: ProcessInfo.processInfo.environment))
