import BucketExposureCore
import Testing

@Suite("An organization sweep cut into queue messages")
struct SweepPlannerTests {
    @Test func onlyActiveAccountsOnceEach() {
        let organization: [SweepPlanner.OrganizationAccount] = [
            .init(id: "222222222222", status: "ACTIVE"), .init(id: "111111111111", status: "ACTIVE"),
            .init(id: "333333333333", status: "SUSPENDED"), .init(id: "444444444444", status: "PENDING_CLOSURE"),
            .init(id: "111111111111", status: "ACTIVE"),
        ]
        #expect(SweepPlanner.accounts(organization: organization, fallback: ["999999999999"]) == ["111111111111", "222222222222"])
        #expect(SweepPlanner.accounts(organization: nil, fallback: ["999999999999", "888888888888"]) == ["888888888888", "999999999999"])
    }

    @Test func theExplicitListIsAccountIdsOnly() throws {
        #expect(try SweepPlanner.accountList("111111111111, 222222222222\n333333333333").get()
            == ["111111111111", "222222222222", "333333333333"])
        #expect(try SweepPlanner.accountList("").get().isEmpty)
        for bad in ["11111111111", "1111111111111", "11111111111x", "' OR 1=1"] {
            #expect(throws: SweepMessageError.self) { try SweepPlanner.accountList("111111111111,\(bad)").get() }
        }
    }

    @Test func pagesCoverEveryBucketExactlyOnce() {
        let message = SweepMessage(sweep: "s-1", account: "111111111111")
        let names = (0..<1234).map { "bucket-\($0)" }.shuffled()
        let (first, queued) = SweepPlanner.pages(of: message, buckets: names)
        #expect(first.count == SweepPlanner.bucketsPerPage)
        #expect(queued.map(\.page) == [2, 3])
        let all = first + queued.flatMap { $0.buckets ?? [] }
        #expect(all.count == names.count && Set(all) == Set(names))
        #expect(queued.allSatisfy { $0.account == "111111111111" && $0.sweep == "s-1" })
        let small = SweepPlanner.pages(of: message, buckets: ["b", "a"])
        #expect(small.first == ["a", "b"] && small.queued.isEmpty)
    }

    @Test func aMessageRoundTripsAndAStrangeBodyIsNamed() throws {
        let message = SweepMessage(sweep: "s-1", account: "111111111111", buckets: ["a"], page: 2)
        #expect(try SweepMessage.parse(message.body).get() == message)
        for body in ["", "{}", "not json", #"{"sweep":"s","account":"12"}"#, #"{"sweep":"","account":"111111111111"}"#] {
            #expect(throws: SweepMessageError.self) { try SweepMessage.parse(body).get() }
        }
    }
}
