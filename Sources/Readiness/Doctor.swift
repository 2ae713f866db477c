import Primitives
import WatchpostCore
import AWSClient
import FoundationEssentials
import LambdaRuntime

/// The thin shell of `make doctor`: reads the account's state through AWSClient (read-only
/// calls only), hands the facts to the pure checks, prints their table. An AWS error is a
/// fact like any other: it becomes the verdict of the check it belongs to, never a crash.
public struct Doctor: Sendable {
    let client: AWSClient
    let settings: DoctorSettings

    public init(client: AWSClient, settings: DoctorSettings) {
        self.client = client
        self.settings = settings
    }

    /// `watchpost-doctor`: the exit status is 0 when nothing fails, 1 when something does,
    /// 2 when the settings or the AWS configuration are unusable.
    public static func main(environment: [String: String]) async -> Int32 {
        let doctor: Doctor
        do {
            doctor = Doctor(client: try AWSClient(environment: environment), settings: try DoctorSettings(environment: environment))
        } catch {
            Logger.writeLine("watchpost-doctor: \(error)")
            return 2
        }
        let account = await fact("STS GetCallerIdentity") { try await doctor.client.callerAccount() }
        let who = switch account {
        case .success(let id): "account \(id)"
        case .failure(let failure): "account unknown (\(failure.summary))"
        }
        print("watchpost doctor: \(who), region \(doctor.client.region)\n")
        let results = await doctor.run()
        print(ReadinessTable.render(results), terminator: "")
        return ReadinessTable.exitStatus(results)
    }

    /// Every check, in the table's order.
    public func run() async -> [CheckResult] {
        let trails = await trailFacts()
        let bucketRegion: Fact<String>? = if let bucket = settings.trailBucket {
            await Self.fact("S3 GetBucketLocation") { try await client.s3.bucketRegion(bucket) }
        } else {
            nil
        }
        var results = [
            TrailReadiness.managementTrail(trails),
            TrailReadiness.trailBucket(settings.trailBucket, trails: trails, bucketRegion: bucketRegion),
            TrailReadiness.dataEvents(wanted: settings.s3DataEvents, trails: trails),
        ]
        results += await guardDuty()
        results.append(LogGroupReadiness.verdict(.ssh, name: settings.sshLogGroup, region: client.region,
                                                 names: await logGroups(settings.sshLogGroup)))
        results.append(LogGroupReadiness.verdict(.rdp, name: settings.rdpLogGroup, region: client.region,
                                                 names: await logGroups(settings.rdpLogGroup)))
        let hub: Fact<String>? = settings.securityHub
            ? await Self.fact("SecurityHub DescribeHub") { try await client.securityHub.describeHub() } : nil
        results.append(SecurityHubReadiness.verdict(wanted: settings.securityHub, region: client.region, hub: hub))
        // The deployed stack, read once for its roles and for the organization path.
        let stackResources: Fact<[CloudFormation.StackResource]>? = if let stack = settings.stack {
            await Self.fact("CloudFormation DescribeStackResources") { try await client.cloudFormation.describeStackResources(stack: stack) }
        } else {
            nil
        }
        results += await roles(stackResources)
        results += await organization(stackResources)
        return results
    }

    /// The organization path: the accounts listed as the sweep lists them, the member StackSet's
    /// coverage, each function's member role in a sample of the accounts (asked of the function),
    /// and the member accounts' login subscriptions.
    func organization(_ stackResources: Fact<[CloudFormation.StackResource]>?) async -> [CheckResult] {
        guard settings.organization else { return [OrganizationReadiness.notRequested()] }
        let accounts = await Self.fact("Organizations ListAccounts") {
            var lister = client
            if let role = settings.organizationRoleARN { lister = try await client.assuming(roleARN: role, sessionName: "watchpost-doctor") }
            return try await lister.organizations.listAccounts().filter { $0.state == "ACTIVE" }.map(\.id)
        }
        var results = [OrganizationReadiness.accounts(accounts, role: settings.organizationRoleARN)]
        guard case .success(let ids) = accounts,
            case .success(let own) = await Self.fact("STS GetCallerIdentity", { try await client.callerAccount() })
        else { return results }
        let instances = await Self.fact("CloudFormation ListStackInstances") {
            try await client.cloudFormation.listStackInstances(stackSet: settings.memberStackSet)
                .map { OrganizationReadiness.StackInstance(account: $0.account, status: $0.status) }
        }
        results.append(OrganizationReadiness.memberStacks(stackSet: settings.memberStackSet, accounts: ids, own: own, instances: instances))
        guard let stack = settings.stack, let stackResources else {
            let why = "STACK not set: the stack whose functions and destination to check is unknown"
            return results + [MemberRoleReadiness.notRequested(why), LogSubscriptionReadiness.notRequested(why)]
        }
        results += await memberRoles(stack: stack, resources: stackResources, accounts: ids, own: own)
        results.append(LogSubscriptionReadiness.verdict(
            stack: stack, own: own, stackSet: settings.memberStackSet,
            destinations: await Self.fact("CloudWatchLogs DescribeDestinations") {
                try await client.logs.destinationNames(prefix: LogSubscriptionReadiness.destinationName(stack: stack))
            },
            parameters: await Self.fact("CloudFormation DescribeStackSet") {
                try await client.cloudFormation.stackSetParameters(stackSet: settings.memberStackSet)
            }))
        return results
    }

    /// Each of the stack's functions, asked to assume its member role in the sampled accounts.
    func memberRoles(stack: String, resources: Fact<[CloudFormation.StackResource]>, accounts: [String], own: String) async -> [CheckResult] {
        let sample = MemberRoleReadiness.sample(accounts, own: own, size: settings.memberRoleSample)
        guard !sample.isEmpty else { return [MemberRoleReadiness.notRequested("no member account to ask about")] }
        let found: [CloudFormation.StackResource]
        switch resources {
        case .success(let resources): found = resources
        case .failure(let failure): return [RoleReadiness.stackUnreadable(stack, failure, allowing: "cloudformation:DescribeStackResources")]
        }
        // watchpost's own functions only (`<stack>-<function>`): no other function is sent the probe.
        let functions = found.filter { resource in
            resource.type == "AWS::Lambda::Function" && DeployedFunction.all.contains { resource.physicalID.hasSuffix("-\($0.name)") }
        }.map(\.physicalID).sorted()
        var results: [CheckResult] = []
        for function in functions {
            let invoked = await Self.fact("Lambda Invoke") { try await client.lambda.invoke(function, payload: MemberRoleReadiness.probe(sample)) }
            results.append(MemberRoleReadiness.verdict(function: function, sample: sample,
                                                       of: Set(accounts).subtracting([own]).count, invoked: invoked))
        }
        return results
    }

    /// The trails that apply here, each with its selectors and status read in its home region.
    func trailFacts() async -> Fact<[TrailFacts]> {
        let trails = await Self.fact("CloudTrail DescribeTrails") { try await client.cloudTrail.describeTrails() }
        guard case .success(let list) = trails else { return trails.map { _ in [] } }
        var facts: [TrailFacts] = []
        for trail in list {
            let home = client.inRegion(trail.homeRegion.isEmpty ? client.region : trail.homeRegion).cloudTrail
            facts.append(TrailFacts(
                trail: trail,
                selectors: await Self.fact("CloudTrail GetEventSelectors") { try await home.eventSelectors(trailARN: trail.arn) },
                isLogging: await Self.fact("CloudTrail GetTrailStatus") { try await home.isLogging(trailARN: trail.arn) }))
        }
        return .success(facts)
    }

    /// GuardDuty's detectors in every region of this partition, asked concurrently.
    func guardDuty() async -> [CheckResult] {
        let regions = await Self.fact("EC2 DescribeRegions") { try await client.ec2.describeRegions() }
            // An emulator lists every partition's regions; an account lives in one.
            .map { $0.filter { AWSPartition.of(region: $0.name) == client.partition } }
        let enabled = (try? regions.get()).map { GuardDutyCoverage.regionsToCheck($0).enabled } ?? []
        // Every region at once: each is one account's read of its own regional endpoint.
        let detectors = await enabled.concurrentMap(limit: enabled.count) { region in
            let guardDuty = client.inRegion(region).guardDuty
            return (region: region, detectors: await Self.fact("GuardDuty ListDetectors") {
                var detectors: [GuardDutyCoverage.Detector] = []
                for id in try await guardDuty.listDetectors() {
                    detectors.append(.init(id: id, status: try await guardDuty.detectorStatus(id)))
                }
                return detectors
            })
        }
        return GuardDutyCoverage.results(regions: regions, detectors: detectors)
    }

    func logGroups(_ name: String?) async -> Fact<[String]>? {
        guard let name else { return nil }
        return await Self.fact("CloudWatchLogs DescribeLogGroups") { try await client.logs.logGroupNames(prefix: name) }
    }

    /// The stack's function roles, simulated against what each function needs.
    func roles(_ stackResources: Fact<[CloudFormation.StackResource]>?) async -> [CheckResult] {
        guard let stack = settings.stack, let stackResources else { return [RoleReadiness.notRequested()] }
        let resources: [CloudFormation.StackResource]
        switch stackResources {
        case .success(let found): resources = found
        case .failure(let failure): return [RoleReadiness.stackUnreadable(stack, failure, allowing: "cloudformation:DescribeStackResources")]
        }
        let account: String
        switch await Self.fact("STS GetCallerIdentity", { try await client.callerAccount() }) {
        case .success(let id): account = id
        case .failure(let failure): return [RoleReadiness.stackUnreadable(stack, failure, allowing: "sts:GetCallerIdentity")]
        }
        let subjects = RoleReadiness.subjects(stack: resources, partition: client.partition, region: client.region, account: account,
                                              securityHub: settings.securityHub)
        guard !subjects.isEmpty else { return [RoleReadiness.noFunctionRoles(stack)] }
        var results: [CheckResult] = []
        // Once the simulator proves unavailable, asking again for the next role only waits on retries.
        var unavailable: CallFailure?
        for subject in subjects {
            var evaluations: Fact<[IAM.Evaluation]> = .success([])
            if let unavailable {
                evaluations = .failure(unavailable)
            } else if case .success(let simulations) = subject.simulations {
                evaluations = await Self.fact("IAM SimulatePrincipalPolicy") {
                    var all: [IAM.Evaluation] = []
                    for simulation in simulations {
                        all += try await client.iam.simulatePrincipalPolicy(
                            principalARN: subject.roleARN, actions: simulation.actions,
                            resources: simulation.resource == "*" ? [] : [simulation.resource])
                    }
                    return all
                }
                if case .failure(let failure) = evaluations, failure.isUnavailable { unavailable = failure }
            }
            results.append(RoleReadiness.verdict(subject, evaluations: evaluations))
        }
        return results
    }

    /// The answer of a read, or why there is none.
    static func fact<T>(_ operation: String, _ read: () async throws -> T) async -> Fact<T> {
        do {
            return .success(try await read())
        } catch {
            return .failure(CallFailure(error, operation: operation))
        }
    }
}
