import ForensicsCore
import AWSModels
import AWSClient
import FoundationEssentials

/// Finds out what the planners need, through AWS. A fact that cannot be found is recorded
/// against the step that needs it (which then fails with why) instead of stopping the rest.
struct FactGatherer: Sendable {
    /// Acting in the instance's account and region.
    let client: AWSClient
    /// The function's own account, for the evidence bucket.
    let evidenceClient: AWSClient
    let settings: ForensicsSettings

    /// DescribeInstances for one instance (its `document` is kept as evidence).
    func describe(_ instanceId: String) async throws -> EC2Instance {
        let items: [EC2Instance]
        do {
            items = try await client.ec2.describeInstances(ids: [instanceId])
        } catch let error as AWSError where error.code == "InvalidInstanceID.NotFound" {
            throw ForensicsError.instanceNotFound(instanceId, in: client.region)
        }
        guard let instance = items.first(where: { $0.instanceId == instanceId }) else {
            throw ForensicsError.instanceNotFound(instanceId, in: client.region)
        }
        return instance
    }

    /// The quarantined instance a release names by incident id.
    func find(incident incidentId: String) async throws -> String? {
        let items = try await client.ec2.describeInstances(ids: [], filters: ["tag:\(QuarantineTags.incident)": [incidentId]])
        return items.first?.instanceId
    }

    func facts(_ record: EC2Instance, incident: IncidentContext, releasing: Bool) async -> InstanceFacts {
        var facts = InstanceFacts(
            instanceId: record.instanceId, state: record.state, vpcId: record.vpcId, subnetId: record.subnetId,
            availabilityZone: record.availabilityZone, rootDeviceName: record.rootDeviceName, tags: record.tags,
            interfaces: record.interfaces, volumes: record.volumes)
        let ec2 = client.ec2
        let id = record.instanceId
        if releasing || facts.quarantineIncident != nil {
            facts.releaseRecord = await releaseRecord(incident: incident, instanceId: id)
        }

        await gather(.revokeProfile, into: &facts) { facts in
            facts.profileAssociation = try await ec2.profileAssociations(instanceId: id)
                .first { ["associating", "associated"].contains($0.state) }
                .map { InstanceFacts.ProfileAssociation(associationId: $0.associationId, profileArn: $0.profileArn) }
        }
        // Only where sessions may be revoked: with REVOKE_ROLE_SESSIONS off the role cannot even
        // read its instance role's policies (the template denies it), and wrote no deny to remove.
        if settings.revokeRoleSessions, let profile = facts.profileArn {
            let sessions = RoleSessions(client: client)
            await gather(.revokeSessions, into: &facts) { facts in
                facts.role = try await sessions.role(ofProfile: profile)
                if let role = facts.role {
                    facts.sessionDenyInPlace = try await sessions.hasPolicy(role: role, name: incident.sessionDenyPolicyName)
                }
            }
        }
        if (settings.forensicAMI != nil && settings.forensicSubnet != nil) || releasing {
            await gather(.forensicWorkstation, into: &facts) { facts in
                let tags = ["tag:\(QuarantineTags.workstationFor)": [id], "tag:\(QuarantineTags.incidentResource)": [incident.incidentId]]
                facts.forensicWorkstation = try await ec2.describeInstances(
                    ids: [], filters: tags.merging(["instance-state-name": ["pending", "running", "stopping", "stopped"]]) { $1 }
                ).first?.instanceId
                if let workstation = facts.forensicWorkstation {
                    facts.workstationSnapshots = try await ec2.volumes(filters: tags)
                        .filter { $0.attachedTo == workstation }.compactMap(\.snapshotId)
                }
            }
        }
        if releasing { return facts }

        await gather(.protect, into: &facts) { facts in
            facts.terminationProtection = try await ec2.instanceAttribute(id, "disableApiTermination") == "true"
            facts.shutdownBehavior = try await ec2.instanceAttribute(id, "instanceInitiatedShutdownBehavior") ?? "stop"
        }
        await gather(.detachASG, into: &facts) { facts in
            let autoScaling = client.autoScaling
            let membership = try await autoScaling.memberships(instanceIds: [id]).first
            facts.autoScalingGroup = membership?.groupName
            // Once detached, the group it was in (recorded): its target groups are still the
            // detach's to deregister from (with connection draining), never a step to repeat.
            if let group = membership?.groupName ?? facts.recorded?.autoScalingGroup {
                facts.autoScalingTargetGroups = try await autoScaling.groups(names: [group]).first?.targetGroupARNs ?? []
            }
        }
        await gather(.deregisterTargets, into: &facts) { facts in
            let elbv2 = client.elbv2
            for group in try await elbv2.targetGroups() where group.targetType == "instance" && group.vpcId == record.vpcId {
                for target in try await elbv2.targets(of: group.arn) where target.id == id {
                    facts.targetGroups.append(.init(targetGroupArn: group.arn, port: target.port))
                }
            }
        }
        if !record.interfaces.isEmpty {
            await gather(.releaseEIP, into: &facts) { facts in
                facts.elasticIPs = try await ec2.describeAddresses(filters: ["network-interface-id": record.interfaces.map(\.id)])
                    .filter { $0.associationId != nil }
                    .map { .init(publicIp: $0.publicIp, allocationId: $0.allocationId, associationId: $0.associationId,
                                 networkInterfaceId: $0.networkInterfaceId) }
            }
        }
        if let vpc = record.vpcId {
            await gather(.isolateNetwork, into: &facts) { facts in
                let groups = try await ec2.describeSecurityGroups(filters: ["vpc-id": [vpc], "tag-key": [QuarantineTags.groupRole]])
                    .sorted { $0.id < $1.id }
                facts.allowAllGroup = groups.first { $0.tags[QuarantineTags.groupRole] == QuarantineTags.allowAllRole }?.id
                let isolation = groups.first { $0.tags[QuarantineTags.groupRole] == QuarantineTags.isolationRole }
                facts.isolationGroup = isolation?.id
                facts.isolationGroupRules = (isolation?.ingressRuleCount ?? 0) + (isolation?.egressRuleCount ?? 0)
            }
        }
        await gather(.snapshot, into: &facts) { facts in
            for snapshot in try await ec2.describeSnapshots(ownedBySelf: ["tag:\(QuarantineTags.incidentResource)": [incident.incidentId]])
            where snapshot.state != "error" {
                facts.incidentSnapshots[snapshot.volumeId] = snapshot.id
            }
        }
        if let bucket = settings.evidenceBucket {
            // Writing the evidence again is harmless (same keys), so a listing the function may
            // not be allowed (s3:ListBucket) only costs the already-done report, never the evidence.
            let prefix = incident.evidencePrefix(instanceId: id)
            let s3 = await evidenceClient.s3(forBucket: bucket)
            facts.evidenceKeys = (try? await s3.listObjects(bucket, prefix: prefix, delimiter: nil).objects.map(\.key)) ?? []
        }
        return facts
    }

    /// The record this incident's quarantine wrote in the evidence bucket.
    func releaseRecord(incident: IncidentContext, instanceId: String) async -> RecordState {
        guard let bucket = settings.evidenceBucket else { return .unavailable("EVIDENCE_BUCKET is not set") }
        let key = ReleaseRecord.key(incident, instanceId: instanceId)
        let bytes: [UInt8]
        do {
            bytes = try await evidenceClient.s3(forBucket: bucket).getObject(bucket, key: key)
        } catch let error as AWSError where error.code == "NoSuchKey" {
            return .absent
        } catch {
            return .unavailable("could not read s3://\(bucket)/\(key): \(error)")
        }
        guard let record = try? ReleaseRecord.decoded(bytes) else {
            return .unavailable("s3://\(bucket)/\(key) is not a release record")
        }
        guard record.instanceId == instanceId, record.incidentId == incident.incidentId else {
            return .unavailable("s3://\(bucket)/\(key) records \(record.instanceId) under \(record.incidentId)")
        }
        return .found(record)
    }

    private func gather(_ step: QuarantineStep, into facts: inout InstanceFacts, _ body: (inout InstanceFacts) async throws -> Void) async {
        do {
            try await body(&facts)
        } catch {
            facts.unknown[step] = "could not describe: \(error)"
        }
    }
}

/// What gathering the facts reads, in the instance's account (isolation and release alike), and
/// in the evidence bucket with the function's own role.
extension FactGatherer {
    static func calls(revokeRoleSessions: Bool, evidenceBucket: Bool) -> [AWSCall] {
        let describe: [AWSCall] = [
            .actedIn(.EC2.describeInstances, on: "*"),
            .actedIn(.EC2.describeIamInstanceProfileAssociations, on: "*"),
            .actedIn(.EC2.describeVolumes, on: "*"),
            .actedIn(.EC2.describeInstanceAttribute, on: QuarantineActions.anyInstance),
            .actedIn(.AutoScaling.describeAutoScalingInstances, on: "*"),
            .actedIn(.AutoScaling.describeAutoScalingGroups, on: "*"),
            .actedIn(.ELBv2.describeTargetGroups, on: "*"),
            .actedIn(.ELBv2.describeTargetHealth, on: "*"),
            .actedIn(.EC2.describeAddresses, on: "*"),
            .actedIn(.EC2.describeSecurityGroups, on: "*"),
            .actedIn(.EC2.describeSnapshots, on: "*"),
        ]
        // The release record (`releaseRecord`) and what evidence is already kept (a listing).
        let evidence: [AWSCall] = [
            .own(.S3.getBucketLocation, on: QuarantineActions.evidenceBucketARN),
            .own(.S3.listObjectsV2, on: QuarantineActions.evidenceBucketARN),
            .own(.S3.getObject, on: QuarantineActions.evidenceObjects),
        ]
        return describe + (revokeRoleSessions ? RoleSessions.readCalls : []) + (evidenceBucket ? evidence : [])
    }
}

extension AWSClient {
    /// S3 in the bucket's region; this client's region when that cannot be read (the template
    /// puts the evidence bucket in the function's region).
    func s3(forBucket bucket: String) async -> S3 {
        let region = (try? await s3.bucketRegion(bucket)) ?? self.region
        return inRegion(region).s3
    }
}

extension ForensicsError {
    static func instanceNotFound(_ instanceId: String, in region: String) -> ForensicsError {
        .init("InstanceNotFound", "no instance \(instanceId) in \(region)")
    }
}
