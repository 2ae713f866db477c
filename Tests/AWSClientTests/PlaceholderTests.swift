import XCTest
@testable import AWSClient

final class AWSClientPlaceholderTests: XCTestCase {
    func testModuleLinks() {}
}
