@testable import AWSClient
import Foundation
import Testing

/// The EC2, Auto Scaling and ELBv2 operations forensic-isolator added: the parameters they
/// send (as the service models name them) and what they read back.
struct ServiceOperationTests {
    @Test func autoScalingMembershipsAndGroupsAcrossPages() async throws {
        let aws = ScriptedAWS { action, parameters in
            switch (action, parameters["NextToken"]) {
            case ("DescribeAutoScalingInstances", _):
                return (200, """
                    <DescribeAutoScalingInstancesResponse><DescribeAutoScalingInstancesResult><AutoScalingInstances>
                    <member><InstanceId>i-0123456789abcdef0</InstanceId><AutoScalingGroupName>web-asg</AutoScalingGroupName>
                    <LifecycleState>InService</LifecycleState></member></AutoScalingInstances></DescribeAutoScalingInstancesResult>
                    </DescribeAutoScalingInstancesResponse>
                    """)
            case ("DescribeAutoScalingGroups", nil):
                return (200, """
                    <DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult><AutoScalingGroups><member>
                    <AutoScalingGroupName>web-asg</AutoScalingGroupName><DesiredCapacity>2</DesiredCapacity>
                    <Instances><member><InstanceId>i-0123456789abcdef0</InstanceId></member><member><InstanceId>i-0fedcba9876543210</InstanceId></member></Instances>
                    <TargetGroupARNs><member>arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1</member></TargetGroupARNs>
                    </member></AutoScalingGroups><NextToken>page-2</NextToken></DescribeAutoScalingGroupsResult></DescribeAutoScalingGroupsResponse>
                    """)
            case ("DescribeAutoScalingGroups", "page-2"?):
                return (200, "<DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult><AutoScalingGroups/></DescribeAutoScalingGroupsResult></DescribeAutoScalingGroupsResponse>")
            default:
                return nil
            }
        }
        let autoScaling = try aws.client().autoScaling
        let memberships = try await autoScaling.memberships(instanceIds: ["i-0123456789abcdef0"])
        #expect(memberships == [.init(instanceId: "i-0123456789abcdef0", groupName: "web-asg", lifecycleState: "InService")])
        #expect(aws.calls("DescribeAutoScalingInstances").first?["InstanceIds.member.1"] == "i-0123456789abcdef0")
        let groups = try await autoScaling.groups(names: ["web-asg"])
        #expect(groups == [.init(name: "web-asg", desiredCapacity: 2, instanceIds: ["i-0123456789abcdef0", "i-0fedcba9876543210"],
                                 targetGroupARNs: ["arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1"])])
        #expect(aws.calls("DescribeAutoScalingGroups").count == 2)
        try await autoScaling.detachInstances(["i-0123456789abcdef0"], group: "web-asg", shouldDecrementDesiredCapacity: false)
        #expect(aws.calls("DetachInstances").first == [
            "InstanceIds.member.1": "i-0123456789abcdef0", "AutoScalingGroupName": "web-asg", "ShouldDecrementDesiredCapacity": "false",
        ])
    }

    @Test func elbv2TargetGroupsTargetsAndDeregistration() async throws {
        let aws = ScriptedAWS { action, parameters in
            switch (action, parameters["Marker"]) {
            case ("DescribeTargetGroups", nil):
                return (200, """
                    <DescribeTargetGroupsResponse><DescribeTargetGroupsResult><TargetGroups>
                    <member><TargetGroupArn>tg-1</TargetGroupArn><VpcId>vpc-1</VpcId><TargetType>instance</TargetType></member>
                    </TargetGroups><NextMarker>m-2</NextMarker></DescribeTargetGroupsResult></DescribeTargetGroupsResponse>
                    """)
            case ("DescribeTargetGroups", "m-2"?):
                return (200, """
                    <DescribeTargetGroupsResponse><DescribeTargetGroupsResult><TargetGroups>
                    <member><TargetGroupArn>tg-2</TargetGroupArn><TargetType>lambda</TargetType></member>
                    </TargetGroups></DescribeTargetGroupsResult></DescribeTargetGroupsResponse>
                    """)
            case ("DescribeTargetHealth", _):
                return (200, """
                    <DescribeTargetHealthResponse><DescribeTargetHealthResult><TargetHealthDescriptions>
                    <member><Target><Id>i-0123456789abcdef0</Id><Port>8080</Port></Target><TargetHealth><State>healthy</State></TargetHealth></member>
                    <member><Target><Id>i-0fedcba9876543210</Id></Target></member>
                    </TargetHealthDescriptions></DescribeTargetHealthResult></DescribeTargetHealthResponse>
                    """)
            default:
                return nil
            }
        }
        let elbv2 = try aws.client().elbv2
        #expect(try await elbv2.targetGroups() == [.init(arn: "tg-1", vpcId: "vpc-1", targetType: "instance"),
                                                   .init(arn: "tg-2", vpcId: nil, targetType: "lambda")])
        #expect(try await elbv2.targets(of: "tg-1") == [.init(id: "i-0123456789abcdef0", port: 8080), .init(id: "i-0fedcba9876543210", port: nil)])
        #expect(aws.calls("DescribeTargetHealth").first == ["TargetGroupArn": "tg-1"])
        try await elbv2.deregisterTargets("tg-1", [.init(id: "i-0123456789abcdef0", port: 8080)])
        #expect(aws.calls("DeregisterTargets").first == ["TargetGroupArn": "tg-1", "Targets.member.1.Id": "i-0123456789abcdef0",
                                                         "Targets.member.1.Port": "8080"])
    }

    @Test func ec2QuarantineParameters() async throws {
        let aws = ScriptedAWS { action, _ in
            switch action {
            case "CreateSnapshots":
                return (200, """
                    <CreateSnapshotsResponse><snapshotSet><item><snapshotId>snap-1</snapshotId><volumeId>vol-data</volumeId>
                    <state>pending</state></item></snapshotSet></CreateSnapshotsResponse>
                    """)
            case "CreateSecurityGroup":
                return (200, "<CreateSecurityGroupResponse><return>true</return><groupId>sg-new</groupId></CreateSecurityGroupResponse>")
            case "GetConsoleOutput":
                return (200, "<GetConsoleOutputResponse><instanceId>i-1</instanceId><output>\(Data("boot: ok\n".utf8).base64EncodedString())</output></GetConsoleOutputResponse>")
            default:
                return nil
            }
        }
        let ec2 = try aws.client().ec2
        let snapshots = try await ec2.createSnapshots(
            instanceId: "i-0123456789abcdef0", excludeBootVolume: true, excludeDataVolumeIds: ["vol-a", "vol-b"],
            description: "evidence", tags: ["watchpost:incident": "wp-1"])
        #expect(snapshots == [.init(id: "snap-1", volumeId: "vol-data", state: "pending")])
        #expect(aws.calls("CreateSnapshots").first == [
            "InstanceSpecification.InstanceId": "i-0123456789abcdef0", "InstanceSpecification.ExcludeBootVolume": "true",
            "InstanceSpecification.ExcludeDataVolumeId.1": "vol-a", "InstanceSpecification.ExcludeDataVolumeId.2": "vol-b",
            "Description": "evidence", "CopyTagsFromSource": "volume", "TagSpecification.1.ResourceType": "snapshot",
            "TagSpecification.1.Tag.1.Key": "watchpost:incident", "TagSpecification.1.Tag.1.Value": "wp-1",
        ])
        #expect(try await ec2.createSecurityGroup(name: "watchpost-isolation", description: "d", vpcId: "vpc-1", tags: [:]) == "sg-new")
        #expect(aws.calls("CreateSecurityGroup").first == ["GroupName": "watchpost-isolation", "GroupDescription": "d", "VpcId": "vpc-1"])
        try await ec2.authorizeIngress("sg-a", [.allTraffic])
        #expect(aws.calls("AuthorizeSecurityGroupIngress").first == [
            "GroupId": "sg-a", "IpPermissions.1.IpProtocol": "-1", "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0",
            "IpPermissions.1.Ipv6Ranges.1.CidrIpv6": "::/0",
        ])
        try await ec2.setInterfaceGroups("eni-1", ["sg-iso"])
        #expect(aws.calls("ModifyNetworkInterfaceAttribute").first == ["NetworkInterfaceId": "eni-1", "SecurityGroupId.1": "sg-iso"])
        try await ec2.keepVolumesOnTermination("i-1", deviceNames: ["/dev/xvda"])
        #expect(aws.calls("ModifyInstanceAttribute").first == [
            "InstanceId": "i-1", "BlockDeviceMapping.1.DeviceName": "/dev/xvda", "BlockDeviceMapping.1.Ebs.DeleteOnTermination": "false",
        ])
        try await ec2.setTerminationProtection("i-1", true)
        #expect(aws.calls("ModifyInstanceAttribute").last == ["InstanceId": "i-1", "DisableApiTermination.Value": "true"])
        #expect(try await ec2.consoleOutput(instanceId: "i-1") == Array("boot: ok\n".utf8))
        try await ec2.deleteTags(["i-1"], keys: ["a", "b"])
        #expect(aws.calls("DeleteTags").first == ["ResourceId.1": "i-1", "Tag.1.Key": "a", "Tag.2.Key": "b"])
    }

    @Test func ec2DescribesWhatTheQuarantineReads() async throws {
        let aws = ScriptedAWS { action, _ in
            switch action {
            case "DescribeSecurityGroups":
                return (200, """
                    <DescribeSecurityGroupsResponse><securityGroupInfo><item><groupId>sg-iso</groupId><groupName>watchpost-isolation</groupName>
                    <vpcId>vpc-1</vpcId><ipPermissions><item><ipProtocol>tcp</ipProtocol></item></ipPermissions><ipPermissionsEgress/>
                    <tagSet><item><key>watchpost:group</key><value>isolation</value></item></tagSet></item></securityGroupInfo>
                    </DescribeSecurityGroupsResponse>
                    """)
            case "DescribeAddresses":
                return (200, """
                    <DescribeAddressesResponse><addressesSet><item><publicIp>198.51.100.23</publicIp><allocationId>eipalloc-1</allocationId>
                    <associationId>eipassoc-1</associationId><networkInterfaceId>eni-1</networkInterfaceId><instanceId/></item>
                    </addressesSet></DescribeAddressesResponse>
                    """)
            case "DescribeIamInstanceProfileAssociations":
                return (200, """
                    <DescribeIamInstanceProfileAssociationsResponse><iamInstanceProfileAssociationSet><item>
                    <associationId>iip-assoc-1</associationId><instanceId>i-1</instanceId>
                    <iamInstanceProfile><arn>arn:aws:iam::111122223333:instance-profile/web-app</arn><id>AIPA</id></iamInstanceProfile>
                    <state>associated</state></item></iamInstanceProfileAssociationSet></DescribeIamInstanceProfileAssociationsResponse>
                    """)
            case "DescribeInstanceAttribute":
                return (200, "<DescribeInstanceAttributeResponse><instanceId>i-1</instanceId><disableApiTermination><value>true</value></disableApiTermination></DescribeInstanceAttributeResponse>")
            default:
                return nil
            }
        }
        let ec2 = try aws.client().ec2
        #expect(try await ec2.describeSecurityGroups(filters: ["vpc-id": ["vpc-1"], "tag-key": ["watchpost:group"]]) == [
            .init(id: "sg-iso", name: "watchpost-isolation", vpcId: "vpc-1", tags: ["watchpost:group": "isolation"],
                  ingressRuleCount: 1, egressRuleCount: 0),
        ])
        #expect(aws.calls("DescribeSecurityGroups").first == [
            "Filter.1.Name": "tag-key", "Filter.1.Value.1": "watchpost:group", "Filter.2.Name": "vpc-id", "Filter.2.Value.1": "vpc-1",
        ])
        #expect(try await ec2.describeAddresses(filters: ["network-interface-id": ["eni-1", "eni-2"]]) == [
            .init(publicIp: "198.51.100.23", allocationId: "eipalloc-1", associationId: "eipassoc-1", networkInterfaceId: "eni-1"),
        ])
        #expect(aws.calls("DescribeAddresses").first?["Filter.1.Value.2"] == "eni-2")
        #expect(try await ec2.profileAssociations(instanceId: "i-1") == [
            .init(associationId: "iip-assoc-1", profileArn: "arn:aws:iam::111122223333:instance-profile/web-app", state: "associated"),
        ])
        #expect(try await ec2.instanceAttribute("i-1", "disableApiTermination") == "true")
    }
}
