import WatchpostCore
import AWSClient
import Foundation
import LambdaRuntime
import Synchronization
import Testing
@testable import FunctionShell
@testable import Integrations

@Suite("The function shell")
struct FunctionShellTests {
    struct Handler: WatchpostFunction {
        static let product = "f"
        let fail: Bool
        init(settings: FunctionSettings, environment: [String: String]) { fail = environment["FAIL"] == "true" }
        init(fail: Bool) { self.fail = fail }
        func handle(_ event: String, in invocation: Invocation) async throws -> SampleOutput {
            if fail { throw SettingError(message: "boom") }
            return SampleOutput(decisions: [event], stepStatuses: [.done])
        }
    }

    static let environment = ["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
                              "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "HOME": "/nonexistent"]

    static func run(fail: Bool, event: String = #""public""#) async -> (lines: [String], result: Result<[String: Any], any Error>) {
        let lines = Mutex<[String]>([])
        let reporting = FunctionShell(
            function: Handler(fail: fail), settings: try! FunctionSettings(product: "f", environment: [:]),
            client: try! AWSClient(environment: environment), environment: environment,
            emit: { line in lines.withLock { $0.append(line) } })
        let context = LambdaContext(requestID: "r", deadline: .now + .seconds(5), invokedFunctionARN: "arn:aws:lambda:us-east-1:111122223333:function:f")
        let result: Result<[String: Any], any Error>
        do {
            let response = try await reporting.handle(Array(event.utf8), context: context)
            result = .success(try JSONSerialization.jsonObject(with: Data(response)) as! [String: Any])
        } catch {
            result = .failure(error)
        }
        return (lines.withLock { $0 }, result)
    }

    @Test func aMetricsLineForEverySuccess() async throws {
        let (lines, result) = await Self.run(fail: false)
        let output = try result.get()
        #expect(output["delivery"] == nil)
        #expect(output["decisions"] as? [String] == ["public"])
        #expect(lines.count == 1)
        let emf = try MetricsLineTests.parseEMF(try #require(lines.first))
        #expect(emf.values["Decision.public"] == 1)
        #expect(emf.values["ActionsDone"] == 1)
        #expect(emf.values["Errors"] == 0)
    }

    @Test func andForEveryFailureWhichStillThrows() async throws {
        let (lines, result) = await Self.run(fail: true)
        #expect(throws: SettingError.self) { try result.get() }
        let emf = try MetricsLineTests.parseEMF(try #require(lines.first))
        #expect(emf.values["Errors"] == 1)
    }

    @Test func andForAnEventThatCannotBeRead() async throws {
        let (lines, result) = await Self.run(fail: false, event: "{not json")
        #expect(throws: InvalidEvent.self) { try result.get() }
        let emf = try MetricsLineTests.parseEMF(try #require(lines.first))
        #expect(emf.values["Errors"] == 1)
    }

    @Test func theDeliveryStandsBesideTheResponsesOwnFields() throws {
        struct Output: Encodable, Sendable { let bucket = "b"; let verdict = "public" }
        var delivery = Delivery()
        delivery.events = .init(sent: 1, failed: [])
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Reported(output: Output(), delivery: delivery))) as! [String: Any]
        #expect(json["bucket"] as? String == "b")
        #expect(json["verdict"] as? String == "public")
        let events = (json["delivery"] as? [String: Any])?["events"] as? [String: Any]
        #expect(events?["sent"] as? Int == 1)
        #expect((events?["failed"] as? [Any])?.isEmpty == true)
        let none = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Reported(output: Output(), delivery: nil))) as! [String: Any]
        #expect(none.keys.sorted() == ["bucket", "verdict"])
    }

    @Test(arguments: [("true", true), ("TRUE", true), (" yes ", true), ("1", true), ("on", true), ("false", false),
                      ("0", false), ("no", false), ("Off", false), ("", false)])
    func switches(value: String, on: Bool) throws {
        #expect(try switchSetting("DRY_RUN", in: ["DRY_RUN": value]) == on)
        #expect(try FunctionSettings(product: "f", environment: ["SECURITY_HUB": value]).securityHub == on)
    }

    @Test func anUnsetSwitchIsOff() throws {
        #expect(try switchSetting("DRY_RUN", in: [:]) == false)
    }

    @Test(arguments: ["ture", "enabled", "2"])
    func aMistypedSwitchIsRefusedWithItsName(value: String) {
        #expect(throws: SettingError(message: "DRY_RUN=\(value) is not true or false")) {
            try switchSetting("DRY_RUN", in: ["DRY_RUN": value])
        }
    }

    @Test func aMistypedSecurityHubSettingIsRefused() {
        #expect(throws: SettingError.self) { try FunctionSettings(product: "f", environment: ["SECURITY_HUB": "yes please"]) }
    }

    @Test func theMetricsDimensionIsTheDeployedName() throws {
        let deployed = try FunctionSettings(product: "login-notifier", environment: ["AWS_LAMBDA_FUNCTION_NAME": "stack-b-LoginNotifier-1X"])
        #expect(deployed.functionName == "stack-b-LoginNotifier-1X")
        #expect(deployed.product == "login-notifier")
        #expect(try FunctionSettings(product: "login-notifier", environment: [:]).functionName == "login-notifier")
    }
}
