// forensic-isolator: quarantines a compromised EC2 instance (see Forensics.ForensicIsolator).
// Reporting adds the Security Hub findings, EventBridge events and metrics line.
import FoundationEssentials
import ForensicsCore
import Forensics
import Integrations
import LambdaRuntime

await Lambda.run {
    let environment = ProcessInfo.processInfo.environment
    return try Reporting(ForensicIsolator(environment: environment), product: "forensic-isolator", environment: environment)
}
