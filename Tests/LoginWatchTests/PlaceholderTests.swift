import XCTest
@testable import LoginWatch

final class LoginWatchPlaceholderTests: XCTestCase {
    func testModuleLinks() {}
}
