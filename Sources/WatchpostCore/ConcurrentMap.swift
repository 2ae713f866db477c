extension Array where Element: Sendable {
    /// `transform` applied to every element, at most `limit` at once, each result handed to
    /// `consume` in the elements' order as soon as it and every one before it are done. At most
    /// `limit` results exist at a time, running or waiting their turn: memory stays bounded
    /// however many elements there are. When `consume` throws, the rest are cancelled and its
    /// error is thrown.
    public func concurrentForEach<Result: Sendable, Failure: Error>(
        limit: Int, _ transform: @escaping @Sendable (Element) async -> Result,
        inOrder consume: (Result) throws(Failure) -> Void
    ) async throws(Failure) {
        var failure: Failure?
        await withTaskGroup(of: (Int, Result).self) { group in
            var waiting: [Int: Result] = [:]
            var next = 0
            var consumed = 0
            func start() {
                let index = next
                let element = self[index]
                group.addTask { (index, await transform(element)) }
                next += 1
            }
            while next < Swift.min(Swift.max(limit, 1), count) { start() }
            for await (index, result) in group {
                waiting[index] = result
                while let ready = waiting.removeValue(forKey: consumed) {
                    do throws(Failure) {
                        try consume(ready)
                    } catch {
                        failure = error
                        group.cancelAll()
                        return
                    }
                    consumed += 1
                    if next < count { start() }
                }
            }
        }
        if let failure { throw failure }
    }

    /// `transform` applied to every element, at most `limit` at once, the results in the
    /// elements' order: how a sweep bounds the calls it makes on an account's API limits.
    public func concurrentMap<Result: Sendable>(limit: Int, _ transform: @escaping @Sendable (Element) async -> Result) async -> [Result] {
        var results: [Result] = []
        results.reserveCapacity(count)
        await concurrentForEach(limit: limit, transform) { results.append($0) }
        return results
    }
}

extension Result {
    /// The outcome of an asynchronous call as a value, its error typed as the call throws it:
    /// how concurrent work (`async let`, `concurrentMap`) carries a failure back to be reported.
    public init(catching body: () async throws(Failure) -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
