import Testing
@testable import LambdaRuntime

struct ErrorReportTests {
    struct Plain: Error, CustomStringConvertible {
        var description: String { "plain failure" }
    }

    struct Chosen: LambdaFunctionError {
        let errorType = "BucketNotFound"
        let errorMessage = "no bucket named \"x\""
    }

    @Test func anyErrorIsReportedWithItsTypeNameAndDescription() {
        #expect(ErrorReport(Plain()) == ErrorReport(errorType: "Plain", errorMessage: "plain failure"))
    }

    @Test func aLambdaFunctionErrorChoosesItsTypeAndMessage() {
        #expect(ErrorReport(Chosen()) == ErrorReport(errorType: "BucketNotFound", errorMessage: "no bucket named \"x\""))
    }

    @Test func theBodyHasTheRuntimeAPIShape() {
        let body = String(decoding: ErrorReport(Chosen()).json, as: UTF8.self)
        #expect(body == #"{"errorMessage":"no bucket named \"x\"","errorType":"BucketNotFound","stackTrace":[]}"#)
    }
}
