import FoundationEssentials
import Primitives
import Synchronization

/// The thin AWS client every function shares: credentials, region and endpoints from the
/// environment, SigV4, one retry policy, HTTPS over libcurl, and typed operations per service
/// (`client.s3`, `client.ec2`, …) built on the generic protocol calls in `Protocols/`.
///
/// A value type: `inRegion`, `until` and `forAccount` return adjusted copies that share the
/// transport's connection pool and the caches.
public struct AWSClient: Sendable {
    public let region: String
    let credentials: Credentials
    let endpoints: Endpoints
    let transport: any HTTPTransport
    public let retryPolicy: RetryPolicy
    let deadline: ContinuousClock.Instant?
    let memberRoleName: String
    let state: SharedState

    /// Caches shared by every copy of a client acting with the same credentials.
    final class SharedState: Sendable {
        let callerIdentity = Mutex<(account: String, arn: String)?>(nil)
        /// Member-account credentials by role ARN, reused until shortly before they expire.
        let memberCredentials = Mutex<[String: Credentials]>([:])

        init(account: String? = nil) {
            if let account { callerIdentity.withLock { $0 = (account, "") } }
        }
    }

    /// One libcurl connection pool per process, so warm invocations reuse connections.
    static let sharedTransport = CurlTransport()

    /// Reads credentials (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, else
    /// the shared files and `AWS_PROFILE`), the region (`AWS_REGION`, `AWS_DEFAULT_REGION`, else
    /// the profile's) and the endpoint overrides.
    public init(environment: [String: String], transport: (any HTTPTransport)? = nil) throws(AWSClientError) {
        let files = SharedConfigFiles(environment: environment)
        guard let region = [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"], files.region]
            .compactMap({ $0 }).first(where: { !$0.isEmpty })
        else {
            throw .configuration("no region: set AWS_REGION (or AWS_DEFAULT_REGION, or a region in the AWS config file)")
        }
        let credentials: Credentials
        if let keyID = environment["AWS_ACCESS_KEY_ID"], !keyID.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        {
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            credentials = Credentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
        } else if let fromFiles = files.profileCredentials {
            credentials = fromFiles
        } else {
            throw .configuration("no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile with static keys (profile '\(files.profile)')")
        }
        self.init(
            region: region, credentials: credentials, endpoints: Endpoints(environment: environment),
            transport: transport ?? Self.sharedTransport, retryPolicy: RetryPolicy(environment: environment),
            deadline: nil, memberRoleName: "watchpost-member",
            state: SharedState())
    }

    init(region: String, credentials: Credentials, endpoints: Endpoints, transport: any HTTPTransport,
         retryPolicy: RetryPolicy, deadline: ContinuousClock.Instant?, memberRoleName: String, state: SharedState) {
        self.region = region
        self.credentials = credentials
        self.endpoints = endpoints
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.deadline = deadline
        self.memberRoleName = memberRoleName
        self.state = state
    }

    private func with(region: String? = nil, credentials: Credentials? = nil, retryPolicy: RetryPolicy? = nil,
                      deadline: ContinuousClock.Instant?? = nil, memberRoleName: String? = nil, state: SharedState? = nil) -> AWSClient {
        AWSClient(region: region ?? self.region, credentials: credentials ?? self.credentials, endpoints: endpoints,
                  transport: transport, retryPolicy: retryPolicy ?? self.retryPolicy, deadline: deadline ?? self.deadline,
                  memberRoleName: memberRoleName ?? self.memberRoleName, state: state ?? self.state)
    }

    /// The same client assuming `name` (not `watchpost-member`) in member accounts: the function
    /// shell passes `WATCHPOST_MEMBER_ROLE`.
    public func assumingMemberRole(_ name: String) -> AWSClient { with(memberRoleName: name) }

    /// The same client in another region (a bucket's own, say).
    public func inRegion(_ region: String) -> AWSClient { with(region: region) }

    /// No request, retries included, outlives this instant: pass the invocation's deadline.
    public func until(_ deadline: ContinuousClock.Instant) -> AWSClient { with(deadline: .some(deadline)) }

    /// The same client with another retry policy (e.g. more patience for a paginated read).
    public func retrying(_ policy: RetryPolicy) -> AWSClient { with(retryPolicy: policy) }

    /// The partition of this client's region, for building ARNs.
    public var partition: String { AWSPartition.of(region: region) }

    /// The account these credentials act in (STS GetCallerIdentity, asked once per client).
    public func callerAccount() async throws -> String {
        if let known = state.callerIdentity.withLock({ $0?.account }) { return known }
        let identity = try await sts.getCallerIdentity()
        state.callerIdentity.withLock { $0 = (identity.account, identity.arn) }
        return identity.account
    }

    /// A client acting in `account` through `arn:<partition>:iam::<account>:role/<member role>`,
    /// or this client when `account` is its own. Credentials are reused across calls until
    /// 15 minutes before they expire (a Lambda invocation lasts at most 15 minutes).
    public func forAccount(_ account: String, sessionName: String) async throws -> AWSClient {
        if try await callerAccount() == account { return self }
        return try await assuming(roleARN: "arn:\(partition):iam::\(account):role/\(memberRoleName)", sessionName: sessionName,
                                  account: account)
    }

    /// A client acting as `roleARN` (a read-only role in the organization's management account,
    /// say). Credentials are reused across calls until 15 minutes before they expire.
    public func assuming(roleARN: String, sessionName: String) async throws -> AWSClient {
        let account = roleARN.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init)
        return try await assuming(roleARN: roleARN, sessionName: sessionName, account: account)
    }

    private func assuming(roleARN: String, sessionName: String, account: String?) async throws -> AWSClient {
        let freshUntil = Date().addingTimeInterval(15 * 60)
        let cached = state.memberCredentials.withLock { $0[roleARN] }
        if let cached, let expiration = cached.expiration, expiration > freshUntil {
            return with(credentials: cached, state: SharedState(account: account))
        }
        let assumed = try await sts.assumeRole(roleARN: roleARN, sessionName: Self.roleSessionName(sessionName))
        state.memberCredentials.withLock { $0[roleARN] = assumed }
        return with(credentials: assumed, state: SharedState(account: account))
    }

    /// What `forAccount` calls: AssumeRole of the function's member role (`memberRole`, a name
    /// pattern) in any member account, from its own role. GetCallerIdentity needs no permission.
    public static func memberAccountCalls(memberRole: String) -> [AWSCall] {
        [.members(.STS.assumeRole, on: "arn:{partition}:iam::*:role/\(memberRole)")]
    }

    /// STS allows `[\w+=,.@-]{2,64}` in a session name; anything else becomes "-".
    static func roleSessionName(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-")
        let cleaned = String(name.map { allowed.contains($0) ? $0 : "-" }.prefix(64))
        return cleaned.count >= 2 ? cleaned : "watchpost"
    }
}
