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

    /// Refuses a record that is not one valid JSON value, without building it.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(TrailFileScanner.Error) {
        var parser = JSONReader(bytes, range: range)
        do throws(JSONSyntaxError) {
            try parser.skipValue()
            try parser.expectEnd()
        } catch {
            throw .malformed(error.description)
        }
    }

    private static func read(_ parser: inout JSONReader, into record: inout ActivityRecord) throws(JSONSyntaxError) {
        guard parser.peek == UInt8(ascii: "{") else { throw parser.failure("a record must be an object") }
        try parser.members { key, parser throws(JSONSyntaxError) in
            if parser.key(key, is: "eventTime") {
                record.eventTime = try parser.optionalString() ?? ""
            } else if parser.key(key, is: "eventSource") {
                record.eventSource = try parser.optionalString() ?? ""
            } else if parser.key(key, is: "eventName") {
                record.eventName = try parser.optionalString() ?? ""
            } else if parser.key(key, is: "awsRegion") {
                record.awsRegion = try parser.optionalString()
            } else if parser.key(key, is: "errorCode") {
                record.errorCode = try parser.optionalString()
            } else if parser.key(key, is: "errorMessage") {
                record.errorMessage = try parser.optionalString()
            } else if parser.key(key, is: "eventType") {
                record.eventType = try parser.optionalString()
            } else if parser.key(key, is: "recipientAccountId") {
                record.recipientAccountId = try parser.optionalString()
            } else if parser.key(key, is: "requestParameters") {
                record.requestParameters = try parser.value()
            } else if parser.key(key, is: "resources") {
                try parser.elements { parser throws(JSONSyntaxError) in
                    try parser.members { key, parser throws(JSONSyntaxError) in
                        if parser.key(key, is: "ARN") {
                            if let arn = try parser.optionalString() { record.resourceARNs.append(arn) }
                        } else {
                            try parser.skipValue()
                        }
                    }
                }
            } else if parser.key(key, is: "userIdentity") {
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
            } else {
                try parser.skipValue()
            }
        }
    }
}
