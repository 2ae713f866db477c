import Testing
@testable import LambdaRuntime
import Primitives

struct LoggerTests {
    let time = "2024-05-01T12:00:00.123Z"

    @Test func textLinesAreTabSeparatedWithFieldsSorted() {
        let logger = Logger(format: .text, requestID: "r-1")
        #expect(logger.render(.info, "bucket checked", ["z": "1", "bucket": "my-bucket"], timestamp: time)
            == "2024-05-01T12:00:00.123Z\tr-1\tINFO\tbucket checked bucket=my-bucket z=1")
    }

    @Test func textLinesStayOnOneLineAndQuoteAwkwardValues() {
        let logger = Logger(format: .text)
        #expect(logger.render(.warn, "two\nlines", ["k": "a b", "e": ""], timestamp: time)
            == "2024-05-01T12:00:00.123Z\t-\tWARN\ttwo\\nlines e=\"\" k=\"a b\"")
    }

    @Test func jsonLinesHaveTheLambdaMembersThenTheFields() {
        let logger = Logger(format: .json, requestID: "r-1")
        #expect(logger.render(.error, "failed \"x\"", ["bucket": "b", "message": "ignored"], timestamp: time)
            == #"{"timestamp":"2024-05-01T12:00:00.123Z","level":"ERROR","requestId":"r-1","message":"failed \"x\"","bucket":"b"}"#)
    }

    @Test func jsonLinesWithoutARequestOmitIt() {
        #expect(Logger(format: .json).render(.info, "init", [:], timestamp: time)
            == #"{"timestamp":"2024-05-01T12:00:00.123Z","level":"INFO","message":"init"}"#)
    }

    @Test(arguments: [
        ([:], Logger.Format.text, Logger.Level.info),
        (["AWS_LAMBDA_LOG_FORMAT": "JSON"], .json, .info),
        (["AWS_LAMBDA_LOG_FORMAT": "Text", "AWS_LAMBDA_LOG_LEVEL": "DEBUG"], .text, .debug),
        (["AWS_LAMBDA_LOG_FORMAT": "json", "AWS_LAMBDA_LOG_LEVEL": "warn"], .json, .warn),
        (["AWS_LAMBDA_LOG_LEVEL": "nonsense"], .text, .info),
        (["AWS_LAMBDA_LOG_LEVEL": "FATAL"], .text, .fatal),
    ])
    func settingsComeFromLambdaVariables(environment: [String: String], format: Logger.Format, level: Logger.Level) {
        let logger = Logger(environment: environment)
        #expect(logger.format == format)
        #expect(logger.minimumLevel == level)
    }

    @Test func levelsAreOrdered() {
        #expect(Logger.Level.allCases == [.trace, .debug, .info, .warn, .error, .fatal])
        #expect(Logger.Level.allCases.map(\.name) == ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"])
        #expect(Logger.Level.allCases.allSatisfy { Logger.Level(name: $0.name.lowercased()) == $0 })
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_714_564_800_123, "2024-05-01T12:00:00.123Z"),
        (951_782_400_007, "2000-02-29T00:00:00.007Z"),
        (4_102_444_799_999, "2099-12-31T23:59:59.999Z"),
    ])
    func timestampsAreISO8601WithMilliseconds(milliseconds: Int64, expected: String) {
        #expect(UTCTimestamp.iso8601(epochMilliseconds: milliseconds) == expected)
    }

    @Test func jsonQuotingEscapesControlCharacters() {
        #expect(JSONText.quoted("a\"b\\c\n\r\t\u{01}é☃") == "\"a\\\"b\\\\c\\n\\r\\t\\u0001é☃\"")
    }
}
