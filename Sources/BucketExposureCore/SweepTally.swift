import FoundationEssentials

/// How a sweep that fans out over many invocations knows it is finished, and what it found.
/// Each piece of the sweep leaves a small record in the evidence bucket under
/// `sweeps/<sweep>/`: the plan (how many accounts were queued, how many could not be), and one
/// record per page of an account's buckets, page 1 naming in its key how many further pages it
/// queued. From a listing alone an invocation can tell the sweep is complete: every queued
/// account's page 1 is there, and every page they announced. The one that completes it reads
/// the records, adds them up and writes `summary.json` only if it is absent (a conditional
/// write), so exactly one invocation reports the sweep's totals, however many finish at once.
/// A redelivered page rewrites its own record: nothing is counted twice.
public enum SweepTally {
    public struct PlanRecord: Codable, Sendable, Equatable {
        /// Accounts whose messages the queue took.
        public let accounts: Int
        /// Accounts the plan could not queue (member role refused, queue refused).
        public let unreachable: Int

        public init(accounts: Int, unreachable: Int) {
            self.accounts = accounts
            self.unreachable = unreachable
        }
    }

    public struct PageRecord: Codable, Sendable, Equatable {
        public let account: String
        public let page: Int
        public let counts: SweepReport.Counts

        public init(account: String, page: Int, counts: SweepReport.Counts) {
            self.account = account
            self.page = page
            self.counts = counts
        }
    }

    /// A finished sweep's totals: the `Bucket Sweep Done` event and the `Sweep.*` metrics.
    public struct Summary: Codable, Sendable, Equatable {
        public let sweep: String
        public let accountsSwept: Int
        public let accountsUnreachable: Int
        public let buckets: Int
        public let `public`: Int
        public let effectivelyPublic: Int
        public let crossAccount: Int
        public let exempt: Int
        public let unreadable: Int
    }

    /// Where a sweep's records go: its id kept to characters safe in any key.
    public static func folder(sweep: String) -> String {
        let safe = sweep.unicodeScalars.map { scalar -> String in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
                ? String(scalar) : "_"
        }.joined()
        return "sweeps/\(safe.prefix(128))/"
    }

    public static func planKey(sweep: String) -> String { folder(sweep: sweep) + "plan.json" }
    public static func summaryKey(sweep: String) -> String { folder(sweep: sweep) + "summary.json" }
    public static func pagesFolder(sweep: String) -> String { folder(sweep: sweep) + "pages/" }

    /// `pages/<account>/1+<further pages>.json` for page 1, `pages/<account>/<page>.json` after.
    public static func pageKey(sweep: String, account: String, page: Int, queuedPages: Int) -> String {
        pagesFolder(sweep: sweep) + "\(account)/" + (page == 1 ? "1+\(queuedPages)" : "\(page)") + ".json"
    }

    /// Whether the page records listed under `pagesFolder` are every page of every queued account.
    public static func isComplete(plan: PlanRecord, pageKeys: [String]) -> Bool {
        var accounts: [String: (expected: Int, found: Set<Int>)] = [:]
        for key in Set(pageKeys) {
            let parts = key.split(separator: "/")
            guard parts.count >= 2, parts[parts.count - 1].hasSuffix(".json") else { continue }
            let account = String(parts[parts.count - 2])
            let name = parts[parts.count - 1].dropLast(".json".count)
            let pieces = name.split(separator: "+")
            guard let page = Int(pieces[0]) else { continue }
            if page == 1, pieces.count == 2, let queued = Int(pieces[1]) {
                accounts[account, default: (0, [])].expected = 1 + queued
            }
            accounts[account, default: (0, [])].found.insert(page)
        }
        let started = accounts.values.filter { $0.expected > 0 }
        return started.count == plan.accounts && started.allSatisfy { account in
            (1...account.expected).allSatisfy { account.found.contains($0) }
        }
    }

    public static func summary(sweep: String, plan: PlanRecord, pages: [PageRecord]) -> Summary {
        func sum(_ count: (SweepReport.Counts) -> Int) -> Int { pages.reduce(0) { $0 + count($1.counts) } }
        return Summary(sweep: sweep, accountsSwept: Set(pages.map(\.account)).count, accountsUnreachable: plan.unreachable,
                       buckets: sum(\.total), public: sum(\.public), effectivelyPublic: sum(\.effectivelyPublic),
                       crossAccount: sum(\.crossAccount), exempt: sum(\.exempt), unreadable: sum(\.unreadable))
    }
}
