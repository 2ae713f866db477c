"""forensic-isolator end to end: the real executable through lambda-local against moto.

The scene (issue 7): a VPC and subnet, a launch template, an Auto Scaling group of one whose
instance has two network interfaces, two volumes and an instance profile, a target group of
the group's and one of its own, an Elastic IP, an SNS topic for incidents read back through an
SQS subscription, and an evidence bucket. Outcomes are checked with boto3.

moto's known gaps are worked around here, never in the product, each where it is made."""
import copy
import json
import os

import pytest

from conftest import EVENTS, free_port

FUNCTION = "forensic-isolator"
ACCOUNT = "123456789012"  # moto's account: the function acts in its own account
AMI = "ami-12c6146b"      # an image moto knows


def load_event(name):
    with open(os.path.join(EVENTS, FUNCTION, name)) as f:
        return json.load(f)


def sns_message(event):
    return json.loads(event["Records"][0]["Sns"]["Message"])


def with_sns_message(event, message):
    event = copy.deepcopy(event)
    event["Records"][0]["Sns"]["Message"] = json.dumps(message)
    return event


def guardduty_event(instance_id):
    """The GuardDuty C&C sample, via SNS, about this instance in moto's account."""
    event = load_event("guardduty-c2-via-sns.json")
    finding = sns_message(event)
    finding["account"] = ACCOUNT
    finding["detail"]["accountId"] = ACCOUNT
    finding["detail"]["resource"]["instanceDetails"]["instanceId"] = instance_id
    return with_sns_message(event, finding)


class Scene:
    def __init__(self, moto, with_asg=True, member=None):
        """`member`: credentials (from AssumeRole) of another account to build the instance in;
        the topic and the evidence bucket stay in the function's own account."""
        self.moto = moto
        instance_side = {} if member is None else {
            "aws_access_key_id": member["AccessKeyId"], "aws_secret_access_key": member["SecretAccessKey"],
            "aws_session_token": member["SessionToken"]}
        self.ec2 = moto.client("ec2", **instance_side)
        self.asg = moto.client("autoscaling", **instance_side)
        self.elb = moto.client("elbv2", **instance_side)
        self.iam = moto.client("iam", **instance_side)
        self.sns = moto.client("sns")
        self.sqs = moto.client("sqs")
        self.s3 = moto.client("s3")

        self.vpc = self.ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        self.subnet = self.ec2.create_subnet(VpcId=self.vpc, CidrBlock="10.0.1.0/24",
                                             AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
        self.web = self.ec2.create_security_group(GroupName="web", Description="web", VpcId=self.vpc)["GroupId"]
        self.ec2.authorize_security_group_ingress(GroupId=self.web, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        self.mgmt = self.ec2.create_security_group(GroupName="mgmt", Description="mgmt", VpcId=self.vpc)["GroupId"]
        self.iam.create_role(RoleName="web-app-role", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                    "Action": "sts:AssumeRole"}]}))
        self.profile = self.iam.create_instance_profile(InstanceProfileName="web-app")["InstanceProfile"]["Arn"]
        self.iam.add_role_to_instance_profile(InstanceProfileName="web-app", RoleName="web-app-role")
        self.ec2.create_launch_template(LaunchTemplateName="web-app", LaunchTemplateData={
            "ImageId": AMI, "InstanceType": "t3.micro", "SecurityGroupIds": [self.web]})
        self.asg_tg = self.elb.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=self.vpc,
                                                   TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
        self.admin_tg = self.elb.create_target_group(Name="admin", Protocol="HTTP", Port=8080, VpcId=self.vpc,
                                                     TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
        self.instance = self.ec2.run_instances(
            ImageId=AMI, MinCount=1, MaxCount=1, InstanceType="t3.micro",
            NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": self.subnet, "Groups": [self.web]},
                               {"DeviceIndex": 1, "SubnetId": self.subnet, "Groups": [self.web, self.mgmt]}],
            BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "DeleteOnTermination": True}},
                                 {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 4, "DeleteOnTermination": True}}],
            IamInstanceProfile={"Name": "web-app"},
            TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web-app"}]}],
        )["Instances"][0]["InstanceId"]
        self.interfaces = [n["NetworkInterfaceId"] for n in self.describe()["NetworkInterfaces"]]
        if with_asg:
            self.asg.create_auto_scaling_group(
                AutoScalingGroupName="web-asg", LaunchTemplate={"LaunchTemplateName": "web-app", "Version": "$Latest"},
                MinSize=1, MaxSize=2, DesiredCapacity=0, VPCZoneIdentifier=self.subnet, TargetGroupARNs=[self.asg_tg])
            self.asg.attach_instances(InstanceIds=[self.instance], AutoScalingGroupName="web-asg")
        self.elb.register_targets(TargetGroupArn=self.admin_tg, Targets=[{"Id": self.instance, "Port": 8080}])
        self.allocation = self.ec2.allocate_address(Domain="vpc")["AllocationId"]
        self.ec2.associate_address(AllocationId=self.allocation, NetworkInterfaceId=self.interfaces[0])

        self.topic = self.sns.create_topic(Name="watchpost-incidents")["TopicArn"]
        self.queue = self.sqs.create_queue(QueueName="incidents")["QueueUrl"]
        queue_arn = self.sqs.get_queue_attributes(QueueUrl=self.queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.sns.subscribe(TopicArn=self.topic, Protocol="sqs", Endpoint=queue_arn,
                           Attributes={"RawMessageDelivery": "true"})
        self.bucket = "watchpost-evidence-example"
        self.s3.create_bucket(Bucket=self.bucket)

    def env(self, **extra):
        return self.moto.env(ALERT_TOPIC_ARN=self.topic, EVIDENCE_BUCKET=self.bucket, **extra)

    def describe(self, instance=None):
        return self.ec2.describe_instances(InstanceIds=[instance or self.instance])["Reservations"][0]["Instances"][0]

    def tags(self):
        return {t["Key"]: t["Value"] for t in self.describe().get("Tags", [])}

    def interface_groups(self):
        result = self.ec2.describe_network_interfaces(NetworkInterfaceIds=self.interfaces)["NetworkInterfaces"]
        return {n["NetworkInterfaceId"]: [g["GroupId"] for g in n["Groups"]] for n in result}

    def watchpost_groups(self):
        groups = self.ec2.describe_security_groups(Filters=[{"Name": "tag-key", "Values": ["watchpost:group"]}])
        return {next(t["Value"] for t in g["Tags"] if t["Key"] == "watchpost:group"): g
                for g in groups["SecurityGroups"]}

    def created_tags(self, resource):
        """A resource's tags as a dict."""
        return {t["Key"]: t["Value"] for t in resource.get("Tags", [])}

    def record_key(self, incident):
        return f"watchpost/{ACCOUNT}/us-east-1/{self.instance}/{incident}/release-record.json"

    def release_record(self, incident):
        return json.loads(self.s3.get_object(Bucket=self.bucket, Key=self.record_key(incident))["Body"].read())

    def snapshots(self):
        return self.ec2.describe_snapshots(OwnerIds=["self"], Filters=[
            {"Name": "tag-key", "Values": ["watchpost:incident"]}])["Snapshots"]

    def messages(self):
        messages = []
        while True:
            batch = self.sqs.receive_message(QueueUrl=self.queue, MaxNumberOfMessages=10, WaitTimeSeconds=0)
            if not batch.get("Messages"):
                return messages
            for message in batch["Messages"]:
                messages.append(message["Body"])
                self.sqs.delete_message(QueueUrl=self.queue, ReceiptHandle=message["ReceiptHandle"])

    def group_instances(self):
        group = self.asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web-asg"])["AutoScalingGroups"][0]
        return [i["InstanceId"] for i in group["Instances"]]


def only(run, failing=False):
    """The one invocation of a run; lambda-local exits non-zero when an invocation failed."""
    assert run.returncode == (1 if failing else 0), run.stdout + run.stderr
    assert len(run.invocations) == 1, run.stdout + run.stderr
    return run.invocations[0]


def statuses(response):
    return {s["step"]: s["status"] for s in response["steps"]}


STEPS = ["describe", "tag", "protect", "detach-asg", "deregister-targets", "isolate-network", "release-eip",
         "revoke-profile", "revoke-sessions", "snapshot", "evidence", "forensic-workstation", "notify"]


def dead_endpoint_env():
    """An environment whose every AWS call would fail: proves that none is made."""
    return {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}", "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_REGION": "us-east-1"}


def test_quarantines_an_instance_and_its_group_replaces_it(moto, run_function):
    scene = Scene(moto)
    invocation = only(run_function(FUNCTION, [guardduty_event(scene.instance)], env=scene.env()))
    assert invocation.ok, invocation
    response = invocation.response
    assert response["decision"] == "isolate"
    assert response["instanceId"] == scene.instance
    assert response["account"] == ACCOUNT and response["region"] == "us-east-1"
    assert response["finding"] == {"source": "guardduty", "id": "eee65f53e9421ce50211670eae679f02",
                                   "type": "Backdoor:EC2/C&CActivity.B!DNS", "severity": 8, "severitySource": "severity"}
    assert response["dryRun"] is False
    assert [s["step"] for s in response["steps"]] == STEPS
    assert statuses(response) == {
        "describe": "done", "tag": "done", "protect": "done", "detach-asg": "done", "deregister-targets": "done",
        "isolate-network": "done", "release-eip": "done", "revoke-profile": "done", "revoke-sessions": "skipped",
        "snapshot": "done", "evidence": "done", "forensic-workstation": "skipped", "notify": "done"}, response
    incident = response["incidentId"]

    # Out of its group, which launched a replacement.
    members = scene.group_instances()
    assert scene.instance not in members
    assert len(members) == 1
    assert scene.asg.describe_auto_scaling_instances(InstanceIds=[scene.instance])["AutoScalingInstances"] == []
    # Deregistered from the target group that is not the group's.
    admin = scene.elb.describe_target_health(TargetGroupArn=scene.admin_tg)["TargetHealthDescriptions"]
    assert scene.instance not in [t["Target"]["Id"] for t in admin]

    # Network: every interface carries only the isolation group, which has no rule at all.
    groups = scene.watchpost_groups()
    assert set(groups) == {"allow-all", "isolation"}
    for role, group in groups.items():
        assert scene.created_tags(group) == {"watchpost:group": role, "watchpost:group-ready": "true",
                                             "Name": "watchpost-" + role}, group
    isolation = groups["isolation"]
    assert isolation["VpcId"] == scene.vpc
    assert isolation["IpPermissions"] == [] and isolation["IpPermissionsEgress"] == []
    assert scene.interface_groups() == {interface: [isolation["GroupId"]] for interface in scene.interfaces}
    # The Elastic IP is disassociated and recorded.
    address = scene.ec2.describe_addresses(AllocationIds=[scene.allocation])["Addresses"][0]
    assert not address.get("AssociationId")

    # Protection, credentials.
    attribute = scene.ec2.describe_instance_attribute(InstanceId=scene.instance, Attribute="disableApiTermination")
    assert attribute["DisableApiTermination"]["Value"] is True
    shutdown = scene.ec2.describe_instance_attribute(InstanceId=scene.instance, Attribute="instanceInitiatedShutdownBehavior")
    assert shutdown["InstanceInitiatedShutdownBehavior"]["Value"] == "stop"
    assert all(not m["Ebs"]["DeleteOnTermination"] for m in scene.describe()["BlockDeviceMappings"])
    associations = scene.ec2.describe_iam_instance_profile_associations(
        Filters=[{"Name": "instance-id", "Values": [scene.instance]}])["IamInstanceProfileAssociations"]
    assert [a for a in associations if a["State"] in ("associating", "associated")] == []

    # The record a release needs.
    tags = scene.tags()
    assert tags["watchpost:quarantine"] == incident
    assert tags["watchpost:quarantine-finding"] == "eee65f53e9421ce50211670eae679f02"
    assert tags["watchpost:original-groups:" + scene.interfaces[0]] == scene.web
    assert tags["watchpost:original-groups:" + scene.interfaces[1]] == f"{scene.web},{scene.mgmt}"
    assert tags["watchpost:original-profile"] == scene.profile
    assert tags["watchpost:original-asg"] == "web-asg"

    # What a release restores, in the evidence bucket (the tags above are for people).
    assert scene.release_record(incident) == {
        "incidentId": incident, "instanceId": scene.instance,
        "originalGroups": {scene.interfaces[0]: [scene.web], scene.interfaces[1]: [scene.web, scene.mgmt]},
        "instanceProfileArn": scene.profile, "autoScalingGroup": "web-asg",
        "elasticIPs": {scene.interfaces[0]: {"publicIp": address["PublicIp"], "allocationId": scene.allocation}}}

    # Evidence: a snapshot of each volume, tagged with the incident; the record and console in S3.
    snapshots = scene.snapshots()
    volumes = {m["Ebs"]["VolumeId"] for m in scene.describe()["BlockDeviceMappings"]}
    assert {s["VolumeId"] for s in snapshots} == volumes and len(snapshots) == 2
    for snapshot in snapshots:
        assert scene.created_tags(snapshot)["watchpost:incident"] == incident
    keys = [o["Key"] for o in scene.s3.list_objects_v2(Bucket=scene.bucket).get("Contents", [])]
    prefix = f"watchpost/{ACCOUNT}/us-east-1/{scene.instance}/{incident}/"
    assert sorted(keys) == [prefix + "console-output.txt", prefix + "describe-instances.json", prefix + "release-record.json"]
    record = json.loads(scene.s3.get_object(Bucket=scene.bucket, Key=prefix + "describe-instances.json")["Body"].read())
    assert record["instanceId"] == scene.instance

    # The incident, read back through the SQS subscription.
    messages = scene.messages()
    assert len(messages) == 1
    assert incident in messages[0] and scene.instance in messages[0]
    assert "isolate-network" in messages[0]

    # The same event again (SNS redelivery, GuardDuty re-sending): nothing is repeated.
    # moto 5.2.1's DetachInstances leaves the instance registered in the group's target group;
    # AWS deregisters it (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DetachInstances.html:
    # "If there are target groups attached to your Auto Scaling group, the instances are
    # deregistered from the target groups"). Left as moto leaves it, it stands for an instance
    # still draining: the redelivery must leave it to the detach and publish nothing.
    web = scene.elb.describe_target_health(TargetGroupArn=scene.asg_tg)["TargetHealthDescriptions"]
    assert scene.instance in [t["Target"]["Id"] for t in web], "moto now deregisters: drop this comment's workaround"
    again = only(run_function(FUNCTION, [guardduty_event(scene.instance)], env=scene.env()))
    assert again.ok, again
    assert again.response["incidentId"] == incident
    assert again.response["decision"] == "isolate"
    steps = statuses(again.response)
    for step in ["tag", "protect", "detach-asg", "isolate-network", "release-eip", "revoke-profile", "snapshot", "evidence",
                 "notify"]:
        assert steps[step] == "already-done", again.response
    assert steps["deregister-targets"] == "skipped", again.response
    assert scene.messages() == []
    assert len(scene.snapshots()) == 2
    assert set(scene.watchpost_groups()) == {"allow-all", "isolation"} and len(scene.watchpost_groups()) == 2
    assert len(scene.group_instances()) == 1
    assert len(scene.s3.list_objects_v2(Bucket=scene.bucket)["Contents"]) == 3


def test_an_instance_without_a_group_is_isolated_all_the_same(moto, run_function):
    scene = Scene(moto, with_asg=False)
    plain = {"instanceId": scene.instance, "reason": "responder request"}
    invocation = only(run_function(FUNCTION, [plain], env=scene.env()))
    assert invocation.ok, invocation
    response = invocation.response
    assert response["decision"] == "isolate"
    assert response["finding"] == {"source": "direct", "id": None, "type": None, "severity": None, "severitySource": None}
    steps = statuses(response)
    assert steps["detach-asg"] == "skipped"
    assert steps["isolate-network"] == "done" and steps["snapshot"] == "done" and steps["notify"] == "done"
    isolation = scene.watchpost_groups()["isolation"]["GroupId"]
    assert scene.interface_groups() == {interface: [isolation] for interface in scene.interfaces}


def test_security_hub_finding_via_sns_is_isolated(moto, run_function):
    scene = Scene(moto, with_asg=False)
    event = load_event("securityhub-c2-via-sns.json")
    finding_event = sns_message(event)
    finding = finding_event["detail"]["findings"][0]
    finding["AwsAccountId"] = ACCOUNT
    finding["Resources"][0]["Id"] = f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/{scene.instance}"
    invocation = only(run_function(FUNCTION, [with_sns_message(event, finding_event)], env=scene.env()))
    assert invocation.ok, invocation
    response = invocation.response
    assert response["decision"] == "isolate" and response["instanceId"] == scene.instance
    assert response["finding"]["source"] == "securityhub" and response["finding"]["severity"] == 8
    assert statuses(response)["isolate-network"] == "done"
    assert scene.tags()["watchpost:quarantine-finding"] == finding["Id"][:256]


def test_a_group_of_watchposts_name_that_it_did_not_create_is_left_alone(moto, run_function):
    scene = Scene(moto, with_asg=False)
    # Someone prepared a group with watchpost's name, and a way in.
    planted = scene.ec2.create_security_group(GroupName="watchpost-isolation", Description="planted", VpcId=scene.vpc)["GroupId"]
    ssh = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.0/24"}]}]
    scene.ec2.authorize_security_group_ingress(GroupId=planted, IpPermissions=ssh)
    before = scene.interface_groups()
    first = only(run_function(FUNCTION, [{"instanceId": scene.instance}], env=scene.env()))
    assert first.ok, first
    step = next(s for s in first.response["steps"] if s["step"] == "isolate-network")
    assert step["status"] == "failed" and planted in step["detail"] and "not created by watchpost" in step["detail"], step
    group = scene.ec2.describe_security_groups(GroupIds=[planted])["SecurityGroups"][0]
    assert [p["FromPort"] for p in group["IpPermissions"]] == [22] and scene.created_tags(group) == {}
    assert scene.interface_groups() == before


def test_an_isolation_group_opened_later_is_closed_again(moto, run_function):
    scene = Scene(moto, with_asg=False)
    first = only(run_function(FUNCTION, [{"instanceId": scene.instance}], env=scene.env()))
    assert first.ok, first
    isolation = scene.watchpost_groups()["isolation"]["GroupId"]
    ssh = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.0/24"}]}]
    scene.ec2.authorize_security_group_ingress(GroupId=isolation, IpPermissions=ssh)
    again = only(run_function(FUNCTION, [{"instanceId": scene.instance}], env=scene.env()))
    assert again.ok, again
    assert statuses(again.response)["isolate-network"] == "done"
    group = scene.watchpost_groups()["isolation"]
    assert group["IpPermissions"] == [] and group["IpPermissionsEgress"] == []


def test_dry_run_mutates_nothing(moto, run_function):
    scene = Scene(moto)
    before_groups = scene.interface_groups()
    invocation = only(run_function(FUNCTION, [guardduty_event(scene.instance)], env=scene.env(DRY_RUN="true")))
    assert invocation.ok, invocation
    response = invocation.response
    assert response["dryRun"] is True and response["decision"] == "isolate"
    steps = statuses(response)
    assert steps["describe"] == "done"
    assert all(status == "skipped" for step, status in steps.items() if step != "describe"), response
    assert any(s["detail"].startswith("dry run: would ") for s in response["steps"])
    assert scene.interface_groups() == before_groups
    assert "watchpost:quarantine" not in scene.tags()
    assert scene.instance in scene.group_instances()
    assert scene.watchpost_groups() == {}
    assert scene.snapshots() == []
    assert scene.messages() == []
    assert scene.s3.list_objects_v2(Bucket=scene.bucket).get("Contents", []) == []


def quarantined(scene, run_function, **env):
    """The scene's instance, quarantined; its incident id (the incident message is consumed)."""
    first = only(run_function(FUNCTION, [{"instanceId": scene.instance, "reason": "suspicious"}], env=scene.env(**env)))
    assert first.ok, first
    scene.messages()
    return first.response["incidentId"]


def release(scene, run_function, incident, **env):
    invocation = only(run_function(FUNCTION, [{"action": "release", "incidentId": incident, "reason": "false positive"}],
                                   env=scene.env(**env)))
    assert invocation.ok, invocation
    assert invocation.response["decision"] == "release" and invocation.response["incidentId"] == incident
    return invocation.response


def step(response, name):
    return next(s for s in response["steps"] if s["step"] == name)


def associated_profiles(scene):
    associations = scene.ec2.describe_iam_instance_profile_associations(
        Filters=[{"Name": "instance-id", "Values": [scene.instance]}])["IamInstanceProfileAssociations"]
    return [a["IamInstanceProfile"]["Arn"] for a in associations if a["State"] == "associated"]


def test_release_restores_groups_and_profile(moto, run_function):
    scene = Scene(moto, with_asg=False)
    incident = quarantined(scene, run_function)
    response = release(scene, run_function, incident, RESTORE_INSTANCE_PROFILE="true")
    steps = statuses(response)
    assert steps["isolate-network"] == "done" and steps["revoke-profile"] == "done" and steps["tag"] == "done", response
    assert scene.interface_groups() == {scene.interfaces[0]: [scene.web], scene.interfaces[1]: [scene.web, scene.mgmt]}
    assert associated_profiles(scene) == [scene.profile]
    tags = scene.tags()
    assert "watchpost:quarantine" not in tags and "watchpost:released" in tags
    assert len(scene.messages()) == 1


def test_release_leaves_the_profile_to_a_person_by_default(moto, run_function):
    scene = Scene(moto, with_asg=False)
    incident = quarantined(scene, run_function)
    response = release(scene, run_function, incident)
    profile = step(response, "revoke-profile")
    assert profile["status"] == "skipped", response
    assert scene.profile in profile["detail"] and "no iam:PassRole unless ReleaseRestoresProfile=true" in profile["detail"]
    assert associated_profiles(scene) == []
    assert statuses(response)["isolate-network"] == "done" and statuses(response)["tag"] == "done"


def test_release_ignores_tags_that_disagree_with_the_record(moto, run_function):
    scene = Scene(moto, with_asg=False)
    incident = quarantined(scene, run_function)
    # Whoever can tag the instance points the release at their own group and a powerful profile.
    attacker = scene.ec2.create_security_group(GroupName="open", Description="open", VpcId=scene.vpc)["GroupId"]
    admin = scene.iam.create_instance_profile(InstanceProfileName="admin")["InstanceProfile"]["Arn"]
    scene.ec2.create_tags(Resources=[scene.instance], Tags=[
        {"Key": "watchpost:original-groups:" + scene.interfaces[0], "Value": attacker},
        {"Key": "watchpost:original-profile", "Value": admin}])
    response = release(scene, run_function, incident, RESTORE_INSTANCE_PROFILE="true")
    network, profile = step(response, "isolate-network"), step(response, "revoke-profile")
    assert network["status"] == "done" and profile["status"] == "done", response
    assert f"watchpost:original-groups:{scene.interfaces[0]}={attacker} disagrees with the release record" in network["detail"]
    assert f"watchpost:original-profile={admin} disagrees with the release record" in profile["detail"]
    assert scene.interface_groups() == {scene.interfaces[0]: [scene.web], scene.interfaces[1]: [scene.web, scene.mgmt]}
    assert associated_profiles(scene) == [scene.profile]


def test_release_without_its_record_restores_nothing(moto, run_function):
    scene = Scene(moto, with_asg=False)
    incident = quarantined(scene, run_function)
    isolated = scene.interface_groups()
    scene.s3.delete_object(Bucket=scene.bucket, Key=scene.record_key(incident))
    response = release(scene, run_function, incident, RESTORE_INSTANCE_PROFILE="true")
    for name in ["isolate-network", "revoke-profile"]:
        failed = step(response, name)
        assert failed["status"] == "failed" and "no release record" in failed["detail"], response
        assert "tags are not trusted" in failed["detail"]
    assert statuses(response)["tag"] == "skipped"
    assert scene.interface_groups() == isolated
    assert associated_profiles(scene) == []
    assert scene.tags()["watchpost:quarantine"] == incident


def test_role_sessions_revoked_on_request_and_restored_on_release(moto, run_function):
    scene = Scene(moto, with_asg=False)
    env = scene.env(REVOKE_ROLE_SESSIONS="true")
    first = only(run_function(FUNCTION, [{"instanceId": scene.instance}], env=env))
    assert first.ok, first
    assert statuses(first.response)["revoke-sessions"] == "done", first.response
    name = "watchpost-deny-sessions-" + first.response["incidentId"]
    document = scene.iam.get_role_policy(RoleName="web-app-role", PolicyName=name)["PolicyDocument"]
    if isinstance(document, str):
        document = json.loads(document)
    statement = document["Statement"][0]
    assert statement["Effect"] == "Deny" and statement["Action"] == "*"
    assert "aws:TokenIssueTime" in statement["Condition"]["DateLessThan"]
    again = only(run_function(FUNCTION, [{"instanceId": scene.instance}], env=env))
    assert statuses(again.response)["revoke-sessions"] == "already-done", again.response
    released = only(run_function(FUNCTION, [{"action": "release", "instanceId": scene.instance}], env=env))
    assert released.ok, released
    assert statuses(released.response)["revoke-sessions"] == "done", released.response
    assert name not in scene.iam.list_role_policies(RoleName="web-app-role")["PolicyNames"]


def test_an_instance_in_a_member_account_is_quarantined_through_its_role(moto, run_function):
    member = "444455556666"
    credentials = moto.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{member}:role/watchpost-member", RoleSessionName="e2e-setup")["Credentials"]
    scene = Scene(moto, with_asg=False, member=credentials)
    assert scene.describe()["NetworkInterfaces"][0]["OwnerId"] == member
    event = guardduty_event(scene.instance)
    finding = sns_message(event)
    finding["detail"]["accountId"] = member  # a delegated administrator receives members' findings
    invocation = only(run_function(FUNCTION, [with_sns_message(event, finding)], env=scene.env()))
    assert invocation.ok, invocation
    response = invocation.response
    assert response["account"] == member and response["decision"] == "isolate"
    assert statuses(response)["isolate-network"] == "done", response
    assert scene.tags()["watchpost:quarantine"] == response["incidentId"]
    assert len(scene.messages()) == 1  # published in the function's own account


def test_forensic_workstation_gets_the_evidence_volumes(moto, run_function):
    scene = Scene(moto, with_asg=False)
    env = scene.env(FORENSIC_AMI=AMI, FORENSIC_SUBNET=scene.subnet, FORENSIC_INSTANCE_TYPE="m5.large")
    invocation = only(run_function(FUNCTION, [{"instanceId": scene.instance}], env=env))
    assert invocation.ok, invocation
    assert statuses(invocation.response)["forensic-workstation"] == "done", invocation.response
    incident = invocation.response["incidentId"]
    workstations = [i for r in scene.ec2.describe_instances(Filters=[
        {"Name": "tag:watchpost:forensic-workstation-for", "Values": [scene.instance]}])["Reservations"] for i in r["Instances"]]
    assert len(workstations) == 1
    workstation = workstations[0]
    assert workstation["InstanceType"] == "m5.large"
    tags = {"watchpost:incident": incident, "watchpost:forensic-workstation-for": scene.instance,
            "Name": "watchpost-forensic-" + scene.instance}
    assert scene.created_tags(workstation) == tags
    forensic_group = scene.watchpost_groups()["forensic"]
    assert scene.created_tags(forensic_group) == {"watchpost:group": "forensic", "watchpost:group-ready": "true",
                                                  "Name": "watchpost-forensic"}
    assert [g["GroupId"] for g in workstation["SecurityGroups"]] == [forensic_group["GroupId"]]
    assert forensic_group["IpPermissions"] == []
    snapshots = {s["SnapshotId"] for s in scene.snapshots()}
    volumes = scene.ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [workstation["InstanceId"]]}])["Volumes"]
    assert snapshots <= {v.get("SnapshotId") for v in volumes}  # besides its own root volume
    assert len(volumes) == len(snapshots) + 1
    for volume in volumes:  # its root volume (RunInstances) and the copies (CreateVolume)
        assert scene.created_tags(volume) == tags, volume
    again = only(run_function(FUNCTION, [{"instanceId": scene.instance}], env=env))
    assert statuses(again.response)["forensic-workstation"] == "already-done", again.response


def test_sample_finding_is_skipped_before_any_aws_call(run_function):
    invocation = only(run_function(FUNCTION, ["forensic-isolator/guardduty-sample-via-sns.json"], env=dead_endpoint_env()))
    assert invocation.ok, invocation
    response = invocation.response
    assert response["decision"] == "skip"
    assert "sample" in response["reason"]
    assert response["instanceId"] == "i-99999999"
    assert response["incidentId"] is None
    assert all(s["status"] == "skipped" for s in response["steps"])


def test_port_probe_on_the_instance_is_reported_not_isolated(moto, run_function):
    scene = Scene(moto, with_asg=False)
    event = load_event("guardduty-port-probe-target-via-sns.json")
    finding = sns_message(event)
    finding["detail"]["accountId"] = ACCOUNT
    finding["detail"]["resource"]["instanceDetails"]["instanceId"] = scene.instance
    invocation = only(run_function(FUNCTION, [with_sns_message(event, finding)], env=scene.env()))
    assert invocation.ok, invocation
    assert invocation.response["decision"] == "skip"
    assert "target" in invocation.response["reason"]
    assert statuses(invocation.response)["notify"] == "done"
    assert statuses(invocation.response)["isolate-network"] == "skipped"
    assert scene.watchpost_groups() == {}
    assert len(scene.messages()) == 1


def test_invalid_instance_id_is_a_clear_error_before_any_aws_call(run_function):
    invocation = only(run_function(FUNCTION, [{"instanceId": "i-12345", "reason": "typo"}], env=dead_endpoint_env()),
                      failing=True)
    assert not invocation.ok
    assert invocation.error["errorType"] == "InvalidInstanceId"
    assert "i-12345" in invocation.error["errorMessage"]


def test_unknown_instance_is_a_clear_error(moto, run_function):
    invocation = only(run_function(FUNCTION, [{"instanceId": "i-0123456789abcdef0"}], env=moto.env()), failing=True)
    assert not invocation.ok
    assert invocation.error["errorType"] == "InstanceNotFound"
    assert "i-0123456789abcdef0" in invocation.error["errorMessage"]


def test_incidents_are_never_sent_to_the_triggering_topic(moto, run_function):
    event = load_event("plain-instance-id-via-sns.json")
    topic = event["Records"][0]["Sns"]["TopicArn"]
    invocation = only(run_function(FUNCTION, [event], env=moto.env(ALERT_TOPIC_ARN=topic)), failing=True)
    assert not invocation.ok
    assert invocation.error["errorType"] == "InvalidConfiguration"


def attack_sequence_event(instances):
    """The GuardDuty sample reshaped as an AttackSequence:EC2/CompromisedInstanceGroup finding
    (the API's Finding with service.detection.sequence) naming these instances in moto's account."""
    event = guardduty_event(instances[0])
    finding = sns_message(event)
    detail = finding["detail"]
    detail["type"] = "AttackSequence:EC2/CompromisedInstanceGroup"
    detail["severity"] = 9.0
    detail["title"] = "Potential compromise of a group of EC2 instances indicated by a sequence of actions."
    detail["service"]["detection"] = {"sequence": {
        "uid": "6aa7f3a0-7f5e-4b2b-a3f7-96c1f2d6d0aa",
        "description": "A sequence of suspicious actions was observed on a group of EC2 instances.",
        "resources": [{"uid": i, "resourceType": "EC2_INSTANCE", "accountId": ACCOUNT, "region": "us-east-1"}
                      for i in instances],
        "signals": [{"uid": "signal-1", "type": "FINDING", "name": "CryptoCurrency:Runtime/BitcoinTool.B", "count": 2,
                     "createdAt": 1795638000000, "updatedAt": 1795641600000, "firstSeenAt": 1795638000000,
                     "lastSeenAt": 1795641600000, "resourceUids": list(instances)}]}}
    return with_sns_message(event, finding)


def test_a_finding_naming_two_instances_isolates_up_to_the_limit_and_reports_the_rest(moto, run_function):
    scene = Scene(moto, with_asg=False)
    second = scene.ec2.run_instances(
        ImageId=AMI, MinCount=1, MaxCount=1, InstanceType="t3.micro",
        NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": scene.subnet, "Groups": [scene.web]}])["Instances"][0]["InstanceId"]
    second_interface = scene.describe(second)["NetworkInterfaces"][0]["NetworkInterfaceId"]
    event = attack_sequence_event([scene.instance, second])

    invocation = only(run_function(FUNCTION, [event], env=scene.env(MAX_INSTANCES_PER_FINDING="1")))
    assert invocation.ok, invocation
    response = invocation.response
    # The single-instance fields describe the instance isolated.
    assert response["decision"] == "isolate" and response["instanceId"] == scene.instance
    assert statuses(response)["isolate-network"] == "done"
    assert [(i["instanceId"], i["decision"]) for i in response["instances"]] == [(scene.instance, "isolate"), (second, "skip")]
    reported = response["instances"][1]
    assert "MAX_INSTANCES_PER_FINDING (1)" in reported["reason"]
    assert {s["step"]: s["status"] for s in reported["steps"]}["notify"] == "done"
    isolation = scene.watchpost_groups()["isolation"]["GroupId"]
    assert scene.interface_groups() == {interface: [isolation] for interface in scene.interfaces}
    untouched = scene.ec2.describe_network_interfaces(NetworkInterfaceIds=[second_interface])["NetworkInterfaces"][0]
    assert [g["GroupId"] for g in untouched["Groups"]] == [scene.web]
    messages = scene.messages()
    assert len(messages) == 2 and any(second in m and "MAX_INSTANCES_PER_FINDING" in m for m in messages)

    # Redelivered with the default limit: the first is already quarantined, the second is isolated now.
    invocation = only(run_function(FUNCTION, [event], env=scene.env()))
    assert invocation.ok, invocation
    response = invocation.response
    assert [i["instanceId"] for i in response["instances"]] == [scene.instance, second]
    first, now = response["instances"]
    assert first["decision"] == "isolate" and {s["step"]: s["status"] for s in first["steps"]}["isolate-network"] == "already-done"
    assert now["decision"] == "isolate" and {s["step"]: s["status"] for s in now["steps"]}["isolate-network"] == "done"
    untouched = scene.ec2.describe_network_interfaces(NetworkInterfaceIds=[second_interface])["NetworkInterfaces"][0]
    assert [g["GroupId"] for g in untouched["Groups"]] == [isolation]
