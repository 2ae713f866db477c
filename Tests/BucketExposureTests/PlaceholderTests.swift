import XCTest
@testable import BucketExposure

final class BucketExposurePlaceholderTests: XCTestCase {
    func testModuleLinks() {}
}
