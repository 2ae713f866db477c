// s3-policy-checker: is the bucket public now, by AWS's own definition, which statement made
// it so; alert, and fix it where the team has chosen so. See BucketExposure; the function shell
// adds the log line, Security Hub findings, EventBridge events and metrics line.
import BucketExposure
import FunctionShell

await FunctionShell<S3PolicyChecker>.main()
