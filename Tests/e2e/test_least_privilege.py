"""Least privilege, proven: each function runs through lambda-local against moto with request
authentication on, as a user holding exactly that function's role policies from template.yaml
(its own inline policy and the shared FunctionsCommonPolicy). Every call it makes on its sample
events must be allowed; with one of those permissions taken away, the function must report the
refusal. The policies are read from the template, not copied: a change there changes the test."""
import copy
import json
import os

import botocore.exceptions
import pytest
from cfnlint.decode import decode_str

from conftest import ROOT

ACCOUNT = "123456789012"
REGION = "us-east-1"


def template():
    with open(os.path.join(ROOT, "template.yaml")) as f:
        parsed, matches = decode_str(f.read())
    assert not matches, matches
    return parsed


class Resolver:
    """Evaluates the intrinsic functions of the template's IAM policies for one deployment."""

    def __init__(self, parameters, physical):
        self.template = template()
        self.parameters = {name: str(spec.get("Default", "")) for name, spec in self.template["Parameters"].items()}
        self.parameters.update(parameters)
        self.physical = physical

    def condition(self, name):
        return self.value(self.template["Conditions"][name])

    def value(self, node):
        if isinstance(node, list):
            return [v for v in (self.value(item) for item in node) if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, argument), = node.items()
            if key == "Ref":
                return self.ref(argument)
            if key == "Fn::Sub":
                return self.sub(argument)
            if key == "Fn::GetAtt":
                logical, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
                return self.physical[f"{logical}.{attribute}"]
            if key == "Fn::If":
                name, yes, no = argument
                return self.value(yes if self.condition(name) else no)
            if key == "Fn::Equals":
                return self.value(argument[0]) == self.value(argument[1])
            if key == "Fn::Not":
                return not self.value(argument[0])
            if key == "Fn::And":
                return all(self.value(a) for a in argument)
            if key == "Fn::Or":
                return any(self.value(a) for a in argument)
            if key == "Condition":
                return self.condition(argument)
        return {k: self.value(v) for k, v in node.items()}

    def ref(self, name):
        pseudo = {"AWS::AccountId": ACCOUNT, "AWS::Region": REGION, "AWS::Partition": "aws", "AWS::NoValue": NO_VALUE,
                  "AWS::StackName": "watchpost"}
        if name in pseudo:
            return pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        return self.physical[name]

    def sub(self, text):
        import re
        return re.sub(r"\$\{([^}]+)\}", lambda m: str(self.ref(m.group(1)) if "." not in m.group(1)
                                                      else self.physical[m.group(1)]), text)

    def role_policies(self, role):
        properties = self.template["Resources"][role]["Properties"]
        documents = [self.value(p["PolicyDocument"]) for p in properties["Policies"]]
        for managed in properties.get("ManagedPolicyArns", []):
            documents.append(self.value(self.template["Resources"][managed["Ref"]]["Properties"]["PolicyDocument"]))
        return documents


NO_VALUE = object()


# moto authorizes some S3 calls under other action names than IAM's: an unknown sub-resource
# falls back to the bucket's default (ListBucket for GET, CreateBucket for PUT), and S3 Control's
# account-level call is "GetPublicAccessBlock". Exactly these get moto's name beside AWS's.
MOTO_ALIASES = {
    "s3:GetBucketOwnershipControls": "s3:ListBucket",
    "s3:GetBucketPublicAccessBlock": "s3:ListBucket",
    "s3:PutBucketPublicAccessBlock": "s3:CreateBucket",
    "s3:GetAccountPublicAccessBlock": "s3:GetPublicAccessBlock",
}


def for_moto(documents):
    """Adds moto's aliases; and since moto authorizes every service but S3 against the resource
    "*", a statement scoped to ARNs of another service is widened to "*" here. This test proves
    the actions; the scoping is the template's, reviewed by cfn-lint and checkov."""
    adapted = copy.deepcopy(documents)
    for document in adapted:
        for statement in document["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            statement["Action"] = actions + [MOTO_ALIASES[a] for a in actions if a in MOTO_ALIASES]
            if not any(a.startswith("s3:") for a in actions):
                statement["Resource"] = "*"
    return adapted


def grant(moto, name, documents):
    """A user holding exactly these policy documents (as moto can check them); returns its keys."""
    documents = for_moto(documents)
    iam = moto.client("iam")
    iam.create_user(UserName=name)
    for index, document in enumerate(documents):
        iam.put_user_policy(UserName=name, PolicyName=f"policy-{index}", PolicyDocument=json.dumps(document))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def without(documents, action):
    """The same documents with one action taken out of every statement that grants it."""
    trimmed = copy.deepcopy(documents)
    for document in trimmed:
        for statement in document["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            statement["Action"] = [a for a in actions if a != action] or ["none:Nothing"]
    return trimmed


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
    documents = Resolver({"Remediation": remediation, "SecurityHub": "true"}, physical).role_policies("S3PolicyCheckerRole")
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
    documents = Resolver({"SecurityHub": "true"}, stack_names(topic, "unused", fresh_moto)).role_policies("LoginNotifierRole")
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
    documents = Resolver({"SecurityHub": "true"}, stack_names(scene.topic, scene.bucket, fresh_moto)).role_policies("ForensicIsolatorRole")
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


def test_policy_generator_needs_exactly_its_role(fresh_moto, run_function):
    # moto cannot check signatures of S3 listings with a prefix (boto3's fail the same way), so
    # the activity comes from LookupEvents on a local JSON 1.1 server; IAM, SNS and the output
    # bucket are moto's, with authentication on.
    from test_policy_generator import ROLE, WINDOW, LookupEventsServer, create_role, rec
    managed = create_role(fresh_moto)
    topic = fresh_moto.client("sns").create_topic(Name="watchpost-alerts")["TopicArn"]
    fresh_moto.client("s3").create_bucket(Bucket="watchpost-evidence")
    documents = Resolver({"PolicyApply": "true", "SecurityHub": "true"},
                         stack_names(topic, "watchpost-evidence", fresh_moto)).role_policies("PolicyGeneratorRole")
    allowed = grant(fresh_moto, "policy-generator", documents)
    denied = grant(fresh_moto, "policy-generator-less", without(documents, "iam:CreatePolicyVersion"))
    fresh_moto.enable_auth()
    server = LookupEventsServer([[rec("s3.amazonaws.com", "ListBuckets", region="us-east-1"),
                                  rec("sqs.amazonaws.com", "SendMessage", {"queueUrl": "q"}, region="us-east-1")]])
    event = {"principalArn": ROLE, **WINDOW, "source": "lookup-events", "regions": ["us-east-1"],
             "apply": {"managedPolicyArn": managed}}

    def run(keys):
        result = run_function("policy-generator", [event], env=fresh_moto.env(
            AWS_ACCESS_KEY_ID=keys[0], AWS_SECRET_ACCESS_KEY=keys[1], ALERT_TOPIC_ARN=topic,
            AWS_ENDPOINT_URL_CLOUDTRAIL=server.endpoint,
            POLICY_OUTPUT_BUCKET="watchpost-evidence", POLICY_OUTPUT_PREFIX="policies/", **INTEGRATIONS_ENV))
        assert result.returncode in (0, 1), result.stderr
        return result.invocations[0]

    try:
        refused = run(denied)  # first: once applied, a second run has nothing left to write
        invocation = run(allowed)
    finally:
        server.stop()
    assert invocation.ok, json.dumps(invocation.error)
    assert invocation.response["actions"] == ["s3:ListAllMyBuckets", "sqs:SendMessage"], invocation.response
    text = json.dumps(invocation.response["applied"])
    assert "failed" not in text and "AccessDenied" not in text, text
    assert_delivered(invocation.response, findings=1, events=2)  # Policy Generated, Policy Applied
    assert "AccessDenied" in json.dumps(refused.raw), refused


def test_findings_and_action_events_are_allowed_by_the_common_policy_and_nothing_else(fresh_moto):
    """What the functions call for SECURITY_HUB and EVENT_BUS_NAME, as moto names the actions:
    a user holding FunctionsCommonPolicy imports a finding (default product, own account) and puts
    an action event on the stack's bus; without the grant, each is refused. (The scoping to the
    product and the bus ARN is cfn-lint's and checkov's to review: moto authorizes against "*".)"""
    physical = stack_names("arn:aws:sns:us-east-1:123456789012:unused", "unused", fresh_moto)
    resolver = Resolver({"SecurityHub": "true"}, physical)
    common = [resolver.value(resolver.template["Resources"]["FunctionsCommonPolicy"]["Properties"]["PolicyDocument"])]
    allowed = grant(fresh_moto, "common", common)
    denied = grant(fresh_moto, "common-less", without(without(common, "securityhub:BatchImportFindings"), "events:PutEvents"))
    off = Resolver({"SecurityHub": "false"}, physical)
    assert "securityhub:BatchImportFindings" not in json.dumps(
        off.value(off.template["Resources"]["FunctionsCommonPolicy"]["Properties"]["PolicyDocument"]))
    fresh_moto.enable_auth()
    now = "2026-01-01T00:00:00Z"
    finding = {"SchemaVersion": "2018-10-08", "Id": "watchpost/smoke/1", "GeneratorId": "watchpost-forensic-isolator",
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
