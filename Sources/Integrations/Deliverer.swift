import WatchpostCore
import AWSClient
import FoundationEssentials

extension Delivery {
    /// What delivering calls (`Deliverer`): PutEvents on the stack's bus (`EVENT_BUS_NAME`) with the
    /// function's own role, and (`SECURITY_HUB=true`) BatchImportFindings into the default product
    /// of the account each finding is about, through the member role for a member account's.
    public static func calls(securityHub: Bool, eventBus: Bool) -> [AWSCall] {
        (eventBus ? [.own(.EventBridge.putEvents, on: "arn:{partition}:events:{region}:{account}:event-bus/{EventBus}")] : [])
            + (securityHub ? [.actedIn(.SecurityHub.batchImportFindings,
                                       on: "arn:{partition}:securityhub:{region}:{account}:product/{account}/default")] : [])
    }
}

/// Imports findings into Security Hub and puts events on EventBridge, as the settings ask.
public struct Deliverer: Sendable {
    let settings: FunctionSettings
    let client: AWSClient

    public init(settings: FunctionSettings, client: AWSClient) {
        self.settings = settings
        self.client = client
    }

    public func deliver(_ output: some Reportable, timestamp: String) async -> Delivery {
        var delivery = Delivery()
        if settings.securityHub { delivery.securityHub = await importFindings(output.findings, timestamp: timestamp) }
        if let bus = settings.eventBusName { delivery.events = await put(output.events, on: bus) }
        return delivery
    }

    /// Security Hub takes a default-product finding only from the account it is about, so each
    /// account's findings are imported with that account's credentials (the member role for
    /// another account's resources).
    func importFindings(_ findings: [Finding], timestamp: String) async -> Delivery.Findings {
        var result = Delivery.Findings()
        let byAccount = Dictionary(grouping: findings, by: \.account)
        for account in byAccount.keys.sorted() {
            let records = byAccount[account]!.map { ASFF($0, function: settings.product, region: client.region, timestamp: timestamp) }
            do {
                let acting = try await client.forAccount(account, sessionName: "watchpost-\(settings.product)")
                let imported = try await acting.securityHub.batchImportFindings(records)
                result.imported += imported.imported
                result.failed += imported.failed
            } catch {
                let (code, message) = errorCodeAndMessage(error)
                // Batches before a failed call may have been imported; the call does not say which.
                result.failed += records.map { SecurityHub.FailedFinding(id: $0.Id, code: code, message: message) }
            }
        }
        return result
    }

    func put(_ events: [OutboundEvent], on bus: String) async -> Delivery.Events {
        var result = Delivery.Events()
        var entries: [EventBridge.Entry] = []
        for event in events {
            do {
                let detail = String(decoding: try JSONEncoder().encode(event.detail), as: UTF8.self)
                entries.append(EventBridge.Entry(source: "watchpost", detailType: event.detailType, detail: detail, eventBusName: bus))
            } catch {
                result.failed.append(EventBridge.FailedEntry(detailType: event.detailType, code: "EncodingFailed",
                                                             message: String(describing: error)))
            }
        }
        guard !entries.isEmpty else { return result }
        do {
            let put = try await client.eventBridge.putEvents(entries)
            result.sent += put.sent
            result.failed += put.failed
        } catch {
            let (code, message) = errorCodeAndMessage(error)
            result.failed += entries.map { EventBridge.FailedEntry(detailType: $0.DetailType, code: code, message: message) }
        }
        return result
    }
}
