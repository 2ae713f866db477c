import Foundation

/// An X-Ray trace header in Lambda's shape: `Root=1-<epoch hex>-<96-bit id>;Parent=<64-bit id>;Sampled=0`.
enum TraceID {
    static func make(now: Date = Date()) -> String {
        var random = SystemRandomNumberGenerator()
        func hex(_ value: UInt64, digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        let epoch = hex(UInt64(now.timeIntervalSince1970), digits: 8)
        let root = hex(random.next(upperBound: 1 << 32), digits: 8) + hex(random.next(), digits: 16)
        return "Root=1-\(epoch)-\(root);Parent=\(hex(random.next(), digits: 16));Sampled=0"
    }
}
