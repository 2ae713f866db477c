import SecurityEvents
import Synchronization
import Primitives

/// CloudTrail record → the IAM actions it shows were needed: the catalogue's prefix for the
/// event source, renames, version suffixes, parameter-dependent and multi-action calls, and
/// the permissions CloudTrail never records (`iam:PassRole`, `sts:TagSession`).
public struct ActionMapper: Sendable {
    let catalogue: ActionCatalogue
    /// Prefix and catalogue names by `eventSource eventName`: a trail repeats a few hundred
    /// calls millions of times.
    private let names = NameCache()

    private final class NameCache: Sendable {
        /// eventSource → eventName → entry: two lookups, no key to build per record.
        let entries = Mutex<[String: [String: (prefix: String?, names: [String]?)]]>([:])
    }

    public init(catalogue: ActionCatalogue = .shared) {
        self.catalogue = catalogue
    }

    private func prefixAndNames(_ record: ActivityRecord) -> (prefix: String?, names: [String]?) {
        if let cached = names.entries.withLock({ $0[record.eventSource]?[record.eventName] }) { return cached }
        let prefix = catalogue.prefix(forEventSource: record.eventSource)
        let entry = (prefix: prefix, names: prefix.flatMap { names($0, record.eventName) })
        names.entries.withLock { $0[record.eventSource, default: [:]][record.eventName] = entry }
        return entry
    }

    public func map(_ record: CloudTrailRecord) -> RecordMapping {
        map(ActivityRecord(record))
    }

    public func map(_ record: ActivityRecord) -> RecordMapping {
        let (knownPrefix, knownNames) = prefixAndNames(record)
        guard let prefix = knownPrefix else {
            return RecordMapping(actions: [], unmapped: true)
        }
        let partition = Self.partition(of: record)
        let candidates = candidateARNs(record, prefix: prefix, partition: partition)
        var needs: [(name: String, resource: String?)]
        if prefix == "s3", let s3 = S3Actions.needs(record, partition: partition) {
            needs = s3.map { ($0.name, $0.resource) }
        } else if let names = parameterDependentNames(record, prefix: prefix) ?? knownNames {
            needs = names.map { ($0, nil) }
        } else {
            return RecordMapping(actions: [], unmapped: true)
        }
        var mapping = RecordMapping(actions: [], unmapped: needs.isEmpty)
        var mapped: [ActionCatalogue.Action] = []
        for need in needs {
            guard let action = catalogue.action(prefix, need.name) else {
                mapping.unmapped = true
                continue
            }
            mapped.append(action)
            let resources = need.resource.map { [$0] } ?? candidates
            mapping.actions.append(RequiredAction(
                action: "\(prefix):\(action.name)", resources: scoped(resources, for: action)))
        }
        // Inferred actions pass the same catalogue check as observed ones.
        for action in inferred(record, prefix: prefix, mapped: mapped, candidates: candidates) {
            let parts = action.action.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, catalogue.canonical(parts[0], parts[1]) == action.action {
                mapping.actions.append(action)
            } else {
                mapping.unmapped = true
            }
        }
        return mapping
    }

    /// The catalogue names for an event name: itself, a documented rename, or either after
    /// stripping an API version suffix.
    private func names(_ prefix: String, _ eventName: String) -> [String]? {
        for name in [eventName, VersionSuffix.strip(eventName)].compactMap({ $0 }) {
            if catalogue.action(prefix, name) != nil { return [name] }
            if let renamed = catalogue.renames(prefix, name) { return renamed }
        }
        return nil
    }

    /// Batch calls authorized as their single form (SQS and SNS documentation: "the same
    /// permissions as" SendMessage, DeleteMessage, ChangeMessageVisibility, Publish).
    static let batchOperations: [String: String] = [
        "sqs SendMessageBatch": "SendMessage", "sqs DeleteMessageBatch": "DeleteMessage",
        "sqs ChangeMessageVisibilityBatch": "ChangeMessageVisibility", "sns PublishBatch": "Publish",
    ]

    /// DynamoDB transactions: each item's operation needs its own action.
    static let transactionItemActions: [String: String] = [
        "put": "PutItem", "update": "UpdateItem", "delete": "DeleteItem", "conditioncheck": "ConditionCheckItem",
    ]

    /// Calls whose action depends on what they were asked to do.
    private func parameterDependentNames(_ record: ActivityRecord, prefix: String) -> [String]? {
        if let single = Self.batchOperations["\(prefix) \(record.eventName)"] { return [single] }
        switch (prefix, record.eventName) {
        case ("dynamodb", "TransactGetItems"):
            return ["GetItem"]
        case ("dynamodb", "TransactWriteItems"):
            let items = record.requestParameters?["transactItems"]?.arrayValue ?? []
            let names = Set(items.flatMap { item in
                (item.objectValue ?? [:]).keys.compactMap { Self.transactionItemActions[$0.lowercased()] }
            })
            // Without the items (redacted or truncated), every operation a transaction may hold.
            return names.isEmpty ? Self.transactionItemActions.values.sorted() : names.sorted()
        case ("dynamodb", "ExecuteStatement"), ("dynamodb", "BatchExecuteStatement"), ("dynamodb", "ExecuteTransaction"):
            // PartiQL: each statement's verb picks its action (SELECT → PartiQLSelect, …).
            // A statement whose verb cannot be read (redacted, placeholder) grants nothing
            // and leaves the record unmapped, so the report says so.
            return PartiQLStatements.actions(record.requestParameters)
        default:
            return nil
        }
    }

    /// Permissions CloudTrail never records, inferred from the request.
    private func inferred(_ record: ActivityRecord, prefix: String, mapped: [ActionCatalogue.Action],
                          candidates: [String]) -> [RequiredAction] {
        var actions: [RequiredAction] = []
        let parameters = record.requestParameters
        if prefix == "sts", ["AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"].contains(record.eventName) {
            let role = parameters?["roleArn"]?.stringValue.map { [$0] } ?? []
            if !(parameters?["tags"]?.arrayValue ?? []).isEmpty
                || !(parameters?["transitiveTagKeys"]?.arrayValue ?? []).isEmpty {
                actions.append(RequiredAction(action: "sts:TagSession", resources: role, inferred: true))
            }
            if !(parameters?["sourceIdentity"]?.stringValue ?? "").isEmpty {
                actions.append(RequiredAction(action: "sts:SetSourceIdentity", resources: role, inferred: true))
            }
        }
        // Tags in a create request: the reference's dependent tagging action(s).
        if CreationTags.requestHasTags(parameters) {
            var seen = Set<String>()
            for action in mapped {
                for tagging in CreationTags.dependentTagging(catalogue, prefix: prefix, action: action.name) where seen.insert(tagging).inserted {
                    let parts = tagging.split(separator: ":", maxSplits: 1).map(String.init)
                    let scopes = parts.count == 2 ? catalogue.action(parts[0], parts[1]).map { scoped(candidates, for: $0) } : nil
                    actions.append(RequiredAction(action: tagging, resources: scopes ?? [], inferred: true))
                }
            }
        }
        // Passing a role to a service needs iam:PassRole on it. IAM and STS calls name roles
        // they act on, not roles they pass.
        if prefix != "iam", prefix != "sts", let parameters {
            var found = Set<String>()
            PassedRoles.collect(parameters, key: nil, depth: 0, into: &found)
            let passed = found.filter { role in
                !mapped.contains { PassedRoles.actsOnRole(catalogue, prefix: prefix, action: $0, role: role) }
            }
            if !passed.isEmpty {
                actions.append(RequiredAction(action: "iam:PassRole", resources: passed.sorted(), inferred: true))
            }
            // EC2 passes an instance profile by name or ARN: its role is not in the record.
            if prefix == "ec2", parameters["iamInstanceProfile"] != nil, passed.isEmpty {
                actions.append(RequiredAction(action: "iam:PassRole", inferred: true))
            }
        }
        return actions
    }

    static func isRoleARN(_ text: String) -> Bool {
        guard text.utf8.starts(with: "arn:".utf8) else { return false }
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[5].hasPrefix("role/")
    }

    /// ARNs the record names: `resources[]`, ARN-valued request parameters, and the S3
    /// bucket/object or Lambda function the request addresses.
    private func candidateARNs(_ record: ActivityRecord, prefix: String, partition: String) -> [String] {
        var arns = record.resourceARNs
        if let parameters = record.requestParameters {
            Self.collectARNs(parameters, depth: 0, into: &arns)
            if prefix == "s3", let bucket = parameters["bucketName"]?.stringValue, !bucket.isEmpty {
                arns.append("arn:\(partition):s3:::\(bucket)")
                if let key = parameters["key"]?.stringValue, !key.isEmpty {
                    arns.append("arn:\(partition):s3:::\(bucket)/\(key)")
                }
            }
            if prefix == "lambda", let function = parameters["functionName"]?.stringValue,
                !function.isEmpty, !function.hasPrefix("arn:"),
                let region = record.awsRegion, let account = record.recipientAccountId ?? record.identityAccount {
                arns.append("arn:\(partition):lambda:\(region):\(account):function:\(function)")
            }
        }
        return arns
    }

    private static func collectARNs(_ value: JSONValue, depth: Int, into arns: inout [String]) {
        guard depth < 6 else { return }
        switch value {
        case .string(let text) where text.hasPrefix("arn:"): arns.append(text)
        case .array(let items): for item in items { collectARNs(item, depth: depth + 1, into: &arns) }
        case .object(let members): for member in members.values { collectARNs(member, depth: depth + 1, into: &arns) }
        default: break
        }
    }

    /// The candidate ARNs that fit the action's scopable resource types, sorted; empty (`*`)
    /// when the action cannot be scoped or the record names none of its resources.
    private func scoped(_ arns: [String], for action: ActionCatalogue.Action) -> [String] {
        guard let patterns = action.scopablePatterns else { return [] }
        let fitting = Set(arns.filter { arn in patterns.contains { $0.matches(arn) } })
        return fitting.sorted()
    }

    /// `aws`, `aws-cn`, `aws-us-gov`: from the caller's ARN.
    static func partition(of record: ActivityRecord) -> String {
        let arn = record.identityARN ?? record.issuerARN ?? ""
        if arn.utf8.starts(with: "arn:aws:".utf8) { return "aws" }
        let parts = arn.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        return parts.count > 2 && parts[0] == "arn" && !parts[1].isEmpty ? String(parts[1]) : "aws"
    }
}
