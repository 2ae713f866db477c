// login-notifier: interactive logins to production, alerted, and Slack's "was this you?"
// answers (see LoginWatch). The function shell adds the log line, Security Hub findings,
// EventBridge events and metrics line.
import FunctionShell
import LoginWatch

await FunctionShell<LoginNotifier>.main()
