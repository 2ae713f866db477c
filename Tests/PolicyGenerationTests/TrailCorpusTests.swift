import Foundation
import Testing
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import SecurityEvents

/// The 2,355 third-party CloudTrail records in `../shared/corpora/cloudtrail/records.json`
/// through the decoder and the mapper: nothing crashes, every emitted action is in the
/// catalogue, and the categories of issue 16 hold on every record they apply to.
@Suite(.enabled(if: SharedCorpus.present, "../shared/corpora is not beside this checkout"))
struct TrailCorpusTests {
    struct Trail: Decodable { var Records: [CloudTrailRecord] }

    static func records() throws -> [CloudTrailRecord] {
        try JSONDecoder().decode(Trail.self, from: SharedCorpus.data("cloudtrail/records.json")).Records
    }

    @Test func everyRecordMapsToCatalogueActions() throws {
        let records = try Self.records()
        #expect(records.count == 2355)
        let mapper = ActionMapper()
        var mapped = 0, unmapped = 0
        for record in records {
            let mapping = mapper.map(record)
            if mapping.unmapped { unmapped += 1 } else { mapped += 1 }
            for action in mapping.actions {
                let parts = action.action.split(separator: ":", maxSplits: 1).map(String.init)
                #expect(parts.count == 2 && ActionCatalogue.shared.canonical(parts[0], parts[1]) == action.action,
                        "\(record.eventSource) \(record.eventName) → \(action.action)")
            }
        }
        print("trail corpus: \(mapped) mapped, \(unmapped) with something unmapped")
    }

    /// Tags in a create request (any tag member with content): the record gets the reference's
    /// dependent tagging action of its action.
    @Test func taggedCreateRecordsGetTheirTaggingAction() throws {
        let mapper = ActionMapper()
        var checked = 0
        for record in try Self.records() where CreationTags.requestHasTags(record.requestParameters) {
            let mapping = mapper.map(record)
            let emitted = Set(mapping.actions.map(\.action))
            for action in mapping.actions where !action.inferred {
                let parts = action.action.split(separator: ":", maxSplits: 1).map(String.init)
                let tagging = CreationTags.dependentTagging(.shared, prefix: parts[0], action: parts[1])
                checked += tagging.isEmpty ? 0 : 1
                for dependent in tagging {
                    #expect(emitted.contains(dependent), "\(record.eventName) with tags lacks \(dependent)")
                }
            }
        }
        #expect(checked > 0)
        print("trail corpus: \(checked) tagged create calls with a dependent tagging action")
    }

    /// Every role ARN a request passes in a documented member is in the record's iam:PassRole.
    @Test func passedRolesAreFoundWhereverNested() throws {
        let mapper = ActionMapper()
        var checked = 0
        for record in try Self.records() {
            guard let parameters = record.requestParameters else { continue }
            let prefix = ActionCatalogue.shared.prefix(forEventSource: record.eventSource)
            guard prefix != "iam", prefix != "sts" else { continue }
            var roles = Set<String>()
            PassedRoles.collect(parameters, key: nil, depth: 0, into: &roles)
            guard !roles.isEmpty else { continue }
            let mapping = mapper.map(record)
            let passed = Set(mapping.actions.filter { $0.action == "iam:PassRole" }.flatMap(\.resources))
            let actedOn = mapping.actions.filter { !$0.inferred }.contains { action in
                let parts = action.action.split(separator: ":", maxSplits: 1).map(String.init)
                guard let entry = ActionCatalogue.shared.action(parts[0], parts[1]) else { return false }
                return roles.contains { PassedRoles.actsOnRole(.shared, prefix: parts[0], action: entry, role: $0) }
            }
            if !actedOn { #expect(passed == roles, "\(record.eventName)"); checked += 1 }
        }
        #expect(checked > 0)
        print("trail corpus: \(checked) records passing a role")
    }
}
