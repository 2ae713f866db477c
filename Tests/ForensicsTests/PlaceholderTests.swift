import XCTest
@testable import Forensics

final class ForensicsPlaceholderTests: XCTestCase {
    func testModuleLinks() {}
}
