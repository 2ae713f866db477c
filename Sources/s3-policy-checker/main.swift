// s3-policy-checker: is the bucket public now, by AWS's own definition, which statement made
// it so; alert, and fix it where the team has chosen so. See BucketExposure. Reporting adds
// the Security Hub findings, EventBridge events and metrics line.
import BucketExposureCore
import BucketExposure
import FoundationEssentials
import Integrations
import LambdaRuntime

await Lambda.run {
    let environment = ProcessInfo.processInfo.environment
    return try Reporting(S3PolicyChecker(environment: environment), product: "s3-policy-checker", environment: environment)
}
