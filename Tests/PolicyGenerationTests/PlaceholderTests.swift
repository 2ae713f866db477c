import XCTest
@testable import PolicyGeneration

final class PolicyGenerationPlaceholderTests: XCTestCase {
    func testModuleLinks() {}
}
