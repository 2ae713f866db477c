import AWSClient
import BucketExposureCore
import FunctionShell
import SecurityEvents
import WatchpostCore

/// The organization-wide sweep, fanned out over the sweep queue. A scheduled run lists the
/// organization's active accounts, checks that each one's member role can be assumed, and
/// queues one message per account; each message then checks a page of an account's buckets
/// (queuing the account's further pages), with the same rules, modes and reports as any check.
struct OrganizationSweep: Sendable {
    let checker: BucketChecker
    let configuration: CheckerConfiguration
    let queueURL: String
    let invocation: Invocation
    /// Where the sweep's records go to know when it is finished (`EVIDENCE_BUCKET`); without
    /// one, each account page is reported and the sweep has no summary.
    var tally: SweepTallyStore? {
        configuration.evidenceBucket.map { SweepTallyStore(s3: invocation.client.s3, bucket: $0) }
    }

    /// Member roles tried at once while planning.
    static let planConcurrency = 16

    func plan(sweep: String) async throws(BucketEventError) -> SweepPlanReport {
        let own: String
        do {
            own = try await invocation.client.callerAccount()
        } catch {
            throw BucketEventError(errorType: "IdentityUnavailable", errorMessage: "\(error)")
        }
        let (accounts, source) = await accountsToSweep(own: own)
        var (reachable, failed) = await reachability(of: accounts)
        let messages = SweepPlanner.messages(sweep: sweep, accounts: reachable)
        // The plan's record first: a page finished before it could not tell the sweep is complete.
        var tallied = await recordPlan(.init(accounts: reachable.count, unreachable: failed.count), sweep: sweep)
        let refused: [SQS.FailedMessage]
        do {
            refused = try await invocation.client.sqs.sendMessages(queueURL: queueURL, bodies: messages.map(\.body))
        } catch {
            throw BucketEventError(errorType: "SweepQueueUnavailable", errorMessage: "queuing \(messages.count) accounts: \(error)")
        }
        for refusal in refused {
            guard let index = Int(refusal.id), messages.indices.contains(index) else { continue }
            failed.append(.init(account: messages[index].account, reason: "the sweep queue refused its message (\(refusal.code))"))
            reachable.removeAll { $0 == messages[index].account }
        }
        // Fewer accounts queued than recorded, or none: the sweep may be complete already.
        var done: SweepTally.Summary?
        if tallied, !refused.isEmpty || reachable.isEmpty {
            if !refused.isEmpty { tallied = await recordPlan(.init(accounts: reachable.count, unreachable: failed.count), sweep: sweep) }
            done = await finishIfComplete(sweep: sweep)
        }
        return SweepPlanReport(sweep: sweep, securityAccount: own, accountsFrom: source, queuedAccounts: reachable.count,
                               messages: messages.count - refused.count, failedAccounts: failed.sorted { $0.account < $1.account },
                               tally: tallied ? tally.map { "s3://\($0.bucket)/\(SweepTally.folder(sweep: sweep))" } : nil, done: done)
    }

    /// The plan's record; false when there is no evidence bucket or it cannot be written (the
    /// sweep then has no summary, and the log says why).
    private func recordPlan(_ plan: SweepTally.PlanRecord, sweep: String) async -> Bool {
        guard let tally else { return false }
        do {
            try await tally.putPlan(plan, sweep: sweep)
            return true
        } catch {
            invocation.logger.error("the sweep's plan could not be recorded: it will have no summary", ["sweep": sweep, "error": "\(error)"])
            return false
        }
    }

    /// The sweep's totals when this invocation completed it (see `SweepTally`).
    private func finishIfComplete(sweep: String) async -> SweepTally.Summary? {
        guard let tally else { return nil }
        do {
            return try await tally.finishIfComplete(sweep: sweep)
        } catch {
            invocation.logger.error("the sweep's records could not be added up", ["sweep": sweep, "error": "\(error)"])
            return nil
        }
    }

    /// The organization's active accounts, read through ORGANIZATION_ROLE_ARN when it is set, else
    /// (or when that role refuses) with the function's own role, as a delegated administrator;
    /// when neither can read it, SWEEP_ACCOUNTS, else the function's own account, the plan saying
    /// which and why.
    private func accountsToSweep(own: String) async -> ([String], String) {
        var problems: [String] = []
        if let role = configuration.organizationRoleARN {
            do {
                let lister = try await invocation.client.assuming(roleARN: role, sessionName: "watchpost-\(invocation.settings.product)")
                return (active(try await lister.organizations.listAccounts()), "organization (through \(role))")
            } catch {
                problems.append("through \(role): \(error)")
            }
        }
        do {
            return (active(try await invocation.client.organizations.listAccounts()), "organization")
        } catch {
            problems.append("\(error)")
        }
        invocation.logger.warn("the organization's accounts could not be listed", ["error": problems.joined(separator: "; ")])
        let fallback = configuration.sweepAccounts.isEmpty ? [own] : configuration.sweepAccounts
        let named = configuration.sweepAccounts.isEmpty ? "the function's own account" : "SWEEP_ACCOUNTS"
        return (SweepPlanner.accounts(organization: nil, fallback: fallback),
                "\(named) (the organization could not be listed: \(problems.joined(separator: "; ")))")
    }

    private func active(_ listed: [Organizations.Account]) -> [String] {
        SweepPlanner.accounts(organization: listed.map { .init(id: $0.id, status: $0.state) }, fallback: [])
    }

    /// Which accounts' member roles can be assumed; the others, with AWS's reason.
    private func reachability(of accounts: [String]) async -> ([String], [SweepPlanReport.FailedAccount]) {
        let reasons = await invocation.memberRoleRefusals(accounts, limit: Self.planConcurrency)
        let reachable = zip(accounts, reasons).filter { $0.1 == nil }.map(\.0)
        let failed = zip(accounts, reasons).compactMap { account, reason in reason.map { SweepPlanReport.FailedAccount(account: account, reason: $0) } }
        return (reachable.sorted(), failed)
    }

    /// Each message of the batch: a page of one account's buckets checked, or the message
    /// named for delivery again (a body that is not a sweep message, a failure on the way).
    func consume(_ batch: SQSEvent) async -> SweepBatchReport {
        var failures: [BatchItemFailure] = []
        var sweeps: [SweepBatchReport.AccountSweep] = []
        for record in batch.records {
            let message: SweepMessage
            switch SweepMessage.parse(record.body) {
            case .success(let parsed): message = parsed
            case .failure(let error):
                invocation.logger.error("not a sweep message", ["messageId": record.messageId, "reason": error.reason])
                failures.append(BatchItemFailure(itemIdentifier: record.messageId))
                continue
            }
            let page = message.page ?? 1
            var queued = 0
            do {
                let names: [String]
                if let buckets = message.buckets {
                    names = buckets
                } else {
                    let pages = SweepPlanner.pages(of: message, buckets: try await checker.bucketNames(in: message.account))
                    try await queue(pages.queued)
                    (names, queued) = (pages.first, pages.queued.count)
                }
                let event = TriggerEvent(account: message.account, region: invocation.client.region, trigger: .schedule)
                let report = try await checker.sweep(names, event: event)
                sweeps.append(.init(sweep: message.sweep, account: message.account, report: report,
                                    page: page, queuedPages: queued, redelivered: record.receiveCount > 1, error: nil))
                await recordPage(.init(account: message.account, page: page, counts: report.counts), sweep: message.sweep, queuedPages: queued)
            } catch {
                failures.append(BatchItemFailure(itemIdentifier: record.messageId))
                sweeps.append(.init(sweep: message.sweep, account: message.account, report: nil, page: page, queuedPages: queued,
                                    redelivered: record.receiveCount > 1, error: "\(error)"))
            }
        }
        var done: [SweepTally.Summary] = []
        for sweep in Set(sweeps.filter { $0.error == nil }.map(\.sweep)).sorted() {
            if let summary = await finishIfComplete(sweep: sweep) { done.append(summary) }
        }
        return SweepBatchReport(batchItemFailures: failures, sweeps: sweeps, sweepsDone: done)
    }

    /// A checked page's record. Its failure costs only the sweep's summary, never the page.
    private func recordPage(_ page: SweepTally.PageRecord, sweep: String, queuedPages: Int) async {
        guard let tally else { return }
        do {
            try await tally.putPage(page, sweep: sweep, queuedPages: queuedPages)
        } catch {
            invocation.logger.error("a sweep page could not be recorded: the sweep will have no summary",
                                    ["sweep": sweep, "account": page.account, "page": "\(page.page)", "error": "\(error)"])
        }
    }

    private func queue(_ pages: [SweepMessage]) async throws {
        guard !pages.isEmpty else { return }
        let refused = try await invocation.client.sqs.sendMessages(queueURL: queueURL, bodies: pages.map(\.body))
        guard refused.isEmpty else {
            throw BucketEventError(errorType: "SweepQueueUnavailable", errorMessage: "the sweep queue refused \(refused.count) page messages")
        }
    }
}
