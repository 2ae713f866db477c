// forensic-isolator: quarantines a compromised EC2 instance (see Forensics.ForensicIsolator).
import FoundationEssentials
import Forensics
import LambdaRuntime

await Lambda.run { try ForensicIsolator(environment: ProcessInfo.processInfo.environment) }
