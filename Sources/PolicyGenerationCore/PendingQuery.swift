/// A principal whose Athena query was still running when the invocation had to answer: no
/// policy yet, and how to get it. The query keeps running in Athena and keeps its results;
/// the same event sent again with `resume` added reads them instead of starting another query.
public struct PendingQuery: Sendable, Equatable, Encodable {
    public let principal: String
    public let window: TimeWindowText
    public let query: AthenaQueryReport

    public struct TimeWindowText: Sendable, Equatable, Encodable {
        public let start: String
        public let end: String
    }

    public init(request: PolicyRequest, query: AthenaQueryReport) {
        principal = request.principal.arn
        window = TimeWindowText(start: request.window.startText, end: request.window.endText)
        self.query = query
    }

    enum Keys: String, CodingKey { case principal, window, source, status, query, resume }
    enum ResumeKeys: String, CodingKey { case queryExecutionId }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(principal, forKey: .principal)
        try container.encode(window, forKey: .window)
        try container.encode(PolicyRequest.Source.athena.rawValue, forKey: .source)
        try container.encode("query-running", forKey: .status)
        try container.encode(query, forKey: .query)
        var resume = container.nestedContainer(keyedBy: ResumeKeys.self, forKey: .resume)
        try resume.encode(query.id, forKey: .queryExecutionId)
    }
}
