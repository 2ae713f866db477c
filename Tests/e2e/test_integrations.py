"""s3-policy-checker with the integrations on: Security Hub findings (read back with boto3's
GetFindings), EventBridge events (read back through a rule to SQS), and the metrics line (parsed
as CloudWatch parses EMF). The other functions' integrations: test_integrations_functions.py."""
import json

import pytest

from integrations import event_bus, findings, metrics_lines
from test_s3_policy_checker import ACCOUNT, FUNCTION, MEMBER, REGION, make_bucket, only_response, policy_event, public_read

GENERATOR = "watchpost/s3-policy-checker"


def test_a_public_bucket_is_one_finding_updated_on_each_check_and_archived_once_private(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "shared-reports", public_read("shared-reports"))
    env = moto.env(SECURITY_HUB="true")
    event = policy_event("shared-reports")

    first = only_response(run_function(FUNCTION, [event], env=env))
    assert first["delivery"] == {"securityHub": {"imported": 1, "failed": []}}
    [finding] = findings(moto, GENERATOR)
    assert finding["Id"] == "watchpost/s3-policy-checker/bucket-exposure/arn:aws:s3:::shared-reports"
    assert finding["ProductArn"] == f"arn:aws:securityhub:{REGION}:{ACCOUNT}:product/{ACCOUNT}/default"
    assert finding["AwsAccountId"] == ACCOUNT
    assert finding["SchemaVersion"] == "2018-10-08"
    assert finding["Severity"]["Label"] == "CRITICAL"
    assert finding["RecordState"] == "ACTIVE"
    # No Workflow is sent (BatchImportFindings cannot update it once the finding exists), and moto
    # 5.2.1 stores a finding as sent, where AWS starts a new finding at NEW:
    # https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Workflow.html
    assert "Workflow" not in finding
    assert finding["Compliance"]["Status"] == "FAILED"
    assert finding["Resources"] == [{"Type": "AwsS3Bucket", "Id": "arn:aws:s3:::shared-reports", "Partition": "aws",
                                     "Region": REGION}]
    assert "PublicRead" in finding["Description"] and finding["Remediation"]["Recommendation"]["Text"]
    assert all(t.count("/") >= 1 for t in finding["Types"])

    second = only_response(run_function(FUNCTION, [event], env=env))
    assert second["delivery"] == {"securityHub": {"imported": 1, "failed": []}}
    [again] = findings(moto, GENERATOR)
    # The same finding, updated: a later check stamps a later UpdatedAt (separate runs, ms apart at least).
    assert again["Id"] == finding["Id"] and again["UpdatedAt"] > finding["UpdatedAt"]

    s3.delete_bucket_policy(Bucket="shared-reports")
    only_response(run_function(FUNCTION, [policy_event("shared-reports", event="delete-bucket-policy.json")], env=env))
    [closed] = findings(moto, GENERATOR)
    assert closed["Id"] == finding["Id"]
    assert closed["RecordState"] == "ARCHIVED" and closed["Compliance"]["Status"] == "PASSED"


def test_a_member_accounts_finding_is_imported_in_that_account(moto, run_function):
    """Security Hub takes a default-product finding only from the account it is about: the
    member's bucket finding goes in through the member role, into the member's hub."""
    member = moto.client("sts").assume_role(RoleArn=f"arn:aws:iam::{MEMBER}:role/watchpost-member",
                                            RoleSessionName="test-setup")["Credentials"]
    as_member = dict(aws_access_key_id=member["AccessKeyId"], aws_secret_access_key=member["SecretAccessKey"],
                     aws_session_token=member["SessionToken"])
    make_bucket(moto.client("s3", **as_member), "partner-drop", public_read("partner-drop"))
    response = only_response(run_function(FUNCTION, [policy_event("partner-drop", account=MEMBER)],
                                          env=moto.env(SECURITY_HUB="true")))
    assert response["delivery"] == {"securityHub": {"imported": 1, "failed": []}}
    [finding] = [f for f in moto.client("securityhub", **as_member).get_findings()["Findings"]
                 if f["GeneratorId"] == GENERATOR]
    assert finding["AwsAccountId"] == MEMBER
    assert finding["ProductArn"] == f"arn:aws:securityhub:{REGION}:{MEMBER}:product/{MEMBER}/default"
    assert findings(moto, GENERATOR) == [], "nothing lands in the security account's own hub"


def test_every_action_taken_is_an_event(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "press-kit", public_read("press-kit"))
    bus, received = event_bus(moto)
    response = only_response(run_function(FUNCTION, [policy_event("press-kit")],
                                          env=moto.env(EVENT_BUS_NAME=bus, REMEDIATION="block-public-access")))
    assert response["delivery"] == {"events": {"sent": 2, "failed": []}}
    events = received()
    assert sorted(e["detail-type"] for e in events) == ["Bucket Exposure Found", "Bucket Exposure Remediated"]
    for event in events:
        assert event["source"] == "watchpost"
        assert event["detail"]["bucket"] == "press-kit" and event["detail"]["verdict"] == "public"
        assert ("block-public-access", "done") in [(a["action"], a["status"]) for a in event["detail"]["actions"]]
    # The remediation did happen (read back independently).
    block = s3.get_public_access_block(Bucket="press-kit")["PublicAccessBlockConfiguration"]
    assert all(block.values())


def test_a_dry_run_takes_no_action_so_puts_only_what_it_found(moto, run_function):
    make_bucket(moto.client("s3"), "dry-bucket", public_read("dry-bucket"))
    bus, received = event_bus(moto)
    response = only_response(run_function(FUNCTION, [policy_event("dry-bucket")],
                                          env=moto.env(EVENT_BUS_NAME=bus, REMEDIATION="block-public-access", DRY_RUN="true")))
    assert response["delivery"]["events"]["sent"] == 1
    assert [e["detail-type"] for e in received()] == ["Bucket Exposure Found"]


def test_events_the_bus_refuses_are_reported_not_dropped(moto, run_function):
    make_bucket(moto.client("s3"), "lost-bucket", public_read("lost-bucket"))
    run = run_function(FUNCTION, [policy_event("lost-bucket")], env=moto.env(EVENT_BUS_NAME="no-such-bus"))
    response = only_response(run)
    [failed] = response["delivery"]["events"]["failed"]
    assert failed["detailType"] == "Bucket Exposure Found" and failed["code"]
    [metrics] = metrics_lines(run.stderr)
    assert metrics["EventsFailed"] == 1 and metrics["EventsSent"] == 0
    assert "delivery incomplete" in run.stderr


def test_one_metrics_line_per_invocation(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "metrics-public", public_read("metrics-public"))
    make_bucket(s3, "metrics-private")
    run = run_function(FUNCTION, [policy_event("metrics-public"), policy_event("metrics-private"), b"not json"],
                       env=moto.env(AWS_LAMBDA_FUNCTION_NAME="stack-a-S3PolicyChecker-X1"))
    public, private, failed = metrics_lines(run.stderr)
    assert public["Function"] == "stack-a-S3PolicyChecker-X1"
    assert public["Invocations"] == 1 and public["Errors"] == 0 and public["Decision.public"] == 1
    assert public["AWSCalls"] > 0 and public["AWSRetries"] == 0 and public["Duration"] > 0
    assert public["ActionsDone"] == 0 and public["ActionsFailed"] == 0  # alert skipped: no channel configured
    assert private["Decision.not-public"] == 1 and "Decision.public" not in private
    assert failed["Errors"] == 1
    # No integration on: the response is the contract alone, and no PutMetricData anywhere.
    assert "delivery" not in run.invocations[0].response


@pytest.mark.parametrize("function", ["s3-policy-checker", "login-notifier", "forensic-isolator", "policy-generator"])
@pytest.mark.parametrize("setting", ["DRY_RUN", "SECURITY_HUB"])
def test_every_function_refuses_a_mistyped_switch_instead_of_running_live(moto, run_function, function, setting):
    run = run_function(function, [{"any": "event"}], env=moto.env(**{setting: "ture"}))
    [invocation] = run.invocations
    assert invocation.error["errorType"] == "Runtime.InitError"
    assert f"InvalidConfiguration: {setting}=ture is not true or false" in invocation.error["errorMessage"]
