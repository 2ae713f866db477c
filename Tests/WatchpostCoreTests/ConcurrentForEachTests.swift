import Synchronization
import Testing
import WatchpostCore

/// The bounded, ordered fan-out a trail read and a sweep run on: results in the elements'
/// order whatever order they finish in, never more than `limit` of them alive, and a failing
/// consumer stops the rest.
struct ConcurrentForEachTests {
    /// How many transforms have started and how many results were consumed: the widest gap
    /// between them is how many results existed at once.
    final class Window: Sendable {
        private let counts = Mutex((started: 0, consumed: 0, widest: 0))

        func start() {
            counts.withLock { $0.started += 1; $0.widest = max($0.widest, $0.started - $0.consumed) }
        }

        func consume() { counts.withLock { $0.consumed += 1 } }
        var started: Int { counts.withLock { $0.started } }
        var widest: Int { counts.withLock { $0.widest } }
    }

    @Test func resultsArriveInOrderAndNoMoreThanTheLimitExistAtOnce() async {
        let window = Window()
        var seen: [Int] = []
        // Later elements finish first: each waits less than the one before it.
        await Array(0..<40).concurrentForEach(limit: 4, { element in
            window.start()
            try? await Task.sleep(for: .milliseconds(40 - element))
            return element * 10
        }, inOrder: { result in
            window.consume()
            seen.append(result)
        })
        #expect(seen == (0..<40).map { $0 * 10 })
        #expect(window.started == 40)
        #expect(window.widest <= 4)
    }

    @Test func aSlowFirstElementHoldsTheWindowAtTheLimit() async {
        let window = Window()
        var seen: [Int] = []
        await Array(0..<12).concurrentForEach(limit: 3, { element in
            window.start()
            if element == 0 { try? await Task.sleep(for: .milliseconds(200)) }
            return element
        }, inOrder: { element in
            window.consume()
            seen.append(element)
        })
        // While element 0 sleeps, 1 and 2 finish and wait: nothing else starts.
        #expect(seen == Array(0..<12))
        #expect(window.widest <= 3)
    }

    struct Stop: Error, Equatable {}

    @Test func aConsumerThatThrowsStopsTheRestAndItsErrorIsThrown() async {
        let window = Window()
        var consumed: [Int] = []
        await #expect(throws: Stop.self) {
            try await Array(0..<100).concurrentForEach(limit: 2, { element in
                window.start()
                return element
            }, inOrder: { (element: Int) throws(Stop) in
                consumed.append(element)
                if element == 5 { throw Stop() }
            })
        }
        #expect(consumed == [0, 1, 2, 3, 4, 5])
        // Only the window past the failure had started: nothing further is fetched.
        #expect(window.started <= 7)
    }

    @Test func concurrentMapKeepsTheElementsOrder() async {
        let doubled = await Array(0..<25).concurrentMap(limit: 5) { element in
            try? await Task.sleep(for: .milliseconds(25 - element))
            return element * 2
        }
        #expect(doubled == (0..<25).map { $0 * 2 })
    }
}
