@testable import BucketExposureCore
@testable import BucketExposure

/// The bucket owner's account and the one other account every test uses (AWS's example ids).
let owner = "111122223333"
let other = "444455556666"
/// The owner's canonical user id, as the ACL's Owner/ID carries it.
let ownerCanonical = String(repeating: "ab", count: 32)
let otherCanonical = String(repeating: "cd", count: 32)

/// A policy document around the given statements.
func policy(_ statements: String...) -> String {
    #"{"Version":"2012-10-17","Id":"ExamplePolicy","Statement":[\#(statements.joined(separator: ","))]}"#
}

/// An Allow statement on the example bucket with the given principal JSON and optional condition JSON.
func allow(_ principal: String, sid: String? = nil, condition: String? = nil,
           action: String = #""s3:GetObject""#) -> String {
    var members = [#""Effect":"Allow""#, #""Principal":\#(principal)"#, #""Action":\#(action)"#,
                   #""Resource":"arn:aws:s3:::example-bucket/*""#]
    if let sid { members.insert(#""Sid":"\#(sid)""#, at: 0) }
    if let condition { members.append(#""Condition":\#(condition)"#) }
    return "{" + members.joined(separator: ",") + "}"
}

func deny(_ principal: String, condition: String? = nil) -> String {
    var members = [#""Effect":"Deny""#, #""Principal":\#(principal)"#, #""Action":"s3:*""#,
                   #""Resource":["arn:aws:s3:::example-bucket","arn:aws:s3:::example-bucket/*"]"#]
    if let condition { members.append(#""Condition":\#(condition)"#) }
    return "{" + members.joined(separator: ",") + "}"
}

/// Evaluates a policy alone (owner-only ACL, no Block Public Access, no Object Ownership).
func evaluatePolicy(_ text: String) throws -> Exposure {
    try evaluate(policy: text, acl: ownerOnlyACL, bucketBlock: nil, accountBlock: nil, ownership: nil, owner: owner)
}

let ownerOnlyACL = BucketACL(ownerID: ownerCanonical, grants: [
    .init(grantee: .canonicalUser(id: ownerCanonical), permission: "FULL_CONTROL"),
])

func acl(_ grants: BucketACL.Grant...) -> BucketACL {
    BucketACL(ownerID: ownerCanonical, grants: [
        .init(grantee: .canonicalUser(id: ownerCanonical), permission: "FULL_CONTROL"),
    ] + grants)
}

let allUsersRead = BucketACL.Grant(grantee: .group(uri: BucketACL.allUsersURI), permission: "READ")
let authenticatedRead = BucketACL.Grant(grantee: .group(uri: BucketACL.authenticatedUsersURI), permission: "READ")
let logDeliveryWrite = BucketACL.Grant(grantee: .group(uri: BucketACL.logDeliveryURI), permission: "WRITE")

let publicPolicy = policy(allow(#""*""#, sid: "PublicRead"))
let crossAccountPolicy = policy(allow(#"{"AWS":"arn:aws:iam::\#(other):root"}"#, sid: "Partner"))
