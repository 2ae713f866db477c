import AWSModels
import WatchpostCore
import Integrations
import AWSClient
import Foundation
import LambdaRuntime
import SecurityEvents
import Testing

@testable import ForensicsCore
@testable import Forensics
import FunctionShell
import Primitives

/// The handler against a scripted AWS: what moto cannot show — refusals in one step, a member
/// role that cannot be assumed, the IAM session deny, the forensic workstation.
struct HandlerTests {
    static let instance = "i-0123456789abcdef0"
    static let topic = "arn:aws:sns:us-east-1:111122223333:watchpost-incidents"

    /// A world with the instance of EC2InstanceTests (in web-asg, two interfaces, two
    /// volumes, a profile, an Elastic IP); `overrides` replace answers per action.
    static func world(_ overrides: [String: (status: Int, body: String)] = [:],
                      first: ScriptedAWS.Script? = nil) -> ScriptedAWS {
        ScriptedAWS { action, parameters in
            if let answer = first?(action, parameters) { return answer }
            if let answer = overrides[action] { return answer }
            switch action {
            case "GetCallerIdentity":
                return (200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111122223333</Account><Arn>arn:aws:iam::111122223333:role/f</Arn><UserId>AROA</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>")
            case "DescribeInstances":
                if parameters["InstanceId.1"] == "i-0fedcba9876543210" {
                    return (200, "<DescribeInstancesResponse><reservationSet><item><instancesSet><item><instanceId>i-0fedcba9876543210</instanceId><instanceState><name>running</name></instanceState></item></instancesSet></item></reservationSet></DescribeInstancesResponse>")
                }
                if parameters["Filter.1.Name"] != nil {
                    return (200, "<DescribeInstancesResponse><reservationSet/></DescribeInstancesResponse>")
                }
                return (200, EC2InstanceTests.item)
            case "DescribeIamInstanceProfileAssociations":
                return (200, "<R><iamInstanceProfileAssociationSet><item><associationId>iip-assoc-1</associationId><iamInstanceProfile><arn>arn:aws:iam::111122223333:instance-profile/web-app</arn></iamInstanceProfile><state>associated</state></item></iamInstanceProfileAssociationSet></R>")
            case "DescribeInstanceAttribute":
                let attribute = parameters["Attribute"] ?? ""
                let value = attribute == "disableApiTermination" ? "false" : "terminate"
                return (200, "<R><\(attribute)><value>\(value)</value></\(attribute)></R>")
            case "DescribeAutoScalingInstances":
                return (200, "<R><DescribeAutoScalingInstancesResult><AutoScalingInstances><member><InstanceId>\(instance)</InstanceId><AutoScalingGroupName>web-asg</AutoScalingGroupName></member></AutoScalingInstances></DescribeAutoScalingInstancesResult></R>")
            case "DescribeAutoScalingGroups":
                return (200, "<R><DescribeAutoScalingGroupsResult><AutoScalingGroups><member><AutoScalingGroupName>web-asg</AutoScalingGroupName><TargetGroupARNs/></member></AutoScalingGroups></DescribeAutoScalingGroupsResult></R>")
            case "DescribeTargetGroups":
                return (200, "<R><DescribeTargetGroupsResult><TargetGroups/></DescribeTargetGroupsResult></R>")
            case "DescribeAddresses":
                return (200, "<R><addressesSet/></R>")
            case "DescribeSecurityGroups":
                return (200, "<R><securityGroupInfo/></R>")
            case "CreateSecurityGroup":
                return (200, "<R><groupId>sg-\(parameters["GroupName"] ?? "")</groupId></R>")
            case "DescribeSnapshots":
                return (200, "<R><snapshotSet/></R>")
            case "DescribeSecurityGroupRules":
                // A new group's default egress rule.
                return (200, "<R><securityGroupRuleSet><item><securityGroupRuleId>sgr-egress</securityGroupRuleId><groupId>\(parameters["Filter.1.Value.1"] ?? "")</groupId><isEgress>true</isEgress></item></securityGroupRuleSet></R>")
            case "CreateSnapshots":
                return (200, "<R><snapshotSet><item><snapshotId>snap-1</snapshotId><volumeId>vol-0root</volumeId></item><item><snapshotId>snap-2</snapshotId><volumeId>vol-0data</volumeId></item></snapshotSet></R>")
            case "GetInstanceProfile":
                return (200, "<R><GetInstanceProfileResult><InstanceProfile><Roles><member><RoleName>web-app-role</RoleName></member></Roles></InstanceProfile></GetInstanceProfileResult></R>")
            case "GetRolePolicy":
                return ScriptedAWS.queryError("NoSuchEntity", "no such policy", status: 404)
            case "Publish":
                return (200, "<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>")
            case "GetBucketLocation":
                return (200, "<LocationConstraint/>")
            case "ListObjectsV2":
                return (200, "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>")
            case "GetObject":
                return ScriptedAWS.s3Error("NoSuchKey", status: 404)
            default:
                return nil
            }
        }
    }

    /// The function as the shell runs it, its client on the scripted AWS.
    struct ScriptedIsolator {
        let isolator: ForensicIsolator
        let settings: FunctionSettings
        let client: AWSClient
        let environment: [String: String]

        func handle(_ event: JSONValue, context: LambdaContext) async throws -> ForensicsResponse {
            try await isolator.handle(event, in: Invocation(client: client.assumingMemberRole(settings.memberRoleName),
                                                            context: context, settings: settings, environment: environment))
        }
    }

    static func handler(_ aws: ScriptedAWS, _ environment: [String: String] = [:]) throws -> ScriptedIsolator {
        let environment = ScriptedAWS.environment.merging(["ALERT_TOPIC_ARN": topic]) { $1 }.merging(environment) { $1 }
        let settings = try FunctionSettings(product: ForensicIsolator.product, environment: environment)
        return ScriptedIsolator(isolator: try ForensicIsolator(settings: settings, environment: environment), settings: settings,
                                client: try aws.client(environment), environment: environment)
    }

    static func context() -> LambdaContext {
        LambdaContext(requestID: "r-1", deadline: .now + .seconds(30), invokedFunctionARN: "arn:aws:lambda:us-east-1:111122223333:function:forensic-isolator",
                      logger: Logger(minimumLevel: .error))
    }

    static func status(_ response: ForensicsResponse) -> [QuarantineStep: StepStatus] {
        Dictionary(uniqueKeysWithValues: response.steps.map { ($0.step, $0.status) })
    }

    /// The value a CreateTags call gave this key.
    static func taggedValue(_ aws: ScriptedAWS, _ key: String) -> String? {
        for call in aws.calls("CreateTags") {
            if let slot = call.first(where: { $0.key.hasSuffix(".Key") && $0.value == key })?.key {
                return call[String(slot.dropLast("Key".count)) + "Value"]
            }
        }
        return nil
    }

    static let plain: JSONValue = ["instanceId": "i-0123456789abcdef0", "reason": "responder request"]

    @Test func aRefusedDetachHoldsTheNetworkBackButNothingElse() async throws {
        let aws = Self.world(["DetachInstances": ScriptedAWS.queryError("AccessDenied", "not authorized to perform autoscaling:DetachInstances")])
        let response = try await Self.handler(aws).handle(Self.plain, context: Self.context())
        let status = Self.status(response)
        #expect(response.decision == .isolate)
        #expect(response.account == "111122223333" && response.region == "us-east-1")
        #expect(status[.detachASG] == .failed)
        #expect(response.steps.first { $0.step == .detachASG }?.detail.contains("AccessDenied") == true)
        #expect(status[.isolateNetwork] == .skipped)
        #expect(aws.calls("ModifyNetworkInterfaceAttribute").isEmpty, "never cut off while the group can still terminate it")
        #expect(status[.tag] == .done && status[.protect] == .done && status[.revokeProfile] == .done)
        #expect(status[.snapshot] == .done && status[.notify] == .done)
        let published = try #require(aws.calls("Publish").first)
        #expect(published["Subject"]?.contains("(with failures)") == true)
        #expect(published["Message"]?.contains("detach-asg") == true)
        #expect(aws.calls("ModifyInstanceAttribute").contains { $0["InstanceInitiatedShutdownBehavior.Value"] == "stop" })
    }

    @Test func networkIsolationOrderAndGroupsMadeComplete() async throws {
        let aws = Self.world()
        let response = try await Self.handler(aws).handle(Self.plain, context: Self.context())
        #expect(Self.status(response)[.isolateNetwork] == .done)
        let modifications = aws.calls("ModifyNetworkInterfaceAttribute").map { "\($0["NetworkInterfaceId"]!)=\($0["SecurityGroupId.1"]!)" }
        #expect(modifications == ["eni-0primary=sg-watchpost-allow-all", "eni-0primary=sg-watchpost-isolation",
                                  "eni-0second=sg-watchpost-allow-all", "eni-0second=sg-watchpost-isolation"])
        // The isolation group loses its default egress; each group is tagged only once configured.
        #expect(aws.calls("RevokeSecurityGroupEgress").first == ["GroupId": "sg-watchpost-isolation", "SecurityGroupRuleId.1": "sgr-egress"])
        let actions = aws.calls.map(\.action)
        let revoke = try #require(actions.firstIndex(of: "RevokeSecurityGroupEgress"))
        let groupTags = aws.calls.enumerated().filter { $0.element.action == "CreateTags" && $0.element.parameters["ResourceId.1"] == "sg-watchpost-isolation" }
        #expect(groupTags.count == 1 && groupTags[0].offset > revoke)
        #expect(groupTags.first?.element.parameters == ["ResourceId.1": "sg-watchpost-isolation", "Tag.1.Key": "watchpost:group-ready", "Tag.1.Value": "true"])
        // Each group carries watchpost's tag from its creation.
        let created = aws.calls("CreateSecurityGroup").map { [$0["GroupName"]!, $0["TagSpecification.1.ResourceType"]!, $0["TagSpecification.1.Tag.2.Key"]!, $0["TagSpecification.1.Tag.2.Value"]!] }
        #expect(created == [["watchpost-isolation", "security-group", "watchpost:group", "isolation"],
                            ["watchpost-allow-all", "security-group", "watchpost:group", "allow-all"]])
        // The detach came before any interface was touched.
        #expect(actions.firstIndex(of: "DetachInstances")! < actions.firstIndex(of: "ModifyNetworkInterfaceAttribute")!)
    }

    @Test func aGroupOfWatchpostsNameThatWatchpostDidNotCreateIsNeverTouched() async throws {
        let aws = Self.world(["DescribeSecurityGroups": (200, """
            <R><securityGroupInfo><item><groupId>sg-planted</groupId><groupName>watchpost-isolation</groupName><vpcId>vpc-0a1b2c3d4e5f60718</vpcId>
            <tagSet><item><key>watchpost:group-ready</key><value>true</value></item></tagSet></item></securityGroupInfo></R>
            """)])
        let response = try await Self.handler(aws).handle(Self.plain, context: Self.context())
        let isolate = try #require(response.steps.first { $0.step == .isolateNetwork })
        #expect(isolate.status == .failed)
        #expect(isolate.detail.contains("sg-planted named watchpost-isolation") && isolate.detail.contains("not created by watchpost"), "\(isolate.detail)")
        let writes = ["CreateTags", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
                      "RevokeSecurityGroupEgress", "ModifyNetworkInterfaceAttribute", "CreateSecurityGroup"]
        #expect(aws.calls.filter { writes.contains($0.action) && $0.parameters.values.contains("sg-planted") }.isEmpty)
        #expect(aws.calls("ModifyNetworkInterfaceAttribute").isEmpty && aws.calls("CreateSecurityGroup").isEmpty)
    }

    @Test func aGroupWatchpostCreatedButNeverFinishedIsCompleted() async throws {
        let aws = Self.world(first: { action, parameters in
            guard action == "DescribeSecurityGroups", parameters["Filter.1.Value.1"] == "watchpost-isolation" else { return nil }
            return (200, """
                <R><securityGroupInfo><item><groupId>sg-half</groupId><groupName>watchpost-isolation</groupName><vpcId>vpc-0a1b2c3d4e5f60718</vpcId>
                <tagSet><item><key>watchpost:group</key><value>isolation</value></item></tagSet></item></securityGroupInfo></R>
                """)
        })
        let response = try await Self.handler(aws).handle(Self.plain, context: Self.context())
        #expect(Self.status(response)[.isolateNetwork] == .done, "\(response.steps)")
        #expect(aws.calls("RevokeSecurityGroupEgress").contains { $0["GroupId"] == "sg-half" })
        #expect(aws.calls("CreateTags").contains { $0 == ["ResourceId.1": "sg-half", "Tag.1.Key": "watchpost:group-ready", "Tag.1.Value": "true"] })
        #expect(aws.calls("CreateSecurityGroup").map { $0["GroupName"] } == ["watchpost-allow-all"], "the isolation group is not duplicated")
    }

    @Test func theReleaseRecordIsWrittenBeforeAnythingChanges() async throws {
        let aws = Self.world()
        let response = try await Self.handler(aws, ["EVIDENCE_BUCKET": "evidence"]).handle(Self.plain, context: Self.context())
        #expect(Self.status(response)[.tag] == .done, "\(response.steps)")
        let actions = aws.calls.map(\.action)
        let put = try #require(actions.firstIndex(of: "PutObject"))
        #expect(put < actions.firstIndex(of: "DetachInstances")! && put < actions.firstIndex(of: "ModifyNetworkInterfaceAttribute")!)
        let call = aws.calls[put].parameters
        let incident = try #require(response.incidentId)
        #expect(call["Key"] == "watchpost/111122223333/us-east-1/\(Self.instance)/\(incident)/release-record.json")
        let record = try ReleaseRecord.decoded(Array(call["Body"]!.utf8))
        #expect(record == ReleaseRecord(
            incidentId: incident, instanceId: Self.instance,
            originalGroups: ["eni-0primary": ["sg-0aaa"], "eni-0second": ["sg-0aaa", "sg-0bbb"]],
            instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/web-app", autoScalingGroup: "web-asg"))
    }

    @Test func anUnassumableMemberRoleIsReportedAndTheTeamTold() async throws {
        let aws = Self.world(["AssumeRole": ScriptedAWS.queryError("AccessDenied", "not authorized to perform sts:AssumeRole")])
        let event: JSONValue = ["instanceId": "i-0123456789abcdef0", "account": "444455556666", "reason": "r"]
        let response = try await Self.handler(aws).handle(event, context: Self.context())
        #expect(response.account == "444455556666")
        #expect(response.steps.first == StepOutcome<QuarantineStep>(.describe, .failed, response.steps.first!.detail))
        #expect(response.steps.first?.detail.contains("AccessDenied") == true)
        #expect(response.steps.dropFirst().dropLast().allSatisfy { $0.status == .skipped })
        #expect(response.steps.last?.step == .notify && response.steps.last?.status == .done)
        #expect(aws.calls("AssumeRole").first?["RoleArn"] == "arn:aws:iam::444455556666:role/watchpost-member")
        #expect(aws.calls("DescribeInstances").isEmpty)
    }

    @Test func describeRefusedIsAFailedStepNotACrash() async throws {
        let aws = Self.world(["DescribeInstances": ScriptedAWS.ec2Error("UnauthorizedOperation")])
        let response = try await Self.handler(aws).handle(Self.plain, context: Self.context())
        #expect(Self.status(response)[.describe] == .failed)
        #expect(response.incidentId == nil)
        #expect(Self.status(response)[.notify] == .done)
    }

    @Test func unknownInstanceIsAClearError() async throws {
        let aws = Self.world(["DescribeInstances": ScriptedAWS.ec2Error("InvalidInstanceID.NotFound", "The instance ID does not exist")])
        await #expect(throws: ForensicsError("InstanceNotFound", "no instance i-0123456789abcdef0 in us-east-1")) {
            try await Self.handler(aws).handle(Self.plain, context: Self.context())
        }
    }

    @Test func revokeSessionsDeniesEverySessionIssuedBeforeTheQuarantine() async throws {
        let aws = Self.world()
        let response = try await Self.handler(aws, ["REVOKE_ROLE_SESSIONS": "true"]).handle(Self.plain, context: Self.context())
        #expect(Self.status(response)[.revokeSessions] == .done)
        #expect(aws.calls("GetInstanceProfile").first?["InstanceProfileName"] == "web-app")
        let put = try #require(aws.calls("PutRolePolicy").first)
        #expect(put["RoleName"] == "web-app-role")
        #expect(put["PolicyName"] == "watchpost-deny-sessions-\(response.incidentId!)")
        let document = try JSONSerialization.jsonObject(with: Data(put["PolicyDocument"]!.utf8)) as! [String: Any]
        let statement = (document["Statement"] as! [[String: Any]])[0]
        #expect(statement["Effect"] as? String == "Deny" && statement["Action"] as? String == "*")
        let condition = statement["Condition"] as! [String: [String: String]]
        // Sessions issued before the quarantine began, as the instance's tags record it.
        let issued = try #require(condition["DateLessThan"]?["aws:TokenIssueTime"])
        #expect(issued == Self.taggedValue(aws, QuarantineTags.time))
    }

    @Test func forensicWorkstationGetsAVolumeFromEachSnapshot() async throws {
        let aws = Self.world([
            "DescribeSubnets": (200, "<R><subnetSet><item><subnetId>subnet-f</subnetId><vpcId>vpc-f</vpcId><availabilityZone>us-east-1b</availabilityZone></item></subnetSet></R>"),
            "RunInstances": (200, "<R><instancesSet><item><instanceId>i-0fedcba9876543210</instanceId></item></instancesSet></R>"),
            // The incident's snapshots exist (an earlier run took them).
            "DescribeSnapshots": (200, "<R><snapshotSet><item><snapshotId>snap-1</snapshotId><volumeId>vol-0root</volumeId><status>completed</status></item><item><snapshotId>snap-2</snapshotId><volumeId>vol-0data</volumeId><status>completed</status></item></snapshotSet></R>"),
            "CreateVolume": (200, "<R><volumeId>vol-copy</volumeId></R>"),
            "DescribeVolumes": (200, "<R><volumeSet><item><volumeId>vol-copy</volumeId><status>available</status></item></volumeSet></R>"),
        ])
        let response = try await Self.handler(aws, ["FORENSIC_AMI": "ami-0abcdef1234567890", "FORENSIC_SUBNET": "subnet-f"])
            .handle(Self.plain, context: Self.context())
        let status = Self.status(response)
        #expect(status[.snapshot] == .alreadyDone)
        #expect(status[.forensicWorkstation] == .done, "\(response.steps)")
        let run = try #require(aws.calls("RunInstances").first)
        #expect(run["ImageId"] == "ami-0abcdef1234567890" && run["SubnetId"] == "subnet-f" && run["SecurityGroupId.1"] == "sg-watchpost-forensic")
        #expect(run["InstanceType"] == "t3.large", "FORENSIC_INSTANCE_TYPE's default")
        // The instance and its volumes are tagged in the creating call.
        #expect(run["TagSpecification.1.ResourceType"] == "instance" && run["TagSpecification.2.ResourceType"] == "volume")
        for specification in [1, 2] {
            let tags = Dictionary(uniqueKeysWithValues: (1...3).map { (run["TagSpecification.\(specification).Tag.\($0).Key"]!, run["TagSpecification.\(specification).Tag.\($0).Value"]!) })
            #expect(tags == ["Name": "watchpost-forensic-\(Self.instance)", "watchpost:forensic-workstation-for": Self.instance,
                             "watchpost:incident": response.incidentId!])
        }
        #expect(aws.calls("CreateVolume").map { $0["SnapshotId"] } == ["snap-2", "snap-1"], "in source volume id order")
        #expect(aws.calls("CreateVolume").allSatisfy { $0["AvailabilityZone"] == "us-east-1b" })
        #expect(aws.calls("AttachVolume").map { $0["Device"] } == ["/dev/sdf", "/dev/sdg"])
        // The forensic group: nothing in, HTTPS out only.
        #expect(aws.calls("AuthorizeSecurityGroupIngress").allSatisfy { $0["GroupId"] != "sg-watchpost-forensic" })
        #expect(aws.calls("AuthorizeSecurityGroupEgress").contains { $0["GroupId"] == "sg-watchpost-forensic" && $0["IpPermissions.1.FromPort"] == "443" })
    }

    @Test func aWorkstationLeftHalfDoneIsCompletedWithTheVolumesAlreadyMade() async throws {
        let workstation = "i-0fedcba9876543210"
        let aws = Self.world([
            "DescribeSubnets": (200, "<R><subnetSet><item><vpcId>vpc-f</vpcId><availabilityZone>us-east-1b</availabilityZone></item></subnetSet></R>"),
            "DescribeSnapshots": (200, "<R><snapshotSet><item><snapshotId>snap-1</snapshotId><volumeId>vol-0root</volumeId><status>completed</status></item><item><snapshotId>snap-2</snapshotId><volumeId>vol-0data</volumeId><status>completed</status></item></snapshotSet></R>"),
        ], first: { action, parameters in
            switch action {
            case "DescribeInstances" where parameters["Filter.1.Name"] == "instance-state-name":
                return (200, "<R><reservationSet><item><instancesSet><item><instanceId>\(workstation)</instanceId></item></instancesSet></item></reservationSet></R>")
            case "DescribeVolumes" where parameters["VolumeId.1"] == nil:
                // snap-2's volume is attached; snap-1's was made but never attached.
                return (200, """
                    <R><volumeSet>
                    <item><volumeId>vol-from-2</volumeId><snapshotId>snap-2</snapshotId><status>in-use</status><attachmentSet><item><instanceId>\(workstation)</instanceId></item></attachmentSet></item>
                    <item><volumeId>vol-from-1</volumeId><snapshotId>snap-1</snapshotId><status>available</status><attachmentSet/></item>
                    </volumeSet></R>
                    """)
            case "DescribeVolumes":
                return (200, "<R><volumeSet><item><volumeId>vol-from-1</volumeId><status>available</status></item></volumeSet></R>")
            default:
                return nil
            }
        })
        let response = try await Self.handler(aws, ["FORENSIC_AMI": "ami-0abcdef1234567890", "FORENSIC_SUBNET": "subnet-f"])
            .handle(Self.plain, context: Self.context())
        #expect(Self.status(response)[.forensicWorkstation] == .done, "\(response.steps)")
        #expect(aws.calls("RunInstances").isEmpty && aws.calls("CreateVolume").isEmpty)
        #expect(aws.calls("AttachVolume") == [["VolumeId": "vol-from-1", "InstanceId": workstation, "Device": "/dev/sdg"]])
    }

    @Test func dryRunOnlyReads() async throws {
        let aws = Self.world()
        let response = try await Self.handler(aws, ["DRY_RUN": "true", "REVOKE_ROLE_SESSIONS": "true", "EVIDENCE_BUCKET": "evidence"])
            .handle(Self.plain, context: Self.context())
        #expect(response.dryRun)
        let reads: Set = ["GetCallerIdentity", "DescribeInstances", "DescribeIamInstanceProfileAssociations", "DescribeInstanceAttribute",
                          "DescribeAutoScalingInstances", "DescribeAutoScalingGroups", "DescribeTargetGroups", "DescribeAddresses",
                          "DescribeSecurityGroups", "DescribeSnapshots", "GetInstanceProfile", "GetRolePolicy", "GetBucketLocation",
                          "ListObjectsV2"]
        #expect(Set(aws.calls.map(\.action)).subtracting(reads) == [], "only reads")
        #expect(aws.calls.contains { $0.action == "ListObjectsV2" }, "S3 calls are named, not guessed")
        #expect(response.steps.dropFirst().allSatisfy { $0.status == .skipped || $0.status == .alreadyDone }, "\(response.steps)")
    }

    @Test func aTerminatedInstanceIsNotQuarantined() async throws {
        let terminated = EC2InstanceTests.item.replacingOccurrences(of: "<code>16</code><name>running</name>", with: "<code>48</code><name>terminated</name>")
        let aws = Self.world(["DescribeInstances": (200, terminated)])
        let response = try await Self.handler(aws).handle(Self.plain, context: Self.context())
        #expect(response.decision == .skip)
        #expect(response.reason.contains("terminated"))
        #expect(response.incidentId == nil)
        #expect(aws.calls("CreateTags").isEmpty && aws.calls("Publish").isEmpty)
    }

    @Test func timeIsKeptForTheNotification() {
        #expect(ForensicIsolator.IsolationRun.reserve(.seconds(60)) == .seconds(5))
        #expect(ForensicIsolator.IsolationRun.reserve(.seconds(8)) == .seconds(2))
        #expect(ForensicIsolator.IsolationRun.reserve(.seconds(-1)) == .zero)
    }

    @Test func theTriggeringTopicIsNeverTheIncidentTopic() async throws {
        let aws = Self.world()
        let message = #"{\"instanceId\": \"i-0123456789abcdef0\"}"#
        let event = try JSONDecoder().decode(JSONValue.self, from: Data("""
            {"Records": [{"EventSource": "aws:sns", "Sns": {"MessageId": "m", "TopicArn": "\(Self.topic)", "Message": "\(message)"}}]}
            """.utf8))
        await #expect(throws: ForensicsError.self) { try await Self.handler(aws).handle(event, context: Self.context()) }
        #expect(aws.calls.isEmpty)
    }
}
