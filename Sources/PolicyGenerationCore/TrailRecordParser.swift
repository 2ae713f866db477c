import SecurityEvents
import Primitives

/// Reads one CloudTrail record straight from a log file's bytes into an `ActivityRecord`:
/// the fields the generator needs, every other member skipped without building it. A
/// generic decoder spends most of its time on what is thrown away (and on `try?` probing
/// for each open-ended value); this is the hot loop of a million-record trail.
public enum TrailRecordParser {
    /// The record in `bytes[range]`, which must be one JSON object and nothing else. A null
    /// where a string is expected is absent; invalid JSON anywhere in the record is refused.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(TrailFileScanner.Error) -> ActivityRecord {
        var parser = JSONReader(bytes, range: range)
        var record = ActivityRecord()
        do throws(JSONSyntaxError) {
            parser.skipWhitespace()
            try read(&parser, into: &record)
            try parser.expectEnd()
        } catch {
            throw .malformed(error.description)
        }
        guard !record.eventTime.isEmpty, !record.eventSource.isEmpty, !record.eventName.isEmpty else {
            throw .malformed("a record without eventTime, eventSource or eventName")
        }
        return record
    }

    /// The top-level members the generator reads.
    private enum Field: CaseIterable {
        case eventTime, eventSource, eventName, awsRegion, errorCode, errorMessage, eventType
        case recipientAccountId, requestParameters, resources, userIdentity

        var name: StaticString {
            switch self {
            case .eventTime: "eventTime"
            case .eventSource: "eventSource"
            case .eventName: "eventName"
            case .awsRegion: "awsRegion"
            case .errorCode: "errorCode"
            case .errorMessage: "errorMessage"
            case .eventType: "eventType"
            case .recipientAccountId: "recipientAccountId"
            case .requestParameters: "requestParameters"
            case .resources: "resources"
            case .userIdentity: "userIdentity"
            }
        }

        /// Only names of the key's length are compared (an escaped key, decoded, with each):
        /// a record has some twenty members, each looked up here.
        init?(_ key: JSONStringRange, in parser: JSONReader) {
            guard let field = Self.allCases.first(where: { field in
                (key.escaped || field.name.utf8CodeUnitCount == key.range.count) && parser.key(key, is: field.name)
            }) else { return nil }
            self = field
        }
    }

    private static func read(_ parser: inout JSONReader, into record: inout ActivityRecord) throws(JSONSyntaxError) {
        guard parser.peek == UInt8(ascii: "{") else { throw parser.failure("a record must be an object") }
        try parser.members { key, parser throws(JSONSyntaxError) in
            switch Field(key, in: parser) {
            case .eventTime:
                record.eventTime = try parser.optionalString() ?? ""
            case .eventSource:
                record.eventSource = try parser.optionalString() ?? ""
            case .eventName:
                record.eventName = try parser.optionalString() ?? ""
            case .awsRegion:
                record.awsRegion = try parser.optionalString()
            case .errorCode:
                record.errorCode = try parser.optionalString()
            case .errorMessage:
                record.errorMessage = try parser.optionalString()
            case .eventType:
                record.eventType = try parser.optionalString()
            case .recipientAccountId:
                record.recipientAccountId = try parser.optionalString()
            case .requestParameters:
                record.requestParameters = try parser.value()
            case .resources:
                try parser.elements { parser throws(JSONSyntaxError) in
                    try parser.members { key, parser throws(JSONSyntaxError) in
                        if parser.key(key, is: "ARN") {
                            if let arn = try parser.optionalString() { record.resourceARNs.append(arn) }
                        } else {
                            try parser.skipValue()
                        }
                    }
                }
            case .userIdentity:
                try parser.members { key, parser throws(JSONSyntaxError) in
                    if parser.key(key, is: "arn") {
                        record.identityARN = try parser.optionalString()
                    } else if parser.key(key, is: "accountId") {
                        record.identityAccount = try parser.optionalString()
                    } else if parser.key(key, is: "sessionContext") {
                        try parser.members { key, parser throws(JSONSyntaxError) in
                            guard parser.key(key, is: "sessionIssuer") else { return try parser.skipValue() }
                            try parser.members { key, parser throws(JSONSyntaxError) in
                                if parser.key(key, is: "arn") { record.issuerARN = try parser.optionalString() } else { try parser.skipValue() }
                            }
                        }
                    } else {
                        try parser.skipValue()
                    }
                }
            case nil:
                try parser.skipValue()
            }
        }
    }
}
