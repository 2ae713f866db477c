// watchpost-doctor (`make doctor`): is this account ready for watchpost? Read-only checks,
// one table of pass/fail with the fix for each. See Readiness.
import FoundationEssentials
import Readiness

#if canImport(Glibc)
import Glibc
#endif

exit(await Doctor.main(environment: ProcessInfo.processInfo.environment))
