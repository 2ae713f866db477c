// s3-policy-checker: is the bucket public now, by AWS's own definition, which statement made
// it so; alert, and fix it where the team has chosen so. See BucketExposure.
import BucketExposure
import FoundationEssentials
import LambdaRuntime

await Lambda.run { try S3PolicyChecker(environment: ProcessInfo.processInfo.environment) }
