import Foundation

/// An X-Ray trace header in Lambda's shape: `Root=1-<epoch hex>-<96-bit id>;Parent=<64-bit id>;Sampled=0`.
enum TraceID {
    static func make(now: Date = Date()) -> String {
        func hex(_ digits: Int) -> String {
            String((0..<digits).map { _ in "0123456789abcdef".randomElement()! })
        }
        let epoch = String(Int(now.timeIntervalSince1970), radix: 16)
        return "Root=1-\(epoch)-\(hex(24));Parent=\(hex(16));Sampled=0"
    }
}
