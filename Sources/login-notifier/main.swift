// login-notifier: interactive logins to production, alerted, and Slack's "was this you?"
// answers (see LoginWatch). Reporting adds the Security Hub findings, EventBridge events and
// metrics line.
import FoundationEssentials
import Integrations
import LambdaRuntime
import LoginWatchCore
import LoginWatch

await Lambda.run {
    let environment = ProcessInfo.processInfo.environment
    return try Reporting(LoginNotifier(environment: environment), product: "login-notifier", environment: environment)
}
