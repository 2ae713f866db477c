import SecurityEvents
import Primitives

/// Tagging at creation: a create call with tags in its request (EC2 `TagSpecifications`,
/// RDS `Tags`, Lambda `Tags`, …) also needs the tagging action the Service Authorization
/// Reference lists as its dependent action (`ec2:CreateTags`, `rds:AddTagsToResource`,
/// `lambda:TagResource`, …). Without tags in the request, it does not.
enum CreationTags {
    /// Request members that carry the tags of the resource being created, lowercased: the
    /// API names and their CloudTrail spellings (`tagSpecificationSet` for EC2).
    static let tagMembers: Set<String> = [
        "tags", "tagspecifications", "tagspecification", "tagspecificationset", "taglist", "tagslist", "tagset",
    ]

    /// Whether the request names at least one tag, wherever its shape nests the tag member
    /// (EC2's CloudTrail records wrap some requests: `CreateFlowLogsRequest.TagSpecification`).
    static func requestHasTags(_ parameters: JSONValue?) -> Bool {
        guard let parameters else { return false }
        return hasTags(parameters, depth: 0)
    }

    private static func hasTags(_ value: JSONValue, depth: Int) -> Bool {
        guard depth < 4, case .object(let members) = value else { return false }
        for (name, member) in members {
            if tagMembers.contains(name.lowercased()), containsTag(member) { return true }
            if case .object = member, hasTags(member, depth: depth + 1) { return true }
        }
        return false
    }

    /// Some key or value under the member, past the wrappers a request puts around tags
    /// (`items`, a tag specification's `resourceType`): `{"items": []}` names no tag.
    private static func containsTag(_ value: JSONValue, depth: Int = 0) -> Bool {
        guard depth < 6 else { return false }
        switch value {
        case .array(let items): return items.contains { containsTag($0, depth: depth + 1) }
        case .object(let members):
            return members.contains { name, member in
                name.lowercased() != "resourcetype" && (name.lowercased() == "items" ? containsTag(member, depth: depth + 1) : true)
            }
        case .string(let text): return !text.isEmpty
        case .number, .bool: return true
        case .null: return false
        }
    }

    /// The tagging actions `prefix:action` depends on, for a request with tags.
    static func dependentTagging(_ catalogue: ActionCatalogue, prefix: String, action: String) -> [String] {
        catalogue.dependentActions(prefix, action).filter { $0 != "iam:PassRole" }
    }
}
