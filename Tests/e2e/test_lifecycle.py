"""A stack's life after `make deploy`: two stacks side by side in one account, `make smoke` on a
deployed stack, `make destroy` and what it leaves - all against moto's CloudFormation with the
packaged zips, checked with boto3.

moto's Lambda Invoke needs Docker, so smoke runs here with WATCHPOST_SMOKE_INVOKE set to
scripts/invoke-local.py: the built executables, with each deployed function's environment,
through lambda-local. moto's CloudFormation skips alarms; they are created from the template's
own properties (test_template.create_alarms), as CloudFormation would."""
import json
import os
import subprocess
import sys

import pytest

from conftest import EXAMPLE_KEY_ID, EXAMPLE_SECRET, REGION, ROOT
from test_template import FUNCTIONS, SECURITY_PARAMETERS, create_alarms, deploy, template

# Properties that give a resource its physical name: a fixed string there would collide.
NAME_PROPERTIES = {"Name", "RoleName", "FunctionName", "TopicName", "QueueName", "BucketName", "AlarmName",
                   "LogGroupName", "ManagedPolicyName", "AliasName", "RuleName"}


def script_env(moto, bin_dir, **extra):
    return {**os.environ, **moto.env(), "AWS_DEFAULT_REGION": REGION, "WATCHPOST_BIN": bin_dir,
            **{k: str(v) for k, v in extra.items()}}


def run_script(name, *args, env, timeout=600):
    return subprocess.run([sys.executable, os.path.join(ROOT, "scripts", name), *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_no_resource_has_a_fixed_physical_name():
    for logical, resource in template()["Resources"].items():
        for key, value in resource.get("Properties", {}).items():
            if key in NAME_PROPERTIES:
                assert isinstance(value, dict), f"{logical}.{key} is the fixed name {value!r}"
                text = json.dumps(value)
                # Named after the stack, a resource of the stack, or a parameter (MemberRoleName).
                assert "${" in text or "Ref" in text or "Fn::GetAtt" in text, (logical, key, value)


def test_two_security_stacks_and_two_member_stacks_live_side_by_side(moto, dist, tmp_path):
    a = deploy(moto, dist, tmp_path, "watchpost-a", SECURITY_PARAMETERS)
    b = deploy(moto, dist, tmp_path, "watchpost-b", SECURITY_PARAMETERS)
    assert set(a) == set(b)
    shared = {logical: a[logical] for logical in a if a[logical] == b[logical]}
    assert shared == {}, shared
    lam, events = moto.client("lambda"), moto.client("events")
    for stack, resources in (("watchpost-a", a), ("watchpost-b", b)):
        assert events.describe_event_bus(Name=f"{stack}-events")["Name"] == f"{stack}-events"
        for logical in FUNCTIONS:
            variables = lam.get_function_configuration(FunctionName=resources[logical])["Environment"]["Variables"]
            assert variables["EVENT_BUS_NAME"] == f"{stack}-events"
            assert variables["ALERT_TOPIC_ARN"] == resources["AlertsTopic"]
            assert variables.get("EVIDENCE_BUCKET", resources["EvidenceBucket"]) == resources["EvidenceBucket"]
    # Each stack's alarms watch its own functions and tell its own topic.
    cloudwatch = moto.client("cloudwatch")
    for stack, resources in (("watchpost-a", a), ("watchpost-b", b)):
        alarms = cloudwatch.describe_alarms(AlarmNames=create_alarms(moto, resources, stack))["MetricAlarms"]
        own = {resources[logical] for logical in FUNCTIONS} | {resources["DeadLetterQueue"].split("/")[-1]}
        assert {d["Value"] for alarm in alarms for d in alarm["Dimensions"]} == own
        assert {action for alarm in alarms for action in alarm["AlarmActions"]} == {resources["AlertsTopic"]}

    # Member stacks for two security deployments in one account: the member roles and policies
    # are named by a parameter and the stack, so each gets its own.
    members = [deploy(moto, dist, tmp_path, f"watchpost-{x}-member", {
        "DeploymentRole": "member-account", "SecurityAccountId": "111122223333", "SecurityStackName": f"watchpost-{x}",
        "SecurityEventBusName": f"watchpost-{x}-events", "MemberRoleName": f"watchpost-{x}-member"}) for x in "ab"]
    assert {members[0][k] for k in members[0]}.isdisjoint({members[1][k] for k in members[1]})
    iam = moto.client("iam")
    for x in "ab":
        for function in ("s3-policy-checker", "login-notifier", "forensic-isolator", "policy-generator"):
            trust = iam.get_role(RoleName=f"watchpost-{x}-member-{function}")["Role"]["AssumeRolePolicyDocument"]
            trust = json.loads(trust) if isinstance(trust, str) else trust
            # Exactly the function's role of its own security stack: not the other stack's.
            assert trust["Statement"][0]["Condition"] == {
                "ArnEquals": {"aws:PrincipalArn": f"arn:aws:iam::111122223333:role/watchpost-{x}-{function}"}}


def secrets(moto):
    """The SSM SecureStrings the stack's parameters name (a deployment creates them first); the
    webhook points at a closed local port, so nothing could leave the machine."""
    ssm = moto.client("ssm")
    ssm.put_parameter(Name=SECURITY_PARAMETERS["SlackWebhookParameter"], Type="SecureString", Value="http://127.0.0.1:9/never")
    ssm.put_parameter(Name=SECURITY_PARAMETERS["SlackSigningSecretParameter"], Type="SecureString", Value="not-a-real-secret")


def listen(moto, topics):
    """An SQS queue subscribed to the given topics: whatever is published there lands in it."""
    sqs, sns = moto.client("sqs"), moto.client("sns")
    url = sqs.create_queue(QueueName="listener")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    for topic in topics:
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    return url


def state(moto, resources):
    """What smoke must not change: the evidence, the account's EC2 quarantine state, messages."""
    ec2 = moto.client("ec2")
    objects = moto.client("s3").list_object_versions(Bucket=resources["EvidenceBucket"]).get("Versions", [])
    return {"evidence": [o["Key"] for o in objects],
            "groups": sorted(g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]),
            "tags": sorted((t["ResourceId"], t["Key"]) for t in ec2.describe_tags()["Tags"]),
            "snapshots": sorted(s["SnapshotId"] for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"])}


def test_smoke_proves_the_stack_is_live_and_changes_nothing(moto, dist, bin_dir, tmp_path):
    resources = deploy(moto, dist, tmp_path, "watchpost", SECURITY_PARAMETERS)
    secrets(moto)
    queue = listen(moto, [resources["AlertsTopic"], resources["IncidentsTopic"]])
    env = script_env(moto, bin_dir, WATCHPOST_SMOKE_INVOKE=f"{sys.executable} {os.path.join(ROOT, 'scripts', 'invoke-local.py')}")

    # Before the alarms exist (moto's CloudFormation skipped them), smoke says so and fails.
    missing = run_script("smoke.py", "watchpost", env=env)
    assert missing.returncode == 1, missing.stdout + missing.stderr
    assert "FAIL alarm watchpost ActionsFailed on s3-policy-checker: missing" in missing.stdout

    create_alarms(moto, resources)
    before = state(moto, resources)
    result = run_script("smoke.py", "watchpost", env=env)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "FAIL" not in out
    for line in ["ok   stack is complete",
                 "ok   s3-policy-checker: the evidence bucket is not public, nothing done",
                 "ok   login-notifier: no login in the line, nobody notified",
                 "ok   forensic-isolator: i-00000000000000000 not found, nothing done: no instance i-00000000000000000 in us-east-1",
                 "ok   policy-generator: its own role's request was read and refused before any call (InvalidWindow)",
                 "ok   alarm watchpost Decision.isolate on forensic-isolator",
                 "dead-letter queue: 0 message(s) waiting",
                 f"lambda:GetFunctionConfiguration {resources['ForensicIsolator']}",
                 "smoke watchpost: ok"]:
        assert line in out, out
    assert "SECURITY_HUB=true" in out and "EVENT_BUS_NAME=watchpost-events" in out
    # The one write, said: with SecurityHub on, the evidence bucket's finding, filed as resolved.
    assert f"{resources['S3PolicyChecker']} imported 1 Security Hub finding(s)" in out, out
    [finding] = [f for f in moto.client("securityhub").get_findings()["Findings"]
                 if f["GeneratorId"] == "watchpost/s3-policy-checker"]
    assert finding["RecordState"] == "ARCHIVED" and finding["Resources"][0]["Id"].endswith(resources["EvidenceBucket"])
    # It changed nothing: no evidence, no EC2 change, nothing published to either topic.
    assert state(moto, resources) == before
    assert moto.client("sqs").receive_message(QueueUrl=queue, WaitTimeSeconds=0).get("Messages", []) == []


def test_smoke_refuses_any_call_that_is_not_a_read():
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    try:
        import smoke
    finally:
        sys.path.pop(0)

    class Model:
        name = "DeleteStack"

        class service_model:
            service_name = "cloudformation"

    with pytest.raises(RuntimeError, match="smoke refuses cloudformation:DeleteStack"):
        smoke.Touched().guard(Model, {"StackName": "watchpost"})
    for service, operations in smoke.ALLOWED.items():
        for operation in operations:
            assert operation == "Invoke" or operation.startswith(("Describe", "List", "Get", "Head")), operation


def test_destroy_deletes_the_stack_and_reports_what_it_keeps(moto, dist, bin_dir, tmp_path):
    resources = deploy(moto, dist, tmp_path, "watchpost", SECURITY_PARAMETERS)
    s3, ec2 = moto.client("s3"), moto.client("ec2")
    bucket = resources["EvidenceBucket"]
    s3.put_object(Bucket=bucket, Key="incidents/wp-i-0123-20260101T000000Z/instance.json", Body=b"{}")
    s3.put_object(Bucket=bucket, Key="policies/123456789012/role/deployer/20260101T000000Z.json", Body=b"{}")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, TagSpecifications=[
        {"ResourceType": "instance", "Tags": [{"Key": "watchpost:quarantine", "Value": "wp-incident-1"}]}])["Instances"][0]
    vpc = instance["VpcId"]
    group = ec2.create_security_group(GroupName="watchpost-isolation", Description="isolation", VpcId=vpc)["GroupId"]
    ec2.create_tags(Resources=[group], Tags=[{"Key": "watchpost:group", "Value": "isolation"}])
    volume = instance["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    snapshot = ec2.create_snapshot(VolumeId=volume, TagSpecifications=[
        {"ResourceType": "snapshot", "Tags": [{"Key": "watchpost:incident", "Value": "wp-incident-1"}]}])["SnapshotId"]
    hub = moto.client("securityhub")
    hub.enable_security_hub()
    now = "2026-01-01T00:00:00Z"
    hub.batch_import_findings(Findings=[{
        "SchemaVersion": "2018-10-08", "Id": "watchpost/1", "GeneratorId": "watchpost/forensic-isolator",
        "ProductArn": "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default", "AwsAccountId": "123456789012",
        "Types": ["TTPs"], "CreatedAt": now, "UpdatedAt": now, "Severity": {"Label": "HIGH"}, "Title": "t", "Description": "d",
        "Resources": [{"Type": "AwsEc2Instance", "Id": instance["InstanceId"]}]}])
    env = script_env(moto, bin_dir)

    # Without --yes and without a terminal it deletes nothing.
    refused = run_script("destroy.py", "watchpost", env=env)
    assert refused.returncode == 2 and "pass --yes" in refused.stderr
    assert moto.client("cloudformation").describe_stacks(StackName="watchpost")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"

    result = run_script("destroy.py", "watchpost", "--yes", env=env)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr

    # Gone: the stack and its functions.
    stacks = moto.client("cloudformation").list_stacks()["StackSummaries"]
    assert {s["StackStatus"] for s in stacks if s["StackName"] == "watchpost"} == {"DELETE_COMPLETE"}
    names = {f["FunctionName"] for f in moto.client("lambda").list_functions()["Functions"]}
    assert not names & {resources[logical] for logical in FUNCTIONS}
    # Kept, and said so, as the queries find them.
    assert f"evidence bucket {bucket}: kept (DeletionPolicy Retain), 2 object(s)" in out, out
    assert "incidents/: 1 object(s)" in out and "policies/: 1 object(s)" in out
    s3.head_bucket(Bucket=bucket)
    # (moto cannot DescribeKey a key CloudFormation made - it stores the policy unserialized - so
    # destroy falls back to ListKeys there.)
    assert resources["AlertsKey"] in [k["KeyId"] for k in moto.client("kms").list_keys()["Keys"]]
    assert f"KMS key {resources['AlertsKey']}: kept (DeletionPolicy Retain)" in out, out
    assert f"quarantined instance {instance['InstanceId']} (running): incident wp-incident-1" in out
    assert f"security group {group} (isolation, {vpc})" in out
    assert f"snapshot {snapshot} of {volume}: incident wp-incident-1" in out
    assert "Security Hub: 1 watchpost finding(s) kept" in out
    logs = moto.client("logs")
    for logical in FUNCTIONS:
        name = f"/aws/lambda/{resources[logical]}"
        left = [g for g in logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"] if g["logGroupName"] == name]
        assert f"log group {name}: " + ("kept" if left else "deleted with the stack") in out, out


def test_smoke_and_destroy_name_a_stack_that_exists(moto, bin_dir):
    env = script_env(moto, bin_dir)
    for script in ["smoke.py", "destroy.py"]:
        result = run_script(script, "no-such-stack", "--yes", env=env) if script == "destroy.py" else \
            run_script(script, "no-such-stack", env=env)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "no-such-stack" in result.stderr
    for target in ["smoke", "destroy"]:
        usage = subprocess.run(["make", "--no-print-directory", target], cwd=ROOT, capture_output=True, text=True)
        assert usage.returncode == 2 and f"usage: make {target} STACK=<name>" in usage.stdout


# What a deployment to moto needs besides AWS_ENDPOINT_URL (the README's "Try the whole stack
# without an AWS account"): moto's CloudFormation keeps an `!If [cond, statement, AWS::NoValue]`
# in a policy's Statement list as an element (AWS drops it) and refuses the policy, so the two
# conditions the common policy has such statements for are turned on.
MOTO_DEPLOY_PARAMETERS = ["SecurityHub=true", "SlackWebhookParameter=/watchpost/slack-webhook"]


def test_make_deploy_to_moto_create_noop_update_smoke_destroy(moto, dist, bin_dir):
    """make deploy's script against moto: created; deployed again with nothing changed it uploads
    nothing, runs no change set and exits 0; quiet (no upload progress); updated with one parameter
    changed, then a no-op again; smoke without an invoker
    says what to set rather than failing with a traceback; destroy removes the stack."""
    assert os.path.samefile(dist, os.path.join(ROOT, "dist"))  # deploy packages what `make package` left
    moto.client("s3").create_bucket(Bucket="artifacts")
    # "localhost": moto finds the uploaded template by the URL's path only under that host name.
    env = script_env(moto, bin_dir, AWS_ENDPOINT_URL=moto.endpoint.replace("127.0.0.1", "localhost"))
    deploy_args = ["--stack", "watchpost", "--bucket", "artifacts", "--parameters", *MOTO_DEPLOY_PARAMETERS]

    first = run_script("deploy.py", *deploy_args, env=env)
    assert first.returncode == 0, first.stderr
    assert "deploy: creating stack watchpost" in first.stderr and "deploy: stack watchpost created" in first.stderr
    assert "%)" not in first.stderr and "Uploading to" not in first.stderr
    cfn = moto.client("cloudformation")
    assert cfn.describe_stacks(StackName="watchpost")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    objects = moto.client("s3").list_objects_v2(Bucket="artifacts")["KeyCount"]

    again = run_script("deploy.py", *deploy_args, env=env)
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines()[-2:] == ["deploy: nothing to upload", "deploy: stack watchpost is up to date: nothing changed"]
    assert moto.client("s3").list_objects_v2(Bucket="artifacts")["KeyCount"] == objects
    assert cfn.list_change_sets(StackName="watchpost")["Summaries"] == [] or all(
        s["ExecutionStatus"] != "AVAILABLE" for s in cfn.list_change_sets(StackName="watchpost")["Summaries"])

    # An update: one parameter changed, the others kept; then again, with nothing changed.
    updated = run_script("deploy.py", "--stack", "watchpost", "--bucket", "artifacts",
                         "--parameters", "Remediation=block-public-access", env=env)
    assert updated.returncode == 0, updated.stderr
    assert "deploy: stack watchpost updated" in updated.stderr
    stack = cfn.describe_stacks(StackName="watchpost")["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    values = {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}
    assert (values["Remediation"], values["SecurityHub"]) == ("block-public-access", "true")
    [checker] = [f["FunctionName"] for f in moto.client("lambda").list_functions()["Functions"]
                 if f["FunctionName"] == "watchpost-s3-policy-checker"]
    variables = moto.client("lambda").get_function_configuration(FunctionName=checker)["Environment"]["Variables"]
    assert variables["REMEDIATION"] == "block-public-access"
    same = run_script("deploy.py", "--stack", "watchpost", "--bucket", "artifacts",
                      "--parameters", "Remediation=block-public-access", env=env)
    assert same.returncode == 0 and "deploy: stack watchpost is up to date: nothing changed" in same.stderr, same.stderr

    smoke = run_script("smoke.py", "watchpost", env=env)
    assert "Traceback" not in smoke.stderr + smoke.stdout
    assert smoke.returncode == 1 and "set WATCHPOST_SMOKE_INVOKE=scripts/invoke-local.py" in smoke.stdout

    destroy = run_script("destroy.py", "watchpost", "--yes", env=env)
    assert destroy.returncode == 0, destroy.stdout + destroy.stderr
    assert {s["StackStatus"] for s in cfn.list_stacks()["StackSummaries"] if s["StackName"] == "watchpost"} == {"DELETE_COMPLETE"}


def test_smoke_and_destroy_without_a_reachable_aws_say_so_in_one_line(bin_dir):
    env = {**os.environ, "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
           "AWS_ACCESS_KEY_ID": EXAMPLE_KEY_ID, "AWS_SECRET_ACCESS_KEY": EXAMPLE_SECRET, "AWS_REGION": REGION, "AWS_MAX_ATTEMPTS": "1", "WATCHPOST_BIN": bin_dir}
    env.pop("AWS_DEFAULT_REGION", None)
    for script, args in (("smoke.py", ["watchpost"]), ("destroy.py", ["watchpost", "--yes"])):
        result = run_script(script, *args, env=env, timeout=120)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.strip().splitlines()[-1].startswith(f"{script[:-3]}: Could not connect to the endpoint URL")


def test_destroy_leftovers_only_deletes_nothing_and_lists_what_watchpost_left(moto, bin_dir):
    """`destroy.py --leftovers-only`: for an account whose stack is already gone, what watchpost
    left behind, found by its tags; nothing is deleted."""
    ec2 = moto.client("ec2")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, TagSpecifications=[
        {"ResourceType": "instance", "Tags": [{"Key": "watchpost:quarantine", "Value": "wp-incident-2"},
                                              {"Key": "watchpost:released", "Value": "wp-incident-2 at 2026-01-02"}]}])["Instances"][0]
    bystander = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=1, TagSpecifications=[
        {"ResourceType": "volume", "Tags": [{"Key": "watchpost:incident", "Value": "wp-incident-2"}]}])["VolumeId"]
    result = run_script("destroy.py", "--leftovers-only", env=script_env(moto, bin_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert f"quarantined instance {instance['InstanceId']} (running) (released): incident wp-incident-2" in out, out
    assert f"volume {volume} (available): incident wp-incident-2" in out, out
    assert bystander not in out
    assert "Security Hub: not enabled here" in out, out
    # Nothing was deleted, and no stack was asked for.
    assert {i["InstanceId"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]
            if i["State"]["Name"] == "running"} >= {instance["InstanceId"], bystander}
    assert ec2.describe_volumes(VolumeIds=[volume])["Volumes"][0]["State"] == "available"
