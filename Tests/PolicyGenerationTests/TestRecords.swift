import Foundation
import SecurityEvents

/// Builds CloudTrail records the way they arrive: decoded from JSON.
enum TestRecords {
    static let account = "111122223333"
    static let roleARN = "arn:aws:iam::111122223333:role/build-agent"
    static let userARN = "arn:aws:iam::111122223333:user/alice"

    /// A role session's identity, as CloudTrail writes it.
    static func roleIdentity(_ role: String = roleARN, session: String = "ci-1234") -> [String: Any] {
        let name = role.split(separator: "/").last.map(String.init) ?? ""
        let account = role.split(separator: ":")[4]
        return [
            "type": "AssumedRole", "principalId": "AROAEXAMPLEID:\(session)",
            "arn": "arn:aws:sts::\(account):assumed-role/\(name)/\(session)", "accountId": String(account),
            "sessionContext": ["sessionIssuer": ["type": "Role", "principalId": "AROAEXAMPLEID", "arn": role,
                                                 "accountId": String(account), "userName": name]],
        ]
    }

    static func userIdentity(_ user: String = userARN) -> [String: Any] {
        ["type": "IAMUser", "principalId": "AIDAEXAMPLEID", "arn": user, "accountId": account, "userName": "alice"]
    }

    static func record(
        _ eventSource: String, _ eventName: String, parameters: [String: Any]? = nil,
        resources: [String]? = nil, identity: [String: Any]? = nil, errorCode: String? = nil,
        errorMessage: String? = nil, eventType: String = "AwsApiCall", region: String = "eu-west-1",
        time: String = "2026-11-20T08:38:05Z"
    ) -> CloudTrailRecord {
        var json: [String: Any] = [
            "eventVersion": "1.09", "eventTime": time, "eventSource": eventSource, "eventName": eventName,
            "awsRegion": region, "sourceIPAddress": "192.0.2.10", "userAgent": "aws-cli/2.15",
            "eventType": eventType, "recipientAccountId": account,
            "userIdentity": identity ?? roleIdentity(),
        ]
        if let parameters { json["requestParameters"] = parameters }
        if let resources { json["resources"] = resources.map { ["ARN": $0, "accountId": account] } }
        if let errorCode { json["errorCode"] = errorCode }
        if let errorMessage { json["errorMessage"] = errorMessage }
        return decode(json)
    }

    static func decode(_ json: [String: Any]) -> CloudTrailRecord {
        let data = try! JSONSerialization.data(withJSONObject: json)
        return try! JSONDecoder().decode(CloudTrailRecord.self, from: data)
    }
}
