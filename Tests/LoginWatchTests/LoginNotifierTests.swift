import XCTest
@testable import LoginWatchCore
@testable import LoginWatch
import Alerting
import WatchpostCore

final class LoginNotifierTests: XCTestCase {
    let base = ["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]

    /// The function as the shell makes it, with the shared settings read from the same environment.
    func notifier(_ environment: [String: String]) throws -> (LoginNotifier, FunctionSettings) {
        let shared = try FunctionSettings(product: LoginNotifier.product, environment: environment)
        return (try LoginNotifier(settings: shared, environment: environment), shared)
    }

    func testConfiguration() throws {
        let (defaults, defaultShared) = try notifier(base)
        XCTAssertEqual(defaults.logBatches.settings, LoginAssessment.Settings())
        XCTAssertFalse(defaultShared.dryRun)
        XCTAssertNil(defaults.callbacks.incidentTopicARN)

        let (configured, configuredShared) = try notifier(base.merging([
            "PRODUCTION_TAG": "tier=prod", "FAILURE_ALERT_THRESHOLD": "20", "ALERT_UNKNOWN_INSTANCES": "FALSE",
            "DRY_RUN": "TRUE", "INCIDENT_TOPIC_ARN": "arn:aws:sns:us-east-1:111122223333:incidents",
        ]) { $1 })
        XCTAssertEqual(configured.logBatches.settings, LoginAssessment.Settings(productionTag: ProductionTag(key: "tier", value: "prod"),
                                                                                alertWhenUnknown: false, failureBurstThreshold: 20))
        XCTAssertTrue(configuredShared.dryRun)
        XCTAssertEqual(configured.callbacks.incidentTopicARN, "arn:aws:sns:us-east-1:111122223333:incidents")

        for (name, value) in [("PRODUCTION_TAG", "=prod"), ("FAILURE_ALERT_THRESHOLD", "0"), ("FAILURE_ALERT_THRESHOLD", "many")] {
            XCTAssertThrowsError(try notifier(base.merging([name: value]) { $1 }), name) { error in
                XCTAssertEqual((error as? LoginNotifierError)?.errorType, "InvalidConfiguration")
            }
        }
    }

    func testSigningSecretConfigured() {
        let secret = ConfiguredSecret(variable: "SLACK_SIGNING_SECRET")
        XCTAssertFalse(secret.isConfigured(in: [:]))
        XCTAssertFalse(secret.isConfigured(in: ["SLACK_SIGNING_SECRET": ""]))
        XCTAssertTrue(secret.isConfigured(in: ["SLACK_SIGNING_SECRET": "x"]))
        XCTAssertTrue(secret.isConfigured(in: ["SLACK_SIGNING_SECRET_PARAMETER": "/watchpost/slack-signing-secret"]))
    }

    func testResponseURLsOnlyGoToSlack() {
        XCTAssertTrue(SlackCallbackFlow.isSlackResponseURL("https://hooks.slack.com/actions/T0EXAMPLE/1/abc"))
        for url in ["http://hooks.slack.com/actions/x", "https://hooks.slack.com.evil.example/x", "https://evil.example/https://hooks.slack.com/",
                    "http://169.254.169.254/latest/meta-data/", ""] {
            XCTAssertFalse(SlackCallbackFlow.isSlackResponseURL(url), url)
        }
    }
}
