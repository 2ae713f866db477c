extension Array where Element: Sendable {
    /// `transform` applied to every element, at most `limit` at once, the results in the
    /// elements' order: how a sweep bounds the calls it makes on an account's API limits.
    public func concurrentMap<Result: Sendable>(limit: Int, _ transform: @escaping @Sendable (Element) async -> Result) async -> [Result] {
        await withTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: count)
            var next = 0
            func start() {
                let index = next
                let element = self[index]
                group.addTask { (index, await transform(element)) }
                next += 1
            }
            while next < Swift.min(Swift.max(limit, 1), count) { start() }
            for await (index, result) in group {
                results[index] = result
                if next < count { start() }
            }
            return results.map { $0! }
        }
    }
}
