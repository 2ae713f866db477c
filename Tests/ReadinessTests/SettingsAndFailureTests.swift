import AWSClient
import Testing
@testable import Readiness

@Suite("Settings from the environment, failures as facts")
struct SettingsAndFailureTests {
    @Test(arguments: [
        ([:], DoctorSettings()),
        (["SECURITY_HUB": "true", "S3_DATA_EVENTS": "TRUE"], DoctorSettings(securityHub: true, s3DataEvents: true)),
        (["SECURITY_HUB": "false", "S3_DATA_EVENTS": ""], DoctorSettings()),
        (["TRAIL_BUCKET": " trail-logs ", "SSH_LOG_GROUP": "/watchpost/ssh", "RDP_LOG_GROUP": "/watchpost/rdp", "STACK": "watchpost"],
         DoctorSettings(trailBucket: "trail-logs", sshLogGroup: "/watchpost/ssh", rdpLogGroup: "/watchpost/rdp", stack: "watchpost")),
        (["TRAIL_BUCKET": "", "STACK": "  "], DoctorSettings()),
    ] as [([String: String], DoctorSettings)])
    func settings(environment: [String: String], expected: DoctorSettings) throws {
        #expect(try DoctorSettings(environment: environment) == expected)
    }

    @Test(arguments: [("SECURITY_HUB", "maybe"), ("S3_DATA_EVENTS", "2")])
    func badFlagsAreRefusedByName(name: String, value: String) {
        #expect(throws: DoctorSettings.Invalid(description: "\(name)=\(value) is not true or false")) {
            try DoctorSettings(environment: [name: value])
        }
    }

    static let failures: [(AWSError, summary: String, unavailable: Bool, refusal: Bool)] = [
        (AWSError(service: "IAM", operation: "SimulatePrincipalPolicy", httpStatus: 500, code: "InternalError",
                  message: "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>", requestID: nil),
         "IAM SimulatePrincipalPolicy: InternalError (HTTP 500)", true, false),
        (AWSError(service: "IAM", operation: "SimulatePrincipalPolicy", httpStatus: 500, code: "ServiceFailure",
                  message: "try again", requestID: nil),
         "IAM SimulatePrincipalPolicy: ServiceFailure (HTTP 500)", false, false),
        (AWSError(service: "IAM", operation: "SimulatePrincipalPolicy", httpStatus: 400, code: "NotImplemented",
                  message: "", requestID: nil),
         "IAM SimulatePrincipalPolicy: NotImplemented (HTTP 400)", true, false),
        (AWSError(service: "X", operation: "Y", httpStatus: 404, code: "NotFound", message: "", requestID: nil),
         "X Y: NotFound (HTTP 404)", true, false),
        (AWSError(service: "IAM", operation: "SimulatePrincipalPolicy", httpStatus: 403, code: "AccessDenied",
                  message: "User: arn:aws:iam::1:user/x is not authorized", requestID: "R"),
         "IAM SimulatePrincipalPolicy: AccessDenied (HTTP 403)", false, false),
        (AWSError(service: "GuardDuty", operation: "ListDetectors", httpStatus: 403, code: "UnrecognizedClientException",
                  message: "The security token included in the request is invalid", requestID: nil),
         "GuardDuty ListDetectors: UnrecognizedClientException (HTTP 403)", false, true),
    ]

    @Test(arguments: failures)
    func awsErrorsKeepTheirCodeNotTheirMessage(error: AWSError, summary: String, unavailable: Bool, refusal: Bool) {
        let failure = CallFailure(error, operation: "ignored for AWS errors")
        #expect(failure.summary == summary)
        #expect(!failure.summary.contains(error.message) || error.message.isEmpty)
        #expect(failure.isUnavailable == unavailable)
        #expect(failure.isRegionRefusal == refusal)
    }

    @Test(arguments: [
        (CallFailure(operation: "EC2 DescribeRegions", code: "UnauthorizedOperation", httpStatus: 403),
         "allow ec2:DescribeRegions to these credentials"),
        (CallFailure(operation: "EC2 DescribeRegions", code: "transport: POST http://127.0.0.1:9: Couldn't connect to server"),
         "check the network, the region and AWS_ENDPOINT_URL"),
        (CallFailure(operation: "EC2 DescribeRegions", code: "InternalError", httpStatus: 500), nil),
    ] as [(CallFailure, String?)])
    func fixesNameAPermissionOnlyWhenOneWasRefused(failure: CallFailure, fix: String?) {
        #expect(failure.fix(allowing: "ec2:DescribeRegions") == fix)
    }

    @Test func clientErrorsSayWhatHappened() {
        let failure = CallFailure(AWSClientError.transport("couldn't connect to host"), operation: "EC2 DescribeRegions")
        #expect(failure.summary == "EC2 DescribeRegions: transport: couldn't connect to host")
        #expect(!failure.isUnavailable)
    }
}
