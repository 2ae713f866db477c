import FoundationEssentials
import SecurityEvents
import Primitives

/// A request and, when it came through SNS, the topic that delivered it.
public struct ParsedEvent: Sendable, Equatable {
    public var request: ForensicRequest
    public var snsTopicArn: String?
}

/// Reads the event shapes the function accepts — SNS-wrapped or direct: a GuardDuty finding
/// event, a Security Hub findings event, `{"instanceId", "reason"}`, or a release request —
/// into one `ForensicRequest`. Pure: no AWS call, no environment.
public enum RequestParser {
    public static func parse(_ event: JSONValue) throws(ForensicsError) -> ParsedEvent {
        guard case .object = event else {
            throw .invalid("expected a JSON object, got \(kind(of: event))")
        }
        if event["Records"] != nil {
            let sns: SNSEvent = try decode(event, as: "SNS event")
            guard sns.records.count == 1, let record = sns.records.first else {
                throw .invalid("an SNS event with \(sns.records.count) records; SNS delivers exactly one")
            }
            guard record.eventSource == SNSEvent.Record.snsEventSource else {
                throw .unsupported("records from '\(record.eventSource)'; only SNS (aws:sns) records are accepted")
            }
            let message: JSONValue
            do {
                message = try JSONValue(parsing: record.sns.message)
            } catch {
                throw .invalid("the SNS message from \(record.sns.topicArn) is not JSON: \(excerpt(record.sns.message))")
            }
            guard case .object = message, message["Records"] == nil else {
                throw .unsupported("the SNS message from \(record.sns.topicArn) is \(kind(of: message)), not a finding or request")
            }
            return ParsedEvent(request: try direct(message), snsTopicArn: record.sns.topicArn)
        }
        return ParsedEvent(request: try direct(event), snsTopicArn: nil)
    }

    /// One of the shapes that can arrive without SNS (or inside an SNS message).
    static func direct(_ event: JSONValue) throws(ForensicsError) -> ForensicRequest {
        if let detailType = event["detail-type"]?.stringValue {
            let source = event["source"]?.stringValue ?? "?"
            if detailType == GuardDutyFinding.detailType {
                let envelope: EventBridgeEvent<GuardDutyFinding> = try decode(event, as: "GuardDuty finding event")
                return .isolate(fromGuardDuty(envelope))
            }
            if SecurityHubFinding.detailTypes.contains(detailType) {
                let envelope: EventBridgeEvent<SecurityHubFindingsDetail> = try decode(event, as: "Security Hub findings event")
                return .isolate(try fromSecurityHub(envelope))
            }
            throw .unsupported("an EventBridge event '\(detailType)' from '\(source)'; expected '\(GuardDutyFinding.detailType)' or a Security Hub findings event")
        }
        if let action = event["action"] {
            switch action.stringValue {
            case "release": return .release(try release(event))
            case "isolate": break
            default: throw .unsupported("action \(excerpt(action)); expected \"isolate\" or \"release\"")
            }
        }
        if event["instanceId"] != nil {
            return .isolate(try plain(event))
        }
        let keys = event.objectValue.map { $0.keys.sorted().joined(separator: ", ") } ?? ""
        throw .unsupported("an object with keys [\(keys)]; expected a GuardDuty or Security Hub finding event, {\"instanceId\", \"reason\"} or {\"action\": \"release\", …}")
    }

    static func fromGuardDuty(_ envelope: EventBridgeEvent<GuardDutyFinding>) -> IsolationRequest {
        let finding = envelope.detail
        let named = NamedInstances.of(finding)
        let resource: IsolationRequest.Resource =
            if let first = named.first { .instance(id: first.id) } else { .other(type: finding.resource.resourceType) }
        return IsolationRequest(
            finding: FindingSummary(source: .guardDuty, id: finding.id, type: finding.type, severity: finding.severity,
                                    severitySource: "severity"),
            resource: resource,
            // With a delegated administrator the event arrives in the admin account:
            // the finding's own accountId is where the instance lives.
            account: finding.accountId,
            region: finding.region,
            reason: finding.title ?? finding.type,
            types: [finding.type],
            isSample: finding.isSample,
            isArchived: finding.isArchived,
            resourceRole: finding.service?.resourceRole,
            instances: named.count > 1 ? named : [])
    }

    static func fromSecurityHub(_ envelope: EventBridgeEvent<SecurityHubFindingsDetail>) throws(ForensicsError) -> IsolationRequest {
        let findings = envelope.detail.findings
        // One invocation quarantines one instance; a custom action over several findings
        // must not silently act on only the first.
        guard findings.count == 1, let finding = findings.first else {
            throw .unsupported("a Security Hub event carrying \(findings.count) findings; send one finding per event")
        }
        let instance = finding.resources.first { $0.type == SecurityHubFinding.ec2InstanceResourceType }
        let resource: IsolationRequest.Resource =
            if let instance { .instance(id: instanceID(fromResourceId: instance.id)) }
            else { .other(type: finding.resources.first?.type ?? "none") }
        let productFields = finding.productFields ?? [:]
        let types = finding.types ?? []
        let severity = SecurityHubSeverity.read(finding)
        let named = NamedInstances.of(finding, eventRegion: envelope.region)
        return IsolationRequest(
            finding: FindingSummary(source: .securityHub, id: finding.id, type: types.first ?? finding.generatorId,
                                    severity: severity?.value, severitySource: severity?.source),
            resource: resource,
            account: finding.awsAccountId,
            region: instance?.region ?? finding.region ?? envelope.region,
            reason: finding.title ?? types.first ?? "Security Hub finding",
            types: types,
            isSample: finding.sample == true
                || productFields["aws/guardduty/service/additionalInfo/sample"]?.lowercased() == "true"
                || productFields["aws/guardduty/service/additionalInfo/value"].map(GuardDutySampleFlag.isSet(jsonText:)) == true,
            isArchived: finding.recordState == "ARCHIVED",
            resourceRole: productFields["aws/guardduty/service/resourceRole"],
            instances: named.count > 1 ? named : [])
    }

    static func plain(_ event: JSONValue) throws(ForensicsError) -> IsolationRequest {
        guard let instanceId = event["instanceId"]?.stringValue else {
            throw .invalid("instanceId must be a string, got \(excerpt(event["instanceId"] ?? .null))")
        }
        return IsolationRequest(
            finding: FindingSummary(source: .direct),
            resource: .instance(id: instanceId),
            account: try optionalString(event, "account"),
            region: try optionalString(event, "region"),
            reason: try optionalString(event, "reason") ?? "isolation requested directly")
    }

    static func release(_ event: JSONValue) throws(ForensicsError) -> ReleaseRequest {
        let incidentId = try optionalString(event, "incidentId")
        let instanceId = try optionalString(event, "instanceId")
        guard incidentId != nil || instanceId != nil else {
            throw .invalid("a release request needs \"incidentId\" or \"instanceId\"")
        }
        return ReleaseRequest(
            incidentId: incidentId, instanceId: instanceId,
            account: try optionalString(event, "account"),
            region: try optionalString(event, "region"),
            reason: try optionalString(event, "reason") ?? "release requested")
    }

    /// Security Hub names an instance by ARN (arn:aws:ec2:region:account:instance/i-…).
    static func instanceID(fromResourceId id: String) -> String {
        guard id.hasPrefix("arn:"), let slash = id.lastIndex(of: "/") else { return id }
        return String(id[id.index(after: slash)...])
    }

    static func optionalString(_ event: JSONValue, _ key: String) throws(ForensicsError) -> String? {
        switch event[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let other?: throw .invalid("\(key) must be a string, got \(excerpt(other))")
        }
    }

    static func decode<T: Decodable>(_ value: JSONValue, as what: String) throws(ForensicsError) -> T {
        do {
            return try JSONValueDecoder().decode(T.self, from: value)
        } catch let error as DecodingError {
            throw .invalid("\(what): \(describe(error))")
        } catch {
            throw .invalid("\(what): \(error)")
        }
    }

    /// The JSON path of the failing field and what was wrong with it.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \(CodingPathText.render(context.codingPath + [key]))"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(CodingPathText.render(context.codingPath)) is not \(type)"
        case .dataCorrupted(let context):
            return "\(CodingPathText.render(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A short, single-line rendering of what arrived, for error messages.
    static func excerpt(_ value: JSONValue) -> String {
        let text = (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        return excerpt(text)
    }

    static func excerpt(_ text: String) -> String {
        let line = String(text.map { $0.isNewline ? " " : $0 })
        return line.count <= 80 ? line : String(line.prefix(80)) + "…"
    }
}
