import Testing
@testable import AWSClient
import Primitives

/// RFC 4231 test cases 1-7 for HMAC-SHA-256.
@Suite struct HMACTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let number: Int
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        /// Case 5 publishes only the first 128 bits.
        var truncatedToBytes: Int? = nil
        var testDescription: String { "RFC 4231 test case \(number)" }
    }

    static let largerThanBlockKey = [UInt8](repeating: 0xaa, count: 131)

    static let cases: [Case] = [
        Case(number: 1, key: .init(repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
             mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Case(number: 2, key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
             mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Case(number: 3, key: .init(repeating: 0xaa, count: 20), data: .init(repeating: 0xdd, count: 50),
             mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Case(number: 4, key: Array(1...25), data: .init(repeating: 0xcd, count: 50),
             mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Case(number: 5, key: .init(repeating: 0x0c, count: 20), data: Array("Test With Truncation".utf8),
             mac: "a3b6167473100ee06e0c796c2955552b", truncatedToBytes: 16),
        Case(number: 6, key: largerThanBlockKey,
             data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Case(number: 7, key: largerThanBlockKey,
             data: Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                 + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
             mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: cases)
    func rfc4231(_ vector: Case) {
        let mac = HMAC.sha256(key: vector.key, message: vector.data)
        #expect(mac.count == 32)
        #expect(mac.prefix(vector.truncatedToBytes ?? 32).hexString == vector.mac)
    }

    @Test func keyOfExactlyOneBlockIsUsedAsIs() {
        // A 64-byte key is not hashed; a 65-byte key is. Both differ from each other.
        let block = [UInt8](repeating: 0x42, count: 64)
        let longer = block + [0x42]
        #expect(HMAC.sha256(key: block, message: []) != HMAC.sha256(key: longer, message: []))
        #expect(HMAC.sha256(key: longer, message: [1]) == HMAC.sha256(key: SHA256.hash(longer), message: [1]))
    }
}
