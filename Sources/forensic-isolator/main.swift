// forensic-isolator: quarantines a compromised EC2 instance (see Forensics.ForensicIsolator).
// The function shell adds the log line, Security Hub findings, EventBridge events and metrics line.
import Forensics
import FunctionShell

await FunctionShell<ForensicIsolator>.main()
