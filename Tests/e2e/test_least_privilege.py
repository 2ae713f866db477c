"""Least privilege, proven: each function runs through lambda-local against moto with request
authentication on, as a user holding exactly that function's role policies from template.yaml
(its own inline policy and the managed policies the template attaches, resolved by template_iam).
Every call it makes on its sample events must be allowed; with one of those permissions taken
away, the function must report the refusal; and what the role must not do is refused.

What moto can and cannot prove (moto 5.2.6, moto/core/responses.py `_determine_resource`): it
authorizes S3, SQS, STS AssumeRole and IAM calls that name a role against the real resource ARN,
and every other service against "*"; it ignores policy conditions (moto/iam/policy_conditions.py
evaluates only StringEquals, and only on sts:ExternalId). So statements of the ARN-checked
services keep their real resources here, the others are widened to "*", and the conditions and
the cross-account trust of the member roles (moto checks a trust policy only for a role of the
caller's own account) are proven by test_escalation.py's evaluation of the same policies."""
import copy
import hmac
import json
import os
import re

import boto3
import botocore.exceptions
import moto
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from template_iam import ROOT, Deployment, Request, as_list
from template_iam import allowed as iam_allows

ACCOUNT = "123456789012"
MEMBER = "444455556666"
REGION = "us-east-1"


def deployment(parameters, physical):
    return Deployment(parameters, physical, account=ACCOUNT)


def role_policies(parameters, physical, function):
    d = deployment(parameters, physical)
    return d.role_documents(d.roles()[function])


def member_role_policies(parameters, function):
    """A member role's policies, as a member stack in moto's one account would create them."""
    d = Deployment({"DeploymentRole": "member-account", "SecurityAccountId": MEMBER, **parameters}, account=ACCOUNT)
    return d.role_documents(d.roles()[function])


# moto 5.2.6 (pinned in requirements/test.txt) authorizes an S3 request as "s3:" + botocore's
# operation name, not IAM's action name (moto/core/responses.py, _get_action): where the two
# differ, the Service Authorization Reference's action (what AWS checks) gets moto's name beside
# it, with the same resources, so moto still judges the scope the template grants.
MOTO_ALIASES = {
    "s3:ListAllMyBuckets": "s3:ListBuckets",
    "s3:ListBucket": "s3:ListObjectsV2",
    "s3:GetBucketPublicAccessBlock": "s3:GetPublicAccessBlock",
    "s3:PutBucketPublicAccessBlock": "s3:PutPublicAccessBlock",
    "s3:GetAccountPublicAccessBlock": "s3:GetPublicAccessBlock",
}
assert moto.__version__ == "5.2.6", f"MOTO_ALIASES are moto 5.2.6's names; re-check them for {moto.__version__}"


def moto_checks_resource(action):
    """Whether moto authorizes this action against its real ARN (see the module's docstring)."""
    service, name = action.split(":")
    return service in ("s3", "sqs") or action == "sts:AssumeRole" or (service == "iam" and "Role" in name)


def for_moto(documents):
    """Adds moto's aliases, and widens to "*" the Allows of actions moto authorizes against "*" (a
    statement mixing both kinds is split), so that everything moto can scope stays scoped."""
    adapted = []
    for document in copy.deepcopy(documents):
        statements = []
        for statement in as_list(document["Statement"]):
            actions = as_list(statement["Action"])
            actions = actions + [MOTO_ALIASES[a] for a in actions if a in MOTO_ALIASES]
            # A Deny keeps its resources: widened, it would deny every call of its actions.
            scoped = [a for a in actions if moto_checks_resource(a) or statement["Effect"] == "Deny"]
            wide = [a for a in actions if a not in scoped]
            if scoped:
                statements.append({**statement, "Action": scoped})
            if wide:
                sid = {"Sid": statement["Sid"] + "Widened"} if "Sid" in statement and scoped else {}
                statements.append({**statement, "Action": wide, "Resource": "*", **sid})
        adapted.append({**document, "Statement": statements})
    return adapted


def grant(moto, name, documents):
    """A user holding exactly these policy documents (as moto can check them); returns its keys."""
    iam = moto.client("iam")
    iam.create_user(UserName=name)
    for index, document in enumerate(for_moto(documents)):
        iam.put_user_policy(UserName=name, PolicyName=f"policy-{index}", PolicyDocument=json.dumps(document))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def without(documents, action):
    """The same documents with one action taken out of every statement that grants it."""
    trimmed = copy.deepcopy(documents)
    for document in trimmed:
        for statement in as_list(document["Statement"]):
            actions = as_list(statement["Action"])
            statement["Action"] = [a for a in actions if a != action] or ["none:Nothing"]
    return trimmed


def refused(call):
    """Whether moto refused the call for want of permission."""
    try:
        call()
    except botocore.exceptions.ClientError as error:
        code = error.response["Error"]["Code"]
        assert code in ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation"), error
        return True
    return False


def s3_world(moto):
    """What s3-policy-checker's sample event refers to, plus the stack's topic and evidence bucket."""
    with open(os.path.join(ROOT, "events/s3-policy-checker/put-bucket-policy-public.json")) as f:
        event = json.load(f)
    parameters = event["detail"]["requestParameters"]
    s3 = moto.client("s3")
    s3.create_bucket(Bucket=parameters["bucketName"])
    s3.put_bucket_policy(Bucket=parameters["bucketName"], Policy=json.dumps(parameters["bucketPolicy"]))
    s3.create_bucket(Bucket="watchpost-evidence")
    topic = moto.client("sns").create_topic(Name="watchpost-alerts")["TopicArn"]
    physical = {"AlertsTopic": topic, "IncidentsTopic": topic, "EvidenceBucket": "watchpost-evidence",
                "EvidenceBucket.Arn": "arn:aws:s3:::watchpost-evidence", "AlertsKey.Arn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/example",
                "DeadLetterQueue.Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:watchpost-dlq", **integrations(moto)}
    env = {"ALERT_TOPIC_ARN": topic, "EVIDENCE_BUCKET": "watchpost-evidence", **INTEGRATIONS_ENV}
    return parameters["bucketName"], physical, env


@pytest.mark.parametrize("remediation", ["alert", "block-public-access", "remove-public-statements"])
def test_s3_policy_checker_needs_exactly_its_role(fresh_moto, run_function, remediation):
    bucket, physical, env = s3_world(fresh_moto)
    documents = role_policies({"Remediation": remediation, "SecurityHub": "true"}, physical, "s3-policy-checker")
    allowed = grant(fresh_moto, "s3-policy-checker", documents)
    denied = grant(fresh_moto, "s3-policy-checker-less", without(documents, "s3:GetBucketPolicy"))
    fresh_moto.enable_auth()

    def run(keys):
        result = run_function("s3-policy-checker", ["s3-policy-checker/put-bucket-policy-public.json"],
                              env=fresh_moto.env(AWS_ACCESS_KEY_ID=keys[0], AWS_SECRET_ACCESS_KEY=keys[1],
                                                 REMEDIATION=remediation, **env))
        assert result.returncode in (0, 1), result.stderr
        return result.invocations[0]

    invocation = run(allowed)
    assert invocation.ok, invocation
    response = invocation.response
    assert response["verdict"] == "public", json.dumps(response)
    failures = [a for a in response["actions"] if a["status"] == "failed"]
    assert failures == [], failures
    if remediation != "alert":
        assert any(a["status"] == "done" for a in response["actions"]), response["actions"]
    assert_delivered(response, findings=1, events=1 if remediation == "alert" else 2)

    refused = run(denied)
    text = json.dumps(refused.raw)
    assert "AccessDenied" in text, text


def stack_names(topic, bucket, moto=None):
    """Physical names standing in for the stack's resources in the role policies (with `moto`,
    the stack's event bus is created there for the functions to send their actions to)."""
    names = {"AlertsTopic": topic, "IncidentsTopic": topic, "EvidenceBucket": bucket,
             "EvidenceBucket.Arn": f"arn:aws:s3:::{bucket}", "AlertsKey.Arn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/example",
             "DeadLetterQueue.Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:watchpost-dlq",
             "EventBus.Arn": f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/watchpost-events"}
    if moto is not None:
        names.update(integrations(moto))
    return names


# Security Hub and the action events on, as the template sets them with SecurityHub=true: the
# functions' findings and events go through the same authenticated moto as everything else.
INTEGRATIONS_ENV = {"SECURITY_HUB": "true", "EVENT_BUS_NAME": "watchpost-events"}


def assert_delivered(response, findings, events):
    """The role's grants let every finding and event through: none refused."""
    assert response["delivery"] == {"securityHub": {"imported": findings, "failed": []},
                                    "events": {"sent": events, "failed": []}}, json.dumps(response["delivery"])


def integrations(moto):
    """The stack's event bus and Security Hub, in moto (before authentication is turned on)."""
    events = moto.client("events")
    if "watchpost-events" not in [b["Name"] for b in events.list_event_buses()["EventBuses"]]:
        events.create_event_bus(Name="watchpost-events")
    try:
        moto.client("securityhub").enable_security_hub()
    except moto.client("securityhub").exceptions.ResourceConflictException:
        pass
    bus = events.describe_event_bus(Name="watchpost-events")["Arn"]
    return {"EventBus": "watchpost-events", "EventBus.Arn": bus}


def test_login_notifier_needs_exactly_its_role(fresh_moto, run_function):
    from test_login_notifier import instance, ssh_lines, subscription, topic_with_queue
    instance_id = instance(fresh_moto, {"Name": "web-1", "Environment": "production"})
    topic, _ = topic_with_queue(fresh_moto, "alerts")
    documents = role_policies({"SecurityHub": "true"}, stack_names(topic, "unused", fresh_moto), "login-notifier")
    allowed = grant(fresh_moto, "login-notifier", documents)
    denied = grant(fresh_moto, "login-notifier-less", without(documents, "ec2:DescribeInstances"))
    fresh_moto.enable_auth()

    def run(keys):
        result = run_function("login-notifier", [subscription(ssh_lines(), instance_id)],
                              env=fresh_moto.env(AWS_ACCESS_KEY_ID=keys[0], AWS_SECRET_ACCESS_KEY=keys[1], ALERT_TOPIC_ARN=topic,
                                                 **INTEGRATIONS_ENV))
        assert result.returncode in (0, 1), result.stderr
        return result.invocations[0]

    invocation = run(allowed)
    assert invocation.ok, invocation
    assert invocation.response["logins"][0]["production"] is True, invocation.response
    assert {n["channel"]: n["status"] for n in invocation.response["notifications"]}["sns"] == "sent", invocation.response
    logins = len(invocation.response["logins"])
    assert_delivered(invocation.response, findings=logins, events=logins)
    # Refused the lookup, the login is still alerted, but nothing is known of the instance.
    refused = run(denied).response["logins"][0]
    assert (refused["production"], refused["instanceName"]) == (False, None), refused


def test_forensic_isolator_needs_exactly_its_role(fresh_moto, run_function):
    from test_forensic_isolator import Scene, guardduty_event
    scene = Scene(fresh_moto)
    documents = role_policies({"SecurityHub": "true"}, stack_names(scene.topic, scene.bucket, fresh_moto), "forensic-isolator")
    allowed = grant(fresh_moto, "forensic-isolator", documents)
    denied = grant(fresh_moto, "forensic-isolator-less", without(documents, "autoscaling:DetachInstances"))
    image = scene.ec2.describe_images()["Images"][0]["ImageId"]
    other = scene.ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, SubnetId=scene.subnet)["Instances"][0]["InstanceId"]
    scene.asg.attach_instances(InstanceIds=[other], AutoScalingGroupName="web-asg")
    fresh_moto.enable_auth()

    def run(keys):
        result = run_function("forensic-isolator", [guardduty_event(scene.instance)],
                              env=scene.env(AWS_ACCESS_KEY_ID=keys[0], AWS_SECRET_ACCESS_KEY=keys[1], **INTEGRATIONS_ENV))
        assert result.returncode in (0, 1), result.stderr
        return result.invocations[0]

    invocation = run(allowed)
    assert invocation.ok, invocation
    steps = {s["step"]: s for s in invocation.response["steps"]}
    assert [s for s in steps.values() if s["status"] == "failed"] == [], json.dumps(steps)
    assert steps["detach-asg"]["status"] == "done"
    assert steps["isolate-network"]["status"] == "done"
    assert_delivered(invocation.response, findings=1, events=1)

    # The same finding for a second instance of the group, handled by a role without DetachInstances.
    result = run_function("forensic-isolator", [guardduty_event(other)],
                          env=scene.env(AWS_ACCESS_KEY_ID=denied[0], AWS_SECRET_ACCESS_KEY=denied[1]))
    refused = {s["step"]: s for s in result.invocations[0].response["steps"]}
    assert refused["detach-asg"]["status"] == "failed" and "AccessDenied" in refused["detach-asg"]["detail"], refused


class SigV4Authentication:
    """How AWS authenticates a request to CloudTrail's LookupEvents, which moto 5.2.6 does not
    implement (answered by test_policy_generator's LookupEventsServer): the SigV4 signature
    recomputed with the caller's secret key (botocore's signer, the reference implementation),
    refused with IncompleteSignature/InvalidSignatureException otherwise; the action authorized
    against the caller's policies by template_iam's evaluation, refused with
    AccessDeniedException otherwise. `allowed` counts the requests let through."""

    def __init__(self, users):
        """`users`: access key id -> (secret key, policy documents)."""
        self.users = users
        self.allowed = 0

    def refusal(self, headers, body, url):
        found = re.match(r"AWS4-HMAC-SHA256 Credential=(\w+)/(\d{8})/([\w-]+)/cloudtrail/aws4_request, "
                         r"SignedHeaders=([\w;-]+), Signature=([0-9a-f]{64})$", headers.get("Authorization", ""))
        if not found or found.group(1) not in self.users:
            return "IncompleteSignatureException"
        key, _, region, signed, signature = found.groups()
        secret, documents = self.users[key]
        request = AWSRequest(method="POST", url=url, data=body, headers={h: headers[h] for h in signed.split(";")})
        request.context["timestamp"] = headers["X-Amz-Date"]
        signer = SigV4Auth(Credentials(key, secret), "cloudtrail", region)
        expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
        if not hmac.compare_digest(expected, signature):
            return "InvalidSignatureException"
        if headers.get("X-Amz-Target") != "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents":
            return "UnknownOperationException"
        # LookupEvents has no resource type (Service Authorization Reference): authorized on "*".
        if not iam_allows(documents, Request("cloudtrail:LookupEvents", "*")):
            return "AccessDeniedException"
        self.allowed += 1
        return None


def test_policy_generator_needs_exactly_its_role(fresh_moto, run_function):
    # IAM, SNS and the output bucket are moto's, with authentication on; the activity comes from
    # LookupEvents, authenticated as AWS does by SigV4Authentication (moto has no LookupEvents).
    from test_policy_generator import ROLE, WINDOW, LookupEventsServer, create_role, rec
    create_role(fresh_moto)
    # With PolicyApply=true a managed policy is written only under the path /watchpost/.
    managed = fresh_moto.client("iam").create_policy(
        PolicyName="orders-api-least", Path="/watchpost/",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))["Policy"]["Arn"]
    topic = fresh_moto.client("sns").create_topic(Name="watchpost-alerts")["TopicArn"]
    fresh_moto.client("s3").create_bucket(Bucket="watchpost-evidence")
    documents = role_policies({"PolicyApply": "true", "SecurityHub": "true", "PolicyPrincipals": ROLE},
                              stack_names(topic, "watchpost-evidence", fresh_moto), "policy-generator")
    allowed = grant(fresh_moto, "policy-generator", documents)
    denied = grant(fresh_moto, "policy-generator-less", without(documents, "iam:CreatePolicyVersion"))
    unread = grant(fresh_moto, "policy-generator-no-trail", without(documents, "cloudtrail:LookupEvents"))
    fresh_moto.enable_auth()
    authentication = SigV4Authentication({
        allowed[0]: (allowed[1], documents), denied[0]: (denied[1], without(documents, "iam:CreatePolicyVersion")),
        unread[0]: (unread[1], without(documents, "cloudtrail:LookupEvents"))})
    server = LookupEventsServer([[rec("s3.amazonaws.com", "ListBuckets", region="us-east-1"),
                                  rec("sqs.amazonaws.com", "SendMessage", {"queueUrl": "q"}, region="us-east-1")]],
                                refuse=authentication.refusal)
    event = {"principalArn": ROLE, **WINDOW, "source": "lookup-events", "regions": ["us-east-1"],
             "apply": {"managedPolicyArn": managed}}

    def run(keys, **env):
        result = run_function("policy-generator", [event], env=fresh_moto.env(
            AWS_ACCESS_KEY_ID=keys[0], AWS_SECRET_ACCESS_KEY=keys[1], ALERT_TOPIC_ARN=topic,
            AWS_ENDPOINT_URL_CLOUDTRAIL=server.endpoint,
            POLICY_OUTPUT_BUCKET="watchpost-evidence", POLICY_OUTPUT_PREFIX="policies/", **INTEGRATIONS_ENV, **env))
        assert result.returncode in (0, 1), result.stderr
        return result.invocations[0]

    try:
        refused = run(denied)  # first: once applied, a second run has nothing left to write
        no_trail = run(unread)
        invocation = run(allowed)
        # The server's own check can fail: botocore signing with the wrong secret is refused.
        client = lambda secret: boto3.client("cloudtrail", endpoint_url=server.endpoint, region_name=REGION,
                                             aws_access_key_id=allowed[0], aws_secret_access_key=secret)
        assert len(client(allowed[1]).lookup_events()["Events"]) == 2
        with pytest.raises(botocore.exceptions.ClientError, match="InvalidSignatureException"):
            client("not-the-secret-key").lookup_events()
    finally:
        server.stop()
    assert invocation.ok, json.dumps(invocation.error)
    assert invocation.response["actions"] == ["s3:ListAllMyBuckets", "sqs:SendMessage"], invocation.response
    text = json.dumps(invocation.response["applied"])
    assert "failed" not in text and "AccessDenied" not in text, text
    assert_delivered(invocation.response, findings=1, events=2)  # Policy Generated, Policy Applied
    assert "AccessDenied" in json.dumps(refused.raw), refused
    assert "AccessDeniedException" in json.dumps(no_trail.raw), no_trail
    assert authentication.allowed == 3  # the two runs that may read, then boto3's own


def test_findings_and_action_events_are_allowed_by_the_common_policy_and_nothing_else(fresh_moto):
    """What the functions call for SECURITY_HUB and EVENT_BUS_NAME, as moto names the actions:
    a user holding FunctionsCommonPolicy imports a finding (default product, own account) and puts
    an action event on the stack's bus; without the grant, each is refused. (moto authorizes these
    against "*": that they are held to the product and the bus is test_escalation.py's check that
    no statement names "*" for an action with a resource type.)"""
    physical = stack_names("arn:aws:sns:us-east-1:123456789012:unused", "unused", fresh_moto)
    on = deployment({"SecurityHub": "true"}, physical)
    common = [on.value(on.template["Resources"]["FunctionsCommonPolicy"]["Properties"]["PolicyDocument"])]
    allowed = grant(fresh_moto, "common", common)
    denied = grant(fresh_moto, "common-less", without(without(common, "securityhub:BatchImportFindings"), "events:PutEvents"))
    off = deployment({"SecurityHub": "false"}, physical)
    assert "securityhub:BatchImportFindings" not in json.dumps(
        off.value(off.template["Resources"]["FunctionsCommonPolicy"]["Properties"]["PolicyDocument"]))
    fresh_moto.enable_auth()
    now = "2026-01-01T00:00:00Z"
    finding = {"SchemaVersion": "2018-10-08", "Id": "watchpost/smoke/1", "GeneratorId": "watchpost/forensic-isolator",
               "ProductArn": f"arn:aws:securityhub:{REGION}:{ACCOUNT}:product/{ACCOUNT}/default", "AwsAccountId": ACCOUNT,
               "Types": ["TTPs/Command and Control"], "CreatedAt": now, "UpdatedAt": now, "Severity": {"Label": "HIGH"},
               "Title": "isolated", "Description": "isolated", "Resources": [{"Type": "AwsEc2Instance", "Id": "i-0123456789abcdef0"}]}
    entry = {"Source": "watchpost", "DetailType": "watchpost action", "Detail": "{}", "EventBusName": "watchpost-events"}

    def call(keys):
        hub = fresh_moto.client("securityhub", aws_access_key_id=keys[0], aws_secret_access_key=keys[1])
        events = fresh_moto.client("events", aws_access_key_id=keys[0], aws_secret_access_key=keys[1])
        results = []
        for attempt in (lambda: hub.batch_import_findings(Findings=[finding]), lambda: events.put_events(Entries=[entry])):
            try:
                attempt()
                results.append("allowed")
            except botocore.exceptions.ClientError as error:
                # moto answers these JSON services' refusals as a 403 with an XML body.
                results.append(f"{error.response['ResponseMetadata']['HTTPStatusCode']} {error}")
        return results

    assert call(allowed) == ["allowed", "allowed"]
    refused = call(denied)
    assert all(r.startswith("403 ") and "AccessDenied" in r for r in refused), refused


# ---------------------------------------------------------------- what the roles must not do

BROADEST = {"RevokeRoleSessions": "true", "ReleaseRestoresProfile": "true", "PolicyApply": "true", "SecurityHub": "true",
            "Remediation": "remove-public-statements", "ForensicAmi": "ami-12c6146b", "ForensicSubnet": "subnet-0123456789abcdef0"}


def test_forensic_isolator_cannot_write_its_own_role_even_with_every_switch_on(fresh_moto):
    """Session revocation needs PutRolePolicy on the account's roles; the guardrail denies it on
    watchpost's own. The same call on another role goes through in moto (which ignores the
    Allow's opt-in tag condition), so the refusal is the Deny's doing."""
    iam = fresh_moto.client("iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                                "Action": "sts:AssumeRole"}]})
    for name in ("watchpost-forensic-isolator", "watchpost-s3-policy-checker", "app"):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
    keys = grant(fresh_moto, "forensic-isolator", role_policies(BROADEST, stack_names("arn:aws:sns:us-east-1:123456789012:t", "e"),
                                                               "forensic-isolator"))
    fresh_moto.enable_auth()
    attacker = fresh_moto.client("iam", aws_access_key_id=keys[0], aws_secret_access_key=keys[1])
    admin = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    for own in ("watchpost-forensic-isolator", "watchpost-s3-policy-checker"):
        assert refused(lambda: attacker.put_role_policy(RoleName=own, PolicyName="x", PolicyDocument=admin)), own
        assert refused(lambda: attacker.update_assume_role_policy(RoleName=own, PolicyDocument=trust)), own
    assert not refused(lambda: attacker.put_role_policy(RoleName="app", PolicyName="x", PolicyDocument=admin))


def test_login_notifiers_member_role_can_describe_instances_and_write_nothing(fresh_moto):
    from test_login_notifier import instance
    instance_id = instance(fresh_moto, {"Name": "web-1", "Environment": "production"})
    fresh_moto.client("s3").create_bucket(Bucket="data")
    fresh_moto.client("iam").create_role(RoleName="app", AssumeRolePolicyDocument="{}")
    keys = grant(fresh_moto, "member-login-notifier", member_role_policies(BROADEST, "login-notifier"))
    fresh_moto.enable_auth()
    client = lambda service: fresh_moto.client(service, aws_access_key_id=keys[0], aws_secret_access_key=keys[1])
    ec2, s3, iam = client("ec2"), client("s3"), client("iam")
    assert not refused(lambda: ec2.describe_instances(InstanceIds=[instance_id]))
    writes = [lambda: ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "watchpost:quarantine", "Value": "x"}]),
              lambda: ec2.modify_instance_attribute(InstanceId=instance_id, DisableApiTermination={"Value": True}),
              lambda: ec2.create_security_group(GroupName="open", Description="x"),
              lambda: s3.put_bucket_policy(Bucket="data", Policy=json.dumps({"Version": "2012-10-17", "Statement": []})),
              lambda: s3.put_public_access_block(Bucket="data", PublicAccessBlockConfiguration={"BlockPublicAcls": False}),
              lambda: iam.put_role_policy(RoleName="app", PolicyName="x", PolicyDocument="{}"),
              lambda: iam.create_access_key(UserName="member-login-notifier")]
    assert [refused(w) for w in writes] == [True] * len(writes)


@pytest.mark.parametrize("stack", ["security-account", "member-account"])
def test_with_remediation_alert_no_bucket_can_be_changed(fresh_moto, stack):
    fresh_moto.client("s3").create_bucket(Bucket="data")
    parameters = {**BROADEST, "Remediation": "alert"}
    documents = (role_policies(parameters, stack_names("arn:aws:sns:us-east-1:123456789012:t", "e"), "s3-policy-checker")
                 if stack == "security-account" else member_role_policies(parameters, "s3-policy-checker"))
    keys = grant(fresh_moto, "s3-policy-checker", documents)
    fresh_moto.enable_auth()
    s3 = fresh_moto.client("s3", aws_access_key_id=keys[0], aws_secret_access_key=keys[1])
    assert not refused(lambda: s3.get_bucket_acl(Bucket="data"))
    writes = [lambda: s3.put_bucket_policy(Bucket="data", Policy=json.dumps({"Version": "2012-10-17", "Statement": []})),
              lambda: s3.delete_bucket_policy(Bucket="data"),
              lambda: s3.put_bucket_acl(Bucket="data", ACL="private"),
              lambda: s3.put_public_access_block(Bucket="data", PublicAccessBlockConfiguration={"BlockPublicAcls": True}),
              lambda: s3.put_object(Bucket="data", Key="x", Body=b"x")]
    assert [refused(w) for w in writes] == [True] * len(writes)


@pytest.mark.parametrize("function", ["s3-policy-checker", "login-notifier", "forensic-isolator", "policy-generator"])
def test_a_function_can_assume_only_its_own_member_role(fresh_moto, function):
    """moto authorizes sts:AssumeRole against the role's ARN (the caller's side: its own grant).
    The member side - each member role trusting only its function's role of the named stack,
    not a watchpost-dev stack's - moto does not check across accounts; test_escalation.py
    evaluates those trust policies."""
    keys = grant(fresh_moto, function, role_policies(BROADEST, stack_names("arn:aws:sns:us-east-1:123456789012:t", "e"), function))
    fresh_moto.enable_auth()
    sts = fresh_moto.client("sts", aws_access_key_id=keys[0], aws_secret_access_key=keys[1])
    assume = lambda name: sts.assume_role(RoleArn=f"arn:aws:iam::{MEMBER}:role/{name}", RoleSessionName="e2e")
    assert not refused(lambda: assume(f"watchpost-member-{function}"))
    others = [f for f in ("s3-policy-checker", "login-notifier", "forensic-isolator", "policy-generator") if f != function]
    assert [refused(lambda: assume(f"watchpost-member-{o}")) for o in others] == [True] * 3
    assert refused(lambda: assume("OrganizationAccountAccessRole"))


# ---------------------------------------------------------------- member roles, end to end

def member_role(moto, function, parameters):
    """In account MEMBER: `function`'s member role holding exactly its policies from the template
    (as moto can check them), and an administrator to set up and read back with. Returns the
    administrator's client factory (its keys work once authentication is on)."""
    setup = moto.client("sts").assume_role(RoleArn=f"arn:aws:iam::{MEMBER}:role/e2e-setup",
                                           RoleSessionName="e2e-setup")["Credentials"]
    iam = moto.client("iam", aws_access_key_id=setup["AccessKeyId"], aws_secret_access_key=setup["SecretAccessKey"],
                      aws_session_token=setup["SessionToken"])
    documents = Deployment({"DeploymentRole": "member-account", "SecurityAccountId": ACCOUNT, **parameters},
                           account=MEMBER)
    role = documents.roles()[function]
    iam.create_role(RoleName=f"watchpost-member-{function}", AssumeRolePolicyDocument=json.dumps(documents.trust(role)))
    for index, document in enumerate(for_moto(documents.role_documents(role))):
        iam.put_role_policy(RoleName=f"watchpost-member-{function}", PolicyName=f"policy-{index}",
                            PolicyDocument=json.dumps(document))
    iam.create_user(UserName="admin")
    iam.put_user_policy(UserName="admin", PolicyName="admin", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="admin")["AccessKey"]
    return lambda service: moto.client(service, aws_access_key_id=key["AccessKeyId"],
                                       aws_secret_access_key=key["SecretAccessKey"])


@pytest.mark.parametrize("remediation", ["alert", "block-public-access", "remove-public-statements"])
def test_s3_policy_checker_acts_in_a_member_account_with_exactly_its_member_role(fresh_moto, run_function, remediation):
    parameters = {"Remediation": remediation}
    admin = member_role(fresh_moto, "s3-policy-checker", parameters)
    bucket = "partner-exports"
    policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"},
        {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::777788889999:root"},
         "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]}
    admin("s3").create_bucket(Bucket=bucket)
    admin("s3").put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    fresh_moto.client("s3").create_bucket(Bucket="watchpost-evidence")
    topic = fresh_moto.client("sns").create_topic(Name="watchpost-alerts")["TopicArn"]
    keys = grant(fresh_moto, "s3-policy-checker", role_policies(parameters, stack_names(topic, "watchpost-evidence"),
                                                               "s3-policy-checker"))
    fresh_moto.enable_auth()
    event = json.load(open(os.path.join(ROOT, "events/s3-policy-checker/put-bucket-policy-public.json")))
    event["account"] = MEMBER
    event["detail"]["requestParameters"] = {"bucketName": bucket, "bucketPolicy": policy}
    result = run_function("s3-policy-checker", [event], env=fresh_moto.env(
        AWS_ACCESS_KEY_ID=keys[0], AWS_SECRET_ACCESS_KEY=keys[1], ALERT_TOPIC_ARN=topic, EVIDENCE_BUCKET="watchpost-evidence",
        REMEDIATION=remediation, WATCHPOST_MEMBER_ROLE="watchpost-member-s3-policy-checker"))
    invocation = result.invocations[0]
    assert invocation.ok, invocation
    response = invocation.response
    assert (response["account"], response["verdict"]) == (MEMBER, "public"), response
    assert [a for a in response["actions"] if a["status"] == "failed"] == [], response["actions"]
    s3 = admin("s3")
    if remediation == "block-public-access":
        assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"]
    left = [s["Sid"] for s in json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"]]
    assert left == (["Partner"] if remediation == "remove-public-statements" else ["Public", "Partner"])


def test_login_notifier_looks_up_a_member_instance_with_exactly_its_member_role(fresh_moto, run_function):
    from test_login_notifier import ssh_lines, subscription, topic_with_queue
    admin = member_role(fresh_moto, "login-notifier", {})
    ec2 = admin("ec2")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    instance_id = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, TagSpecifications=[{"ResourceType": "instance", "Tags": [
        {"Key": "Name", "Value": "web-1"}, {"Key": "Environment", "Value": "production"}]}])["Instances"][0]["InstanceId"]
    topic, _ = topic_with_queue(fresh_moto, "alerts")
    keys = grant(fresh_moto, "login-notifier", role_policies({}, stack_names(topic, "unused"), "login-notifier"))
    fresh_moto.enable_auth()
    result = run_function("login-notifier", [subscription(ssh_lines(), instance_id, owner=MEMBER)], env=fresh_moto.env(
        AWS_ACCESS_KEY_ID=keys[0], AWS_SECRET_ACCESS_KEY=keys[1], ALERT_TOPIC_ARN=topic,
        WATCHPOST_MEMBER_ROLE="watchpost-member-login-notifier"))
    login = result.invocations[0].response["logins"][0]
    assert (login["production"], login["instanceName"]) == (True, "web-1"), login


def test_forensic_isolator_isolates_and_releases_in_a_member_account_with_exactly_its_member_role(fresh_moto, run_function):
    from test_forensic_isolator import Scene, guardduty_event, sns_message, with_sns_message
    parameters = {"ReleaseRestoresProfile": "true"}
    admin = member_role(fresh_moto, "forensic-isolator", parameters)
    setup = fresh_moto.client("sts").assume_role(RoleArn=f"arn:aws:iam::{MEMBER}:role/e2e-setup",
                                                 RoleSessionName="e2e-setup")["Credentials"]
    scene = Scene(fresh_moto, with_asg=True, member=setup)
    keys = grant(fresh_moto, "forensic-isolator", role_policies(parameters, stack_names(scene.topic, scene.bucket),
                                                               "forensic-isolator"))
    fresh_moto.enable_auth()
    env = scene.env(AWS_ACCESS_KEY_ID=keys[0], AWS_SECRET_ACCESS_KEY=keys[1], RESTORE_INSTANCE_PROFILE="true",
                    WATCHPOST_MEMBER_ROLE="watchpost-member-forensic-isolator")
    event = guardduty_event(scene.instance)
    finding = sns_message(event)
    finding["detail"]["accountId"] = MEMBER
    isolated = run_function("forensic-isolator", [with_sns_message(event, finding)], env=env).invocations[0]
    assert isolated.ok, isolated
    failed = [s for s in isolated.response["steps"] if s["status"] == "failed"]
    assert (isolated.response["account"], failed) == (MEMBER, []), isolated.response
    ec2 = admin("ec2")
    groups = {i["NetworkInterfaceId"]: [g["GroupName"] for g in i["Groups"]]
              for i in ec2.describe_instances(InstanceIds=[scene.instance])["Reservations"][0]["Instances"][0]["NetworkInterfaces"]}
    assert set(map(tuple, groups.values())) == {("watchpost-isolation",)}, groups
    released = run_function("forensic-isolator", [{"action": "release", "incidentId": isolated.response["incidentId"],
                                                   "account": MEMBER, "reason": "false positive"}], env=env).invocations[0]
    assert released.ok, released
    assert [s for s in released.response["steps"] if s["status"] == "failed"] == [], released.response


def test_s3_policy_checkers_sweep_needs_exactly_its_role(fresh_moto, run_function):
    s3 = fresh_moto.client("s3")
    s3.create_bucket(Bucket="sweep-public")
    s3.put_bucket_policy(Bucket="sweep-public", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::sweep-public/*"}]}))
    s3.create_bucket(Bucket="sweep-private")
    topic = fresh_moto.client("sns").create_topic(Name="watchpost-alerts")["TopicArn"]
    documents = role_policies({}, stack_names(topic, "watchpost-evidence"), "s3-policy-checker")
    allowed = grant(fresh_moto, "s3-policy-checker", documents)
    denied = grant(fresh_moto, "s3-policy-checker-less", without(documents, "s3:ListAllMyBuckets"))
    fresh_moto.enable_auth()

    def run(keys):
        return run_function("s3-policy-checker", ["s3-policy-checker/scheduled-sweep.json"], env=fresh_moto.env(
            AWS_ACCESS_KEY_ID=keys[0], AWS_SECRET_ACCESS_KEY=keys[1], ALERT_TOPIC_ARN=topic)).invocations[0]

    swept = run(allowed)
    assert swept.ok, swept
    assert {b["bucket"]: b["effectiveVerdict"] for b in swept.response["buckets"]} == {
        "sweep-public": "public", "sweep-private": "not-public"}, swept.response
    assert "AccessDenied" in json.dumps(run(denied).raw)


def test_login_notifiers_slack_callback_needs_exactly_its_role(fresh_moto, run_function):
    from test_login_notifier import SIGNING_SECRET, slack_callback, topic_with_queue
    fresh_moto.client("ssm").put_parameter(Name="/watchpost/slack-signing-secret", Value=SIGNING_SECRET, Type="SecureString")
    alerts, _ = topic_with_queue(fresh_moto, "alerts")
    incidents, queue = topic_with_queue(fresh_moto, "incidents")
    physical = {**stack_names(alerts, "unused"), "IncidentsTopic": incidents}
    documents = role_policies({"SlackSigningSecretParameter": "/watchpost/slack-signing-secret"}, physical, "login-notifier")
    allowed = grant(fresh_moto, "login-notifier", documents)
    denied = grant(fresh_moto, "login-notifier-less", without(documents, "ssm:GetParameter"))
    observer = grant(fresh_moto, "observer", [{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sqs:ReceiveMessage", "Resource": "*"}]}])
    fresh_moto.enable_auth()

    def run(keys):
        return run_function("login-notifier", [slack_callback("login_not_me", "i-0abc1234def567890")], env=fresh_moto.env(
            AWS_ACCESS_KEY_ID=keys[0], AWS_SECRET_ACCESS_KEY=keys[1], ALERT_TOPIC_ARN=alerts, INCIDENT_TOPIC_ARN=incidents,
            SLACK_SIGNING_SECRET_PARAMETER="/watchpost/slack-signing-secret"))

    answered = run(allowed).invocations[0]
    assert answered.ok and answered.response["statusCode"] == 200, answered
    sqs = fresh_moto.client("sqs", aws_access_key_id=observer[0], aws_secret_access_key=observer[1])
    assert len(sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])) == 1
    refused = run(denied)
    assert "AccessDenied" in refused.stdout + refused.stderr + json.dumps(refused.invocations[0].raw)
