/// An action taken, as an EventBridge event others can chain on: `source` watchpost, a
/// `detail-type` such as "Bucket Exposure Found", and the function's response (or the part of
/// it about this action) as `detail`.
public struct OutboundEvent: Sendable {
    public let detailType: String
    public let detail: any Encodable & Sendable

    public init(detailType: String, detail: any Encodable & Sendable) {
        self.detailType = detailType
        self.detail = detail
    }
}
