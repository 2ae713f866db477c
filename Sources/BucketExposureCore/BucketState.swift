import AWSModels

/// A bucket's ACL as GetBucketAcl returns it: the owner's canonical id and the grants.
public struct BucketACL: Sendable, Equatable {
    public struct Grant: Sendable, Equatable {
        public enum Grantee: Sendable, Equatable {
            case canonicalUser(id: String)
            case group(uri: String)
            case email(String)
            /// A grantee of a type S3 did not name: counted as someone outside the account.
            case other(String)
        }
        public let grantee: Grantee
        /// FULL_CONTROL, READ, WRITE, READ_ACP, WRITE_ACP
        public let permission: String

        public init(grantee: Grantee, permission: String) {
            self.grantee = grantee
            self.permission = permission
        }
    }

    public let ownerID: String?
    public let grants: [Grant]

    public init(ownerID: String?, grants: [Grant]) {
        self.ownerID = ownerID
        self.grants = grants
    }

    public static let allUsersURI = "http://acs.amazonaws.com/groups/global/AllUsers"
    public static let authenticatedUsersURI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
    public static let logDeliveryURI = "http://acs.amazonaws.com/groups/s3/LogDelivery"
}

/// The four Block Public Access settings, of a bucket or of an account: AWSClient's own type.
public typealias BlockPublicAccess = PublicAccessBlock

extension BlockPublicAccess {
    public static let none = BlockPublicAccess(
        blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false)

    public var isFullyOn: Bool { self == .all }
}

/// Object Ownership `BucketOwnerEnforced`: ACLs are disabled and grant nothing.
public let bucketOwnerEnforced = "BucketOwnerEnforced"
