import XCTest
@testable import LambdaRuntime

final class LambdaRuntimePlaceholderTests: XCTestCase {
    func testModuleLinks() {}
}
