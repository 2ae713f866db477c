import FoundationEssentials
import LambdaRuntime
import LoginWatch

await Lambda.run { try LoginNotifier(environment: ProcessInfo.processInfo.environment) }
