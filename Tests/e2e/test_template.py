"""template.yaml deployed to moto's CloudFormation from the packaged zips, in both roles.

moto's CloudFormation silently skips SNS subscriptions, log subscription filters and destinations,
function URLs and EventInvokeConfig, and ignores a stream's encryption (the stack still says complete), so those resources are created here
through their own APIs, from the template's own properties, and read back. moto also keeps an
`AWS::NoValue` inside a policy's statement list and then rejects the policy, so the stacks are
deployed with every optional feature on (which is the fuller test anyway)."""
import ast
import json
import os
import re
import subprocess

import pytest
from cfnlint.decode import decode_str

from conftest import REGION, ROOT

STACK = "watchpost"
FUNCTIONS = {
    "S3PolicyChecker": "s3-policy-checker",
    "LoginNotifier": "login-notifier",
    "ForensicIsolator": "forensic-isolator",
    "PolicyGenerator": "policy-generator",
}
SECURITY_PARAMETERS = {
    "SlackWebhookParameter": "/watchpost/slack-webhook",
    "SlackSigningSecretParameter": "/watchpost/slack-signing-secret",
    "Remediation": "block-public-access",
    "TrailBucket": "org-trail-bucket",
    "EnableSlackCallback": "true",
    "SshLogGroupName": "/watchpost/ssh",
    "RdpLogGroupName": "/watchpost/rdp",
    "AlertEmail": "secops@example.com",
    "OrganizationId": "o-exampleorg1",
    "PolicyPrincipals": "arn:aws:iam::123456789012:role/deployer",
    "SecurityHub": "true",
}


def template():
    with open(os.path.join(ROOT, "template.yaml")) as f:
        parsed, matches = decode_str(f.read())
    assert not matches, matches
    return parsed


def deploy(moto, dist, tmp_path, stack, parameters):
    """`aws cloudformation package` + `deploy`, as `make deploy` does (package needs
    AWS_ENDPOINT_URL: it has no --endpoint-url of its own for S3)."""
    workdir = tmp_path / stack
    (workdir / "dist").mkdir(parents=True)
    for function in FUNCTIONS.values():
        os.symlink(os.path.join(dist, f"{function}.zip"), workdir / "dist" / f"{function}.zip")
    with open(os.path.join(ROOT, "template.yaml")) as f:
        (workdir / "template.yaml").write_text(f.read())
    s3 = moto.client("s3")
    if "artifacts" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        s3.create_bucket(Bucket="artifacts")
    # "localhost": moto finds the uploaded template by the URL's path only under that host name.
    env = {**os.environ, **moto.env(), "AWS_DEFAULT_REGION": REGION,
           "AWS_ENDPOINT_URL": moto.endpoint.replace("127.0.0.1", "localhost")}
    subprocess.run(["aws", "cloudformation", "package", "--template-file", "template.yaml", "--s3-bucket", "artifacts",
                    "--output-template-file", "packaged.yaml"], cwd=workdir, env=env, check=True, capture_output=True)
    overrides = [f"{k}={v}" for k, v in parameters.items()]
    # --s3-bucket as in `make deploy`: the template is over the 51,200 bytes CloudFormation takes inline.
    result = subprocess.run(["aws", "cloudformation", "deploy", "--template-file", "packaged.yaml", "--stack-name", stack, "--s3-bucket", "artifacts",
                             "--capabilities", "CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "--parameter-overrides", *overrides],
                            cwd=workdir, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    cfn = moto.client("cloudformation")
    assert cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    # Types moto's CloudFormation does not model come back without ids: they are checked apart.
    return {r["LogicalResourceId"]: r["PhysicalResourceId"]
            for r in cfn.describe_stack_resources(StackName=stack)["StackResources"] if "PhysicalResourceId" in r}


@pytest.fixture
def security_stack(moto, dist, tmp_path):
    return deploy(moto, dist, tmp_path, STACK, SECURITY_PARAMETERS)


def function_arn(moto, resources, logical):
    return moto.client("lambda").get_function(FunctionName=resources[logical])["Configuration"]["FunctionArn"]


def test_every_function_is_deployed_from_its_packaged_zip(moto, dist, security_stack):
    lam = moto.client("lambda")
    for logical, name in FUNCTIONS.items():
        configuration = lam.get_function(FunctionName=security_stack[logical])["Configuration"]
        assert configuration["Runtime"] == "provided.al2023"
        assert configuration["Handler"] == "bootstrap"
        assert configuration["CodeSize"] == os.path.getsize(os.path.join(dist, f"{name}.zip"))
        variables = configuration["Environment"]["Variables"]
        assert variables["ALERT_TOPIC_ARN"].startswith("arn:aws:sns:")
        assert variables["DRY_RUN"] == "false"
        assert variables["WATCHPOST_MEMBER_ROLE"] == f"watchpost-member-{name}"
        assert variables["SLACK_WEBHOOK_PARAMETER"] == "/watchpost/slack-webhook"
        assert variables["SECURITY_HUB"] == "true"
        assert variables["EVENT_BUS_NAME"] == f"{STACK}-events"
        role = configuration["Role"].split("/")[-1]
        iam = moto.client("iam")
        inline = iam.list_role_policies(RoleName=role)["PolicyNames"]
        assert inline, f"{logical} has no policy of its own"
        # moto's CloudFormation creates the managed policy but does not attach ManagedPolicyArns.
        attached = template()["Resources"][f"{logical}Role"]["Properties"]["ManagedPolicyArns"]
        assert attached[:2] == [{"Ref": "FunctionsCommonPolicy"}, {"Ref": "GuardrailsPolicy"}], attached
    assert moto.client("iam").get_policy(PolicyArn=security_stack["FunctionsCommonPolicy"])["Policy"]
    s3c = lam.get_function(FunctionName=security_stack["S3PolicyChecker"])["Configuration"]["Environment"]["Variables"]
    assert s3c["REMEDIATION"] == "block-public-access"


def test_log_groups_keep_logs_for_the_retention_period(moto, security_stack):
    logs = moto.client("logs")
    for logical in FUNCTIONS:
        group = f"/aws/lambda/{security_stack[logical]}"
        found = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
        assert [g.get("retentionInDays") for g in found if g["logGroupName"] == group] == [90]


def test_rules_route_access_changes_findings_and_schedules(moto, security_stack):
    events = moto.client("events")
    access = events.describe_rule(Name=security_stack["S3AccessChangeRule"])
    pattern = json.loads(access["EventPattern"])
    assert pattern["source"] == ["aws.s3"]
    assert {"PutBucketPolicy", "PutBucketAcl", "DeleteBucketPublicAccessBlock", "PutAccountPublicAccessBlock"} <= set(
        pattern["detail"]["eventName"])
    targets = events.list_targets_by_rule(Rule=security_stack["S3AccessChangeRule"])["Targets"]
    assert [t["Arn"] for t in targets] == [function_arn(moto, security_stack, "S3PolicyChecker")]
    assert targets[0]["DeadLetterConfig"]["Arn"].endswith(security_stack["DeadLetterQueue"].split("/")[-1])

    guardduty = json.loads(events.describe_rule(Name=security_stack["GuardDutyFindingsRule"])["EventPattern"])
    assert guardduty["detail"]["severity"] == [{"numeric": [">=", 4]}]
    incidents = events.list_targets_by_rule(Rule=security_stack["GuardDutyFindingsRule"])["Targets"]
    assert [t["Arn"] for t in incidents] == [security_stack["IncidentsTopic"]]
    assert events.describe_rule(Name=security_stack["S3SweepRule"])["ScheduleExpression"] == "rate(1 day)"
    assert events.describe_event_bus(Name="watchpost-events")["Arn"].endswith(":event-bus/watchpost-events")


def test_topics_are_encrypted_and_the_evidence_bucket_is_locked_down(moto, security_stack):
    sns = moto.client("sns")
    for logical in ["AlertsTopic", "IncidentsTopic"]:
        attributes = sns.get_topic_attributes(TopicArn=security_stack[logical])["Attributes"]
        assert attributes.get("KmsMasterKeyId"), f"{logical} is not encrypted"
    assert moto.client("s3").head_bucket(Bucket=security_stack["EvidenceBucket"])
    # moto's CloudFormation ignores these bucket properties: checked as written.
    evidence = template()["Resources"]["EvidenceBucket"]
    assert evidence["DeletionPolicy"] == "Retain"
    assert all(evidence["Properties"]["PublicAccessBlockConfiguration"].values())
    assert evidence["Properties"]["VersioningConfiguration"] == {"Status": "Enabled"}


def resolve(value, moto, resources, stack=STACK):
    """The template's property values with Ref / GetAtt / Sub resolved against the stack."""
    if isinstance(value, list):
        return [resolve(v, moto, resources, stack) for v in value]
    if isinstance(value, dict) and len(value) == 1:
        (key, argument), = value.items()
        if key == "Ref":
            return resources.get(argument, SECURITY_PARAMETERS.get(argument, {"AWS::AccountId": "123456789012"}.get(argument)))
        if key == "Fn::Sub" and isinstance(argument, str):
            return re.sub(r"\$\{([^}]+)\}", lambda m: str(resolve(
                {"Fn::GetAtt": m.group(1).split(".")} if "." in m.group(1) else {"Ref": m.group(1)}, moto, resources, stack)), argument)
        if key == "Fn::If":
            name, yes, no = argument
            return resolve(yes if name in stack_conditions(resources) else no, moto, resources, stack)
        if key == "Fn::GetAtt":
            logical, attribute = argument if isinstance(argument, list) else argument.split(".")
            if logical == "EventBus":
                bus = moto.client("events").describe_event_bus(Name=f"{stack}-events")
                return bus[attribute]
            if logical in FUNCTIONS.keys() and attribute == "Arn":
                return function_arn(moto, resources, logical)
            if logical.endswith("DeadLetterQueue") and attribute == "Arn":
                return moto.client("sqs").get_queue_attributes(QueueUrl=resources[logical], AttributeNames=["QueueArn"])[
                    "Attributes"]["QueueArn"]
            if logical.endswith("DeadLetterQueue") and attribute == "QueueName":
                return resources[logical].split("/")[-1]
            if logical == "LoginStream" and attribute == "Arn":
                return moto.client("kinesis").describe_stream_summary(StreamName=resources[logical])["StreamDescriptionSummary"]["StreamARN"]
            if logical == "AlertsKey" and attribute == "Arn":
                # A key's physical id is its id (moto's DescribeKey fails on this key's policy).
                return f"arn:aws:kms:{REGION}:123456789012:key/{resources[logical]}"
            if template()["Resources"][logical]["Type"] == "AWS::IAM::Role" and attribute == "Arn":
                return moto.client("iam").get_role(RoleName=resources[logical])["Role"]["Arn"]
            raise AssertionError(f"unresolved GetAtt {argument}")
    if isinstance(value, dict):
        return {k: resolve(v, moto, resources, stack) for k, v in value.items()}
    return value


def resources_of_type(kind):
    return {name: r for name, r in template()["Resources"].items() if r["Type"] == kind}


def test_resources_moto_skips_are_valid_through_their_own_apis(moto, security_stack):
    # SNS subscriptions: forensic-isolator on the incidents topic, e-mail on the alerts topic.
    sns = moto.client("sns")
    for name, resource in resources_of_type("AWS::SNS::Subscription").items():
        properties = resolve(resource["Properties"], moto, security_stack)
        arn = sns.subscribe(TopicArn=properties["TopicArn"], Protocol=properties["Protocol"], Endpoint=properties["Endpoint"],
                            Attributes={"RedrivePolicy": json.dumps(properties["RedrivePolicy"])},
                            ReturnSubscriptionArn=True)["SubscriptionArn"]
        redrive = json.loads(sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["RedrivePolicy"])
        assert redrive["deadLetterTargetArn"].endswith(":" + security_stack["DeadLetterQueue"].split("/")[-1]), name
    incidents = sns.list_subscriptions_by_topic(TopicArn=security_stack["IncidentsTopic"])["Subscriptions"]
    assert [s["Endpoint"] for s in incidents] == [function_arn(moto, security_stack, "ForensicIsolator")]

    # Log subscription filters on the SSH and RDP groups, to login-notifier (the member stack's are
    # test_member_accounts_subscribe_their_logins_to_the_security_accounts_destination's).
    logs = moto.client("logs")
    for name, resource in resources_of_type("AWS::Logs::SubscriptionFilter").items():
        if resource["Condition"] not in stack_conditions(security_stack):
            continue
        properties = resolve(resource["Properties"], moto, security_stack)
        logs.create_log_group(logGroupName=properties["LogGroupName"])
        logs.put_subscription_filter(logGroupName=properties["LogGroupName"], filterName=name,
                                     filterPattern=properties["FilterPattern"], destinationArn=properties["DestinationArn"])
        filters = logs.describe_subscription_filters(logGroupName=properties["LogGroupName"])["subscriptionFilters"]
        assert [f["destinationArn"] for f in filters] == [function_arn(moto, security_stack, "LoginNotifier")]

    # The Slack callback's function URL.
    lam = moto.client("lambda")
    (url,) = resources_of_type("AWS::Lambda::Url").values()
    properties = resolve(url["Properties"], moto, security_stack)
    created = lam.create_function_url_config(FunctionName=properties["TargetFunctionArn"], AuthType=properties["AuthType"])
    assert created["FunctionUrl"]

    # The organization may put events on the watchpost bus.
    events = moto.client("events")
    (bus_policy,) = resources_of_type("AWS::Events::EventBusPolicy").values()
    properties = resolve(bus_policy["Properties"], moto, security_stack)
    statement = {**properties["Statement"], "Sid": properties["StatementId"]}
    events.put_permission(EventBusName=properties["EventBusName"], Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    assert "o-exampleorg1" in events.describe_event_bus(Name=properties["EventBusName"])["Policy"]

    # Every function's on-failure destination.
    configs = resources_of_type("AWS::Lambda::EventInvokeConfig")
    assert len(configs) == len(FUNCTIONS)
    for name, resource in configs.items():
        properties = resolve(resource["Properties"], moto, security_stack)
        lam.put_function_event_invoke_config(FunctionName=properties["FunctionName"], Qualifier=properties["Qualifier"],
                                             MaximumRetryAttempts=properties["MaximumRetryAttempts"],
                                             DestinationConfig=properties["DestinationConfig"])
        read = lam.get_function_event_invoke_config(FunctionName=properties["FunctionName"], Qualifier="$LATEST")
        assert read["DestinationConfig"]["OnFailure"]["Destination"].endswith(security_stack["DeadLetterQueue"].split("/")[-1])


MEMBER_ROLES = {"MemberS3PolicyCheckerRole": "s3-policy-checker", "MemberLoginNotifierRole": "login-notifier",
                "MemberForensicIsolatorRole": "forensic-isolator", "MemberPolicyGeneratorRole": "policy-generator"}


def attached_documents(iam, resources, role):
    """The documents of the managed policies the template attaches to a role, as this stack
    created them (moto's CloudFormation creates managed policies but attaches none)."""
    documents = []
    for entry in template()["Resources"][role]["Properties"]["ManagedPolicyArns"]:
        logical = entry["Ref"] if "Ref" in entry else entry["Fn::If"][1]["Ref"]
        if logical not in resources:
            continue  # its condition is off in this stack
        policy = iam.get_policy(PolicyArn=resources[logical])["Policy"]
        document = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])["PolicyVersion"]["Document"]
        documents.append(json.loads(document) if isinstance(document, str) else document)
    return documents


def test_member_account_stack_has_only_the_roles_and_the_forwarding_rules(moto, dist, tmp_path):
    resources = deploy(moto, dist, tmp_path, "watchpost-member", {
        "DeploymentRole": "member-account", "SecurityAccountId": "111122223333", "SecurityStackName": "watchpost"})
    assert {*MEMBER_ROLES, "ForwardingRole", "ForwardingDeadLetterQueue", "ForwardS3AccessChanges",
            "ForwardGuardDutyFindings", "GuardrailsPolicy"} <= set(resources)
    assert not set(resources) & (set(FUNCTIONS) | {"AlertsTopic", "IncidentsTopic", "EventBus", "EvidenceBucket"})
    iam = moto.client("iam")
    for logical, function in MEMBER_ROLES.items():
        role = iam.get_role(RoleName=f"watchpost-member-{function}")["Role"]
        trust = role["AssumeRolePolicyDocument"]
        trust = json.loads(trust) if isinstance(trust, str) else trust
        (statement,) = trust["Statement"]
        assert statement["Principal"] == {"AWS": "arn:aws:iam::111122223333:root"}
        assert statement["Condition"] == {"ArnEquals": {"aws:PrincipalArn": f"arn:aws:iam::111122223333:role/watchpost-{function}"}}
        text = json.dumps(attached_documents(iam, resources, logical))
        assert "securityhub:" not in text
        assert "NeverChangeWatchpostIdentities" in text, f"{function}'s member role lacks the guardrails"
    targets = moto.client("events").list_targets_by_rule(Rule=resources["ForwardS3AccessChanges"])["Targets"]
    assert [t["Arn"] for t in targets] == ["arn:aws:events:us-east-1:111122223333:event-bus/watchpost-events"]
    assert targets[0]["RetryPolicy"] == {"MaximumRetryAttempts": 8, "MaximumEventAgeInSeconds": 3600}
    alerts = "arn:aws:sns:us-east-1:111122223333:watchpost-alerts"
    (alarm,) = moto.client("cloudwatch").describe_alarms(
        AlarmNames=create_alarms(moto, {**resources, "SecurityAlertsTopicArn": alerts}, "watchpost-member"))["MetricAlarms"]
    assert (alarm["MetricName"], alarm["AlarmActions"]) == ("ApproximateNumberOfMessagesVisible", [alerts])
    assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": resources["ForwardingDeadLetterQueue"].split("/")[-1]}]


def stack_conditions(resources):
    """The conditions true in this deployed stack, as far as these tests ask: the stack's role, and
    what the parameters the tests deploy it with turn on."""
    if "ForwardingDeadLetterQueue" in resources:
        return {"IsMemberAccount", "HasSecurityAlertsTopic"} | (
            {"HasMemberSshLogs", "HasMemberRdpLogs", "SubscribesThroughOrganization"} if "LoginSubscriptionRole" in resources else set())
    return {"IsSecurityAccount", "HasSshLogs", "HasRdpLogs", "HasOrganization"}


def create_alarms(moto, resources, stack=STACK):
    """moto's CloudFormation skips AWS::CloudWatch::Alarm: each alarm of this stack's role is
    created through PutMetricAlarm from the template's own properties (under the name
    CloudFormation would give it)."""
    cloudwatch = moto.client("cloudwatch")
    names = []
    for logical, alarm in resources_of_type("AWS::CloudWatch::Alarm").items():
        if alarm.get("Condition") not in stack_conditions(resources):
            continue
        properties = resolve(alarm["Properties"], moto, resources, stack)
        name = f"{stack}-{logical}"
        cloudwatch.put_metric_alarm(AlarmName=name, **properties)
        names.append(name)
    return names


def test_alarms_reach_the_alerts_topic_for_failed_actions_errors_and_isolations(moto, security_stack):
    alarms = resources_of_type("AWS::CloudWatch::Alarm")
    for properties in (a["Properties"] for a in alarms.values()):
        assert "AlarmName" not in properties, "a fixed alarm name would collide between two stacks"
    names = create_alarms(moto, security_stack)
    found = moto.client("cloudwatch").describe_alarms(AlarmNames=names)["MetricAlarms"]
    by_metric = {}
    for alarm in found:
        (dimension,) = alarm["Dimensions"]
        by_metric.setdefault((alarm["Namespace"], alarm["MetricName"], dimension["Name"]), []).append(dimension["Value"])
        assert alarm["AlarmActions"] == [security_stack["AlertsTopic"]], alarm
        assert alarm["TreatMissingData"] == "notBreaching"
        assert alarm["Statistic"] == ("Maximum" if alarm["Namespace"] == "AWS/SQS" else "Sum")
    # Anything left in the dead-letter queue is alarmed.
    assert by_metric[("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName")] == [
        security_stack["DeadLetterQueue"].split("/")[-1]]
    functions = sorted(security_stack[logical] for logical in FUNCTIONS)
    assert sorted(by_metric[("watchpost", "ActionsFailed", "Function")]) == functions
    assert sorted(by_metric[("AWS/Lambda", "Errors", "FunctionName")]) == functions
    assert by_metric[("watchpost", "Decision.isolate", "Function")] == [security_stack["ForensicIsolator"]]
    thresholds = {(a["MetricName"], a["ComparisonOperator"], a["Threshold"]) for a in found}
    assert thresholds == {("ActionsFailed", "GreaterThanThreshold", 0), ("Errors", "GreaterThanThreshold", 0),
                          ("Decision.isolate", "GreaterThanOrEqualToThreshold", 1),
                          ("ApproximateNumberOfMessagesVisible", "GreaterThanThreshold", 0)}


def test_the_alerts_key_lets_cloudwatch_publish_to_the_encrypted_topic():
    resources = template()["Resources"]
    assert resources["AlertsTopic"]["Properties"]["KmsMasterKeyId"] == {"Ref": "AlertsKey"}
    statements = resources["AlertsKey"]["Properties"]["KeyPolicy"]["Statement"]

    def allows(service, action, condition="IsSecurityAccount"):
        for statement in statements:
            if "Fn::If" in statement:
                if statement["Fn::If"][0] != condition:
                    continue
                statement = statement["Fn::If"][1]
            elif condition != "IsSecurityAccount":
                continue
            services = statement["Principal"].get("Service", [])
            services = services if isinstance(services, list) else [services]
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            if statement["Effect"] == "Allow" and service in services and action in actions:
                return statement
        return None

    for action in ["kms:GenerateDataKey", "kms:Decrypt"]:
        cloudwatch = allows("cloudwatch.amazonaws.com", action)
        assert cloudwatch, action
        # CloudWatch names the alarm's account (aws:SourceAccount); EventBridge does not, so its
        # grant may not depend on it or every event to an encrypted topic or queue is dropped.
        assert cloudwatch["Condition"] == {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
        events = allows("events.amazonaws.com", action)
        assert events and "Condition" not in events, events
        # With OrganizationId, the member stacks' alarms on their forwarding dead-letter queues.
        organization = allows("cloudwatch.amazonaws.com", action, condition="HasOrganization")
        assert organization["Condition"] == {"StringEquals": {"aws:SourceOrgID": {"Ref": "OrganizationId"}}}
    # The key outlives the stack with the evidence it encrypts.
    assert resources["AlertsKey"]["DeletionPolicy"] == "Retain"
    assert resources["AlertsKey"]["UpdateReplacePolicy"] == "Retain"


def test_security_hub_and_action_events_are_granted_exactly(moto, security_stack):
    iam = moto.client("iam")
    policy = iam.get_policy(PolicyArn=security_stack["FunctionsCommonPolicy"])["Policy"]
    document = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])["PolicyVersion"]["Document"]
    document = json.loads(document) if isinstance(document, str) else document
    statements = {s["Sid"]: s for s in document["Statement"]}
    bus = moto.client("events").describe_event_bus(Name=f"{STACK}-events")["Arn"]
    assert statements["ActionEvents"]["Action"] == "events:PutEvents"
    assert statements["ActionEvents"]["Resource"] == bus
    assert statements["SecurityHubFindings"]["Action"] == "securityhub:BatchImportFindings"
    assert statements["SecurityHubFindings"]["Resource"] == "arn:aws:securityhub:*:123456789012:product/123456789012/default"


def test_member_roles_import_findings_into_their_own_account_when_security_hub_is_on(moto, dist, tmp_path):
    resources = deploy(moto, dist, tmp_path, "watchpost-member", {
        "DeploymentRole": "member-account", "SecurityAccountId": "111122223333", "SecurityHub": "true"})
    iam = moto.client("iam")
    for logical in MEMBER_ROLES:
        statements = {s.get("Sid"): s for d in attached_documents(iam, resources, logical) for s in d["Statement"]}
        assert statements["SecurityHubFindings"]["Action"] == "securityhub:BatchImportFindings"
        assert statements["SecurityHubFindings"]["Resource"] == "arn:aws:securityhub:*:123456789012:product/123456789012/default"


def test_every_asynchronous_path_is_bounded_and_every_dead_letter_queue_alarms():
    """Lambda's asynchronous invocations and EventBridge's targets retry a bounded number of times
    for a bounded age, then dead-letter; and something tells a person about every dead letter."""
    for name, config in resources_of_type("AWS::Lambda::EventInvokeConfig").items():
        properties = config["Properties"]
        assert {"MaximumRetryAttempts", "MaximumEventAgeInSeconds"} <= set(properties), name
        assert "OnFailure" in properties["DestinationConfig"], name
    # A stream's mapping retries a failing batch until the records expire unless bounded; then it
    # describes them on the dead-letter queue.
    streams = {name: m["Properties"] for name, m in resources_of_type("AWS::Lambda::EventSourceMapping").items()
               if "StartingPosition" in m["Properties"]}
    assert set(streams) == {"LoginNotifierFromStream"}
    for name, properties in streams.items():
        assert {"MaximumRetryAttempts", "MaximumRecordAgeInSeconds"} <= set(properties), name
        assert properties["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["DeadLetterQueue", "Arn"]}, name
    for name, rule in resources_of_type("AWS::Events::Rule").items():
        for target in rule["Properties"]["Targets"]:
            assert set(target["RetryPolicy"]) == {"MaximumRetryAttempts", "MaximumEventAgeInSeconds"}, name
            assert "DeadLetterConfig" in target, name
    watched = {a["Properties"]["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
               for a in resources_of_type("AWS::CloudWatch::Alarm").values() if a["Properties"]["Namespace"] == "AWS/SQS"}
    queues = resources_of_type("AWS::SQS::Queue")
    # A work queue (the organization sweep's) hands a message that keeps failing to an alarmed one.
    redriven = {name: q["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
                for name, q in queues.items() if "RedrivePolicy" in q["Properties"]}
    assert watched == set(queues) - set(redriven) == {"DeadLetterQueue", "ForwardingDeadLetterQueue"}
    assert redriven == {"SweepQueue": "DeadLetterQueue"}
    assert queues["SweepQueue"]["Properties"]["RedrivePolicy"]["maxReceiveCount"] <= 5


def test_member_logins_reach_login_notifier_through_an_encrypted_stream(moto, security_stack):
    """The stream, the destination member accounts subscribe to, and the mapping login-notifier
    reads the stream through. moto's CloudFormation ignores a stream's StreamEncryption and skips
    AWS::Logs::Destination: both are applied through their own APIs from the template's own
    properties and read back."""
    kinesis = moto.client("kinesis")
    stream = template()["Resources"]["LoginStream"]["Properties"]
    assert stream["StreamEncryption"] == {"EncryptionType": "KMS", "KeyId": {"Fn::GetAtt": ["AlertsKey", "Arn"]}}
    encryption = resolve(stream["StreamEncryption"], moto, security_stack)
    kinesis.start_stream_encryption(StreamName=security_stack["LoginStream"], **encryption)
    summary = kinesis.describe_stream_summary(StreamName=security_stack["LoginStream"])["StreamDescriptionSummary"]
    assert (summary["StreamName"], summary["EncryptionType"]) == (f"{STACK}-logins", "KMS")

    logs = moto.client("logs")
    known = {**security_stack, "AWS::Partition": "aws", "AWS::Region": REGION, "AWS::StackName": STACK}
    properties = resolve(template()["Resources"]["LoginDestination"]["Properties"], moto, known)
    iam = moto.client("iam")
    assert properties["RoleArn"] == iam.get_role(RoleName=f"{STACK}-login-delivery")["Role"]["Arn"]
    assert properties["TargetArn"] == summary["StreamARN"]
    destination = logs.put_destination(destinationName=properties["DestinationName"], targetArn=properties["TargetArn"],
                                       roleArn=properties["RoleArn"])["destination"]
    logs.put_destination_policy(destinationName=properties["DestinationName"], accessPolicy=properties["DestinationPolicy"])
    (read,) = [d for d in logs.describe_destinations()["destinations"] if d["destinationName"] == f"{STACK}-logins"]
    (statement,) = json.loads(read["accessPolicy"])["Statement"]
    assert statement["Action"] == "logs:PutSubscriptionFilter" and statement["Resource"] == destination["arn"]
    assert statement["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-exampleorg1"}}
    # What CloudWatch Logs may do with the role it delivers with: put records on this stream.
    (name,) = iam.list_role_policies(RoleName=f"{STACK}-login-delivery")["PolicyNames"]
    document = iam.get_role_policy(RoleName=f"{STACK}-login-delivery", PolicyName=name)["PolicyDocument"]
    # moto keeps an inline policy CloudFormation made as the Python repr of its document.
    document = ast.literal_eval(document) if isinstance(document, str) else document
    assert {s["Sid"]: (s["Action"], s["Resource"]) for s in document["Statement"]} == {
        "PutLoginRecords": ("kinesis:PutRecord", summary["StreamARN"]),
        "EncryptLoginRecords": ("kms:GenerateDataKey", resolve({"Fn::GetAtt": ["AlertsKey", "Arn"]}, moto, security_stack))}

    lam = moto.client("lambda")
    (mapping,) = lam.list_event_source_mappings(EventSourceArn=summary["StreamARN"])["EventSourceMappings"]
    assert mapping["FunctionArn"] == function_arn(moto, security_stack, "LoginNotifier")
    assert mapping["StartingPosition"] == "LATEST"
    assert mapping["BisectBatchOnFunctionError"] is True
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert 0 < mapping["MaximumRetryAttempts"] <= 10 and 0 < mapping["MaximumRecordAgeInSeconds"] <= 3600
    assert mapping["DestinationConfig"]["OnFailure"]["Destination"].endswith(":" + security_stack["DeadLetterQueue"].split("/")[-1])


@pytest.mark.parametrize("settings, principal, condition", [
    ({"OrganizationId": "o-exampleorg1"}, "*", {"StringEquals": {"aws:PrincipalOrgID": "o-exampleorg1"}}),
    ({"LogSourceAccounts": "123456789012,210987654321"}, {"AWS": ["123456789012", "210987654321"]}, None),
])
def test_the_destination_admits_the_organization_or_else_the_listed_accounts(settings, principal, condition):
    from template_iam import Deployment
    deployment = Deployment({"DeploymentRole": "security-account", **settings})
    policy = deployment.value(template()["Resources"]["LoginDestination"]["Properties"])["DestinationPolicy"]
    (statement,) = json.loads(policy)["Statement"]
    assert (statement["Effect"], statement["Action"]) == ("Allow", "logs:PutSubscriptionFilter")
    assert statement["Resource"] == "arn:aws:logs:us-east-1:111122223333:destination:watchpost-logins"
    assert statement["Principal"] == principal and statement.get("Condition") == condition
    # Neither: nobody else may subscribe (no policy at all).
    assert "DestinationPolicy" not in Deployment({"DeploymentRole": "security-account"}).value(
        template()["Resources"]["LoginDestination"]["Properties"])


@pytest.mark.parametrize("organization", [True, False])
def test_member_accounts_subscribe_their_logins_to_the_security_accounts_destination(moto, dist, tmp_path, organization):
    """moto's CloudFormation skips subscription filters, and its PutSubscriptionFilter reads a logs
    ARN as a log group's, never a destination's (moto/logs/models.py): the filters are checked as
    the template resolves them in the deployed member stack."""
    parameters = {"DeploymentRole": "member-account", "SecurityAccountId": "111122223333", "SecurityStackName": "watchpost",
                  "SshLogGroupName": SECURITY_PARAMETERS["SshLogGroupName"], "RdpLogGroupName": SECURITY_PARAMETERS["RdpLogGroupName"],
                  **({"OrganizationId": "o-exampleorg1"} if organization else {})}
    resources = deploy(moto, dist, tmp_path, "watchpost-member", parameters)
    assert ("LoginSubscriptionRole" in resources) == organization
    known = {**resources, "AWS::Partition": "aws", "AWS::Region": REGION, "AWS::AccountId": "123456789012",
             "SecurityAccountId": "111122223333", "SecurityStackName": "watchpost"}
    subscriptions = {name: r for name, r in resources_of_type("AWS::Logs::SubscriptionFilter").items() if name.startswith("Member")}
    assert set(subscriptions) == {"MemberSshLoginSubscription", "MemberRdpLoginSubscription"}
    # A destination that admits an organization takes a subscription only with the sender's role.
    role = moto.client("iam").get_role(RoleName="watchpost-member-login-subscription")["Role"]["Arn"] if organization else None
    for name, resource in subscriptions.items():
        properties = resolve(resource["Properties"], moto, known)
        own = resources_of_type("AWS::Logs::SubscriptionFilter")[name.removeprefix("Member")]["Properties"]
        assert properties["LogGroupName"] == SECURITY_PARAMETERS[own["LogGroupName"]["Ref"]]
        assert properties["FilterPattern"] == own["FilterPattern"], "the security stack's own filter"
        assert properties["DestinationArn"] == "arn:aws:logs:us-east-1:111122223333:destination:watchpost-logins"
        assert properties.get("RoleArn") == role
