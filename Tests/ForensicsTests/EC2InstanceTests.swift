import AWSClient
import Foundation
import SecurityEvents
import Testing

@testable import ForensicsCore
@testable import Forensics
import AWSModels
import Primitives

/// Reading a DescribeInstances record (EC2 XML) and keeping it as JSON evidence.
struct EC2InstanceTests {
    /// An instance item as EC2 returns it (2016-11-15 API): two interfaces, two volumes, a profile.
    static let item = """
        <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
          <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
          <reservationSet><item><reservationId>r-1234567890abcdef0</reservationId><ownerId>111122223333</ownerId>
            <groupSet/>
            <instancesSet><item>
              <instanceId>i-0123456789abcdef0</instanceId>
              <imageId>ami-0abcdef1234567890</imageId>
              <instanceState><code>16</code><name>running</name></instanceState>
              <privateDnsName>ip-10-0-1-23.ec2.internal</privateDnsName>
              <instanceType>m5.large</instanceType>
              <launchTime>2026-11-20T08:15:42.000Z</launchTime>
              <placement><availabilityZone>us-east-1a</availabilityZone><groupName/><tenancy>default</tenancy></placement>
              <subnetId>subnet-0a1b2c3d4e5f60718</subnetId>
              <vpcId>vpc-0a1b2c3d4e5f60718</vpcId>
              <privateIpAddress>10.0.1.23</privateIpAddress>
              <groupSet><item><groupId>sg-0aaa</groupId><groupName>web</groupName></item></groupSet>
              <rootDeviceType>ebs</rootDeviceType>
              <rootDeviceName>/dev/xvda</rootDeviceName>
              <blockDeviceMapping>
                <item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-0root</volumeId><status>attached</status>
                  <attachTime>2026-11-20T08:15:43.000Z</attachTime><deleteOnTermination>true</deleteOnTermination></ebs></item>
                <item><deviceName>/dev/sdf</deviceName><ebs><volumeId>vol-0data</volumeId><status>attached</status>
                  <attachTime>2026-11-20T08:15:43.000Z</attachTime><deleteOnTermination>false</deleteOnTermination></ebs></item>
              </blockDeviceMapping>
              <iamInstanceProfile><arn>arn:aws:iam::111122223333:instance-profile/web-app</arn><id>AIPAIDFRLOYQEXAMPLE</id></iamInstanceProfile>
              <tagSet>
                <item><key>Name</key><value>web-app</value></item>
                <item><key>aws:autoscaling:groupName</key><value>web-asg</value></item>
                <item><key>empty</key><value/></item>
              </tagSet>
              <networkInterfaceSet>
                <item><networkInterfaceId>eni-0second</networkInterfaceId><subnetId>subnet-0a1b2c3d4e5f60718</subnetId>
                  <vpcId>vpc-0a1b2c3d4e5f60718</vpcId><status>in-use</status>
                  <groupSet><item><groupId>sg-0aaa</groupId><groupName>web</groupName></item>
                            <item><groupId>sg-0bbb</groupId><groupName>mgmt</groupName></item></groupSet>
                  <attachment><attachmentId>eni-attach-2</attachmentId><deviceIndex>1</deviceIndex><status>attached</status>
                    <deleteOnTermination>false</deleteOnTermination></attachment></item>
                <item><networkInterfaceId>eni-0primary</networkInterfaceId><subnetId>subnet-0a1b2c3d4e5f60718</subnetId>
                  <vpcId>vpc-0a1b2c3d4e5f60718</vpcId><status>in-use</status>
                  <groupSet><item><groupId>sg-0aaa</groupId><groupName>web</groupName></item></groupSet>
                  <attachment><attachmentId>eni-attach-1</attachmentId><deviceIndex>0</deviceIndex><status>attached</status>
                    <deleteOnTermination>true</deleteOnTermination></attachment>
                  <association><publicIp>198.51.100.23</publicIp><ipOwnerId>111122223333</ipOwnerId></association></item>
              </networkInterfaceSet>
            </item></instancesSet>
          </item></reservationSet>
        </DescribeInstancesResponse>
        """

    static func instanceItem() throws -> XML.Element {
        let root = try XML.parse(Array(item.utf8))
        return try #require(root.child("reservationSet")?.child("item")?.child("instancesSet")?.child("item"))
    }

    @Test func readsWhatTheQuarantineNeeds() throws {
        let record = try #require(EC2Instance(item: Self.instanceItem()))
        #expect(record.instanceId == "i-0123456789abcdef0")
        #expect(record.state == "running")
        #expect(record.vpcId == "vpc-0a1b2c3d4e5f60718")
        #expect(record.subnetId == "subnet-0a1b2c3d4e5f60718")
        #expect(record.availabilityZone == "us-east-1a")
        #expect(record.rootDeviceName == "/dev/xvda")
        #expect(record.tags == ["Name": "web-app", "aws:autoscaling:groupName": "web-asg", "empty": ""])
        #expect(record.interfaces == [
            .init(id: "eni-0primary", groupIds: ["sg-0aaa"]),
            .init(id: "eni-0second", groupIds: ["sg-0aaa", "sg-0bbb"]),
        ])
        #expect(record.volumes == [
            .init(id: "vol-0root", deviceName: "/dev/xvda", deleteOnTermination: true),
            .init(id: "vol-0data", deviceName: "/dev/sdf", deleteOnTermination: false),
        ])
        #expect(record.profileArn == "arn:aws:iam::111122223333:instance-profile/web-app")
    }

    @Test func minimalItem() throws {
        let record = try #require(EC2Instance(item: XML.Element(name: "item", children: [
            XML.Element(name: "instanceId", text: "i-0123abcd"),
        ])))
        #expect(record.state == "unknown")
        #expect(record.vpcId == nil && record.profileArn == nil && record.rootDeviceName == nil)
        #expect(record.interfaces.isEmpty && record.volumes.isEmpty && record.tags.isEmpty)
    }

    @Test func itemWithoutIdIsAnError() {
        #expect(EC2Instance(item: XML.Element(name: "item")) == nil)
    }

    @Test func evidenceIsTheWholeRecordAsJSON() throws {
        let json = EvidenceDocument.json(try Self.instanceItem())
        #expect(json["instanceId"] == "i-0123456789abcdef0")
        #expect(json["instanceState", "name"] == "running")
        #expect(json["blockDeviceMapping"]?.arrayValue?.count == 2)
        #expect(json["blockDeviceMapping"]?.arrayValue?.first?["ebs", "volumeId"] == "vol-0root")
        #expect(json["networkInterfaceSet"]?.arrayValue?.first?["groupSet"]?.arrayValue?.count == 2)
        #expect(json["tagSet"]?.arrayValue?.last?["value"] == "")
        #expect(json["placement", "groupName"] == "")
        let reservation = try XML.parse(Array(Self.item.utf8)).child("reservationSet")!.child("item")!
        #expect(EvidenceDocument.json(reservation)["groupSet"] == .array([]), "an empty set is an empty list")
    }

    @Test func repeatedNamesBecomeArrays() {
        let element = XML.Element(name: "root", children: [
            XML.Element(name: "a", text: "1"), XML.Element(name: "b", text: "x"), XML.Element(name: "a", text: "2"),
        ])
        #expect(EvidenceDocument.json(element) == ["a": ["1", "2"], "b": "x"])
    }
}
