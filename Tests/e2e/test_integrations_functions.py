"""login-notifier, forensic-isolator and policy-generator with their integrations on, end to
end: SECURITY_HUB=true and EVENT_BUS_NAME set, the real executables through lambda-local
against moto. The findings are read back with boto3 (moto 5.2.1 imports findings without
EnableSecurityHub, as a hub already enabled would), the events through a rule on the bus
that targets an SQS queue, and the metrics from the function's EMF line on stderr."""
import json

import pytest

from integrations import event_bus, metrics_lines
from test_forensic_isolator import Scene, only
from test_login_notifier import MOTO_ACCOUNT, SIGNING_SECRET, instance, slack_callback, ssh_lines, subscription, topic_with_queue
from test_policy_generator import ROLE, TRAIL, WINDOW, create_role, seed_org_trail

BUS = "watchpost-e2e"


@pytest.fixture
def bus(moto):
    """The stack's event bus, with a rule sending every watchpost event to a queue: call it for
    the events put so far."""
    _, received = event_bus(moto, BUS)
    return received


def integrations(moto, **extra):
    return moto.env(SECURITY_HUB="true", EVENT_BUS_NAME=BUS, **extra)


def findings(moto):
    return {f["Id"]: f for f in moto.client("securityhub").get_findings()["Findings"]}


def metrics(run):
    """The EMF lines, one per invocation, in order (each checked as CloudWatch reads EMF)."""
    return metrics_lines(run.stderr)


def delivered(findings=0, events=0):
    return {"securityHub": {"imported": findings, "failed": []}, "events": {"sent": events, "failed": []}}


def test_login_notifier_reports_a_production_login_and_a_denied_one(moto, bus, run_function):
    instance_id = instance(moto, {"Name": "web-1", "Environment": "production"})
    alerts, _ = topic_with_queue(moto, "alerts")
    incidents, _ = topic_with_queue(moto, "incidents")
    batch = subscription(ssh_lines()[:1], instance_id)
    run = run_function("login-notifier", [batch, batch, slack_callback("login_not_me", instance_id)], env=integrations(
        moto, ALERT_TOPIC_ARN=alerts, SLACK_SIGNING_SECRET=SIGNING_SECRET, INCIDENT_TOPIC_ARN=incidents))
    login, redelivered, denied = run.invocations
    assert login.ok and redelivered.ok and denied.ok, run.stdout + run.stderr

    assert set(login.response) == {"logins", "failures", "ignored", "notifications", "delivery"}
    assert login.response["delivery"] == delivered(findings=1, events=1)
    assert set(denied.response) == {"statusCode", "headers", "body", "delivery"}
    assert denied.response["statusCode"] == 200 and "incident" in json.loads(denied.response["body"])["text"]
    assert denied.response["delivery"] == delivered(findings=1, events=1)

    arn = f"arn:aws:ec2:us-east-1:{MOTO_ACCOUNT}:instance/{instance_id}"
    login_id = f"watchpost/login-notifier/production-login/2024-05-01T10:00:00.123Z/ec2-user/{arn}"
    denied_id = f"watchpost/login-notifier/login-denied/2024-05-01T10:00:00.123Z/ec2-user/{arn}"
    stored = findings(moto)
    assert set(stored) == {login_id, denied_id}, "the redelivered batch updated its finding"
    for id, severity in ((login_id, "LOW"), (denied_id, "CRITICAL")):
        finding = stored[id]
        assert finding["Severity"]["Label"] == severity
        assert finding["GeneratorId"] == "watchpost/login-notifier" and finding["AwsAccountId"] == MOTO_ACCOUNT
        assert finding["Resources"] == [{"Type": "AwsEc2Instance", "Id": arn, "Partition": "aws", "Region": "us-east-1"}]
        assert finding["RecordState"] == "ACTIVE"
        # No Workflow is sent (BatchImportFindings cannot update it once the finding exists), and
        # moto 5.2.1 stores a finding as sent, where AWS starts a new finding at NEW:
        # https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Workflow.html
        assert "Workflow" not in finding
    assert stored[login_id]["ProductFields"]["watchpost/user"] == "ec2-user"
    assert stored[denied_id]["ProductFields"]["watchpost/incident"] == "done"

    events = bus()
    assert [(e["source"], e["detail-type"]) for e in events] == [
        ("watchpost", "Production Login"), ("watchpost", "Production Login"), ("watchpost", "Login Denied")]
    assert [l["instanceId"] for l in events[0]["detail"]["logins"]] == [instance_id]
    assert events[2]["detail"]["incident"]["instanceId"] == instance_id
    assert events[2]["detail"]["login"]["user"] == "ec2-user"

    first, _, answer = metrics(run)
    assert first["Decision.login"] == 1 and first["FindingsImported"] == 1 and first["EventsSent"] == 1
    assert first["ActionsDone"] == 1  # SNS sent; Slack is not configured
    assert answer["Decision.denied"] == 1 and answer["ActionsDone"] == 1
    assert first["Function"] == "login-notifier"


def test_forensic_isolator_opens_the_isolation_finding_and_a_release_archives_it(moto, bus, run_function):
    scene = Scene(moto, with_asg=False)
    isolated = only(run_function("forensic-isolator", [{"instanceId": scene.instance, "reason": "responder request"}],
                                 env=scene.env(SECURITY_HUB="true", EVENT_BUS_NAME=BUS)))
    assert isolated.ok, isolated
    assert isolated.response["decision"] == "isolate"
    assert isolated.response["delivery"] == delivered(findings=1, events=1)
    finding_id = f"watchpost/forensic-isolator/isolation/arn:aws:ec2:us-east-1:{MOTO_ACCOUNT}:instance/{scene.instance}"
    finding = findings(moto)[finding_id]
    assert finding["Severity"]["Label"] == "HIGH" and finding["RecordState"] == "ACTIVE"
    assert finding["Resources"][0]["Type"] == "AwsEc2Instance"
    assert finding["ProductFields"]["watchpost/step/isolate-network"].startswith("done: ")
    assert finding["ProductFields"]["watchpost/incidentId"] == isolated.response["incidentId"]
    [event] = bus()
    assert event["detail-type"] == "Instance Isolated" and event["detail"]["instanceId"] == scene.instance

    run = run_function("forensic-isolator", [{"action": "release", "instanceId": scene.instance, "reason": "false positive"}],
                       env=scene.env(SECURITY_HUB="true", EVENT_BUS_NAME=BUS))
    released = only(run)
    assert released.ok and released.response["decision"] == "release", released
    stored = findings(moto)
    assert list(stored) == [finding_id]
    assert stored[finding_id]["RecordState"] == "ARCHIVED"
    assert stored[finding_id]["ProductFields"]["watchpost/step/isolate-network"].startswith("done: ")
    [event] = bus()
    assert event["detail-type"] == "Instance Released"
    [line] = metrics(run)
    assert line["Decision.release"] == 1 and line["FindingsImported"] == 1 and line["EventsSent"] == 1
    assert line["ActionsFailed"] == 0


def test_forensic_isolator_counts_the_isolation_under_the_alarms_name(moto, bus, run_function):
    scene = Scene(moto, with_asg=False)
    run = run_function("forensic-isolator", [{"instanceId": scene.instance}],
                       env=scene.env(SECURITY_HUB="true", EVENT_BUS_NAME=BUS, DRY_RUN="true"))
    dry = only(run)
    assert dry.ok and dry.response["decision"] == "isolate", dry
    # A dry run's verdict is a finding all the same; nothing was done, so nothing is announced.
    assert dry.response["delivery"] == delivered(findings=1, events=0)
    [finding] = findings(moto).values()
    assert finding["Title"].endswith("would be quarantined (dry run)")
    assert bus() == []
    [line] = metrics(run)
    assert line["Decision.isolate"] == 1


def test_policy_generator_reports_unused_permissions_until_none_are_left(moto, bus, run_function):
    seed_org_trail(moto)
    broad = create_role(moto)
    event = {"principalArn": ROLE, **WINDOW, "source": "s3", "trailBucket": TRAIL, "regions": ["eu-west-1"],
             "apply": {"inlinePolicyName": "least-privilege"}}
    run = run_function("policy-generator", [event], env=integrations(moto))
    applied = run.invocations[0]
    assert applied.ok, applied
    assert [s["status"] for s in applied.response["applied"]["steps"]] == ["done"]
    assert applied.response["delivery"] == delivered(findings=1, events=2)
    finding_id = f"watchpost/policy-generator/unused-permissions/{ROLE}"
    finding = findings(moto)[finding_id]
    # dynamodb:* is granted and unused: a wildcard makes it MEDIUM.
    assert finding["Severity"]["Label"] == "MEDIUM"
    assert finding["Resources"] == [{"Type": "AwsIamRole", "Id": ROLE, "Partition": "aws"}]
    assert finding["RecordState"] == "ACTIVE" and finding["Compliance"]["Status"] == "FAILED"
    assert finding["ProductFields"][f"watchpost/unused/{broad}"] == "dynamodb:*, kms:Decrypt"
    events = bus()
    assert [e["detail-type"] for e in events] == ["Policy Generated", "Policy Applied"]
    assert events[0]["detail"]["principal"] == ROLE and events[0]["detail"]["policy"] == applied.response["policy"]
    [line] = metrics(run)
    assert line["Decision.policy"] == 1 and line["Decision.applied"] == 1 and line["ActionsDone"] == 1

    # The broad policy goes; the applied one is all the role has, and all of it is used.
    moto.client("iam").detach_role_policy(RoleName="orders-api", PolicyArn=broad)
    event.pop("apply")
    again = run_function("policy-generator", [event], env=integrations(moto)).invocations[0]
    assert again.ok and again.response["unused"] == [], again
    finding = findings(moto)[finding_id]
    assert finding["RecordState"] == "ARCHIVED" and finding["Compliance"]["Status"] == "PASSED"
    assert [e["detail-type"] for e in bus()] == ["Policy Generated"]


def test_without_integrations_the_responses_have_no_delivery(moto, run_function):
    instance_id = instance(moto, {"Name": "web-1", "Environment": "production"})
    run = run_function("login-notifier", [subscription(ssh_lines()[:1], instance_id)], env=moto.env(DRY_RUN="true"))
    [invocation] = run.invocations
    assert invocation.ok and "delivery" not in invocation.response, invocation
    assert moto.client("securityhub").get_findings()["Findings"] == []
    # The metrics line is written all the same.
    [line] = metrics(run)
    assert line["Decision.login"] == 1 and "FindingsImported" not in line
