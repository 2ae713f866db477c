"""s3-policy-checker end to end: the real executable through lambda-local against moto, every
outcome read back with boto3.

moto accepts what real S3 would refuse (no checksum check, no Block Public Access refusals, no
GetBucketPolicyStatus), so these tests set state up in the order real S3 allows and never take
moto's acceptance of a call as proof of anything: they read the bucket back."""
import copy
import json
import os
import urllib.request

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from conftest import EVENTS, EXAMPLE_KEY_ID, EXAMPLE_SECRET, REGION

FUNCTION = "s3-policy-checker"
ACCOUNT = "123456789012"  # moto's own account
MEMBER = "444455556666"
PARTNER = "111122223333"


def sample(name):
    with open(os.path.join(EVENTS, FUNCTION, name)) as f:
        return json.load(f)


def policy_event(bucket, account=ACCOUNT, event="put-bucket-policy-public.json"):
    """The sample PutBucketPolicy event, about another bucket (and account)."""
    ev = copy.deepcopy(sample(event))
    ev["account"] = account
    ev["detail"]["recipientAccountId"] = account
    ev["detail"]["requestParameters"]["bucketName"] = bucket
    ev["detail"]["resources"] = [{"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]
    return ev


def public_read(bucket, sid="PublicRead"):
    return {"Sid": sid, "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{bucket}/*"}


def owner_statement(bucket, account=ACCOUNT):
    return {"Sid": "OwnerRole", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:role/app"},
            "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}


def put_policy(s3, bucket, *statements):
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": list(statements)}))


def make_bucket(s3, bucket, *statements):
    s3.create_bucket(Bucket=bucket)
    if statements:
        put_policy(s3, bucket, *statements)


def account_block(moto, method, body=b""):
    """S3 Control's account-level Block Public Access, signed by botocore and sent to moto
    directly: boto3 puts the account id in the host name, which a loopback endpoint cannot take."""
    url = f"{moto.endpoint}/v20180820/configuration/publicAccessBlock"
    request = AWSRequest(method=method, url=url, data=body, headers={"x-amz-account-id": ACCOUNT, "Content-Type": "application/xml"})
    SigV4Auth(Credentials(EXAMPLE_KEY_ID, EXAMPLE_SECRET), "s3", REGION).add_auth(request)
    with urllib.request.urlopen(urllib.request.Request(url, data=body or None, method=method,
                                                       headers=dict(request.headers.items()))) as response:
        return response.read().decode()


def alert_queue(moto):
    """An SNS topic for alerts with an SQS queue subscribed, to read what was sent."""
    sns, sqs = moto.client("sns"), moto.client("sqs")
    topic = sns.create_topic(Name="watchpost-alerts")["TopicArn"]
    queue = sqs.create_queue(QueueName="alerts")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
    return topic, lambda: [m["Body"] for m in sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10,
                                                                   WaitTimeSeconds=1).get("Messages", [])]


def only_response(run):
    assert len(run.invocations) == 1, run.stdout + run.stderr
    invocation = run.invocations[0]
    assert invocation.ok, invocation
    return invocation.response


CONTRACT = {"bucket", "account", "region", "trigger", "verdict", "effectiveVerdict", "publicStatements",
            "publicGrants", "crossAccounts", "exempt", "actions", "dryRun"}


def statuses(response):
    return [(a["action"], a["status"]) for a in response["actions"]]


def test_public_by_policy_alerts_with_who_and_why(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "watchpost-demo-public", public_read("watchpost-demo-public"))
    topic, received = alert_queue(moto)
    response = only_response(run_function(FUNCTION, ["s3-policy-checker/put-bucket-policy-public.json"],
                                          env=moto.env(ALERT_TOPIC_ARN=topic)))
    assert set(response) == CONTRACT
    assert response["bucket"] == "watchpost-demo-public"
    assert response["account"] == ACCOUNT and response["region"] == REGION
    assert response["trigger"] == "PutBucketPolicy"
    assert response["verdict"] == "public" and response["effectiveVerdict"] == "public"
    assert [(s["index"], s["sid"]) for s in response["publicStatements"]] == [(0, "PublicRead")]
    assert response["publicGrants"] == [] and response["exempt"] is False and response["dryRun"] is False
    assert statuses(response) == [("alert", "done")]
    [message] = received()
    alert = json.loads(message)
    assert alert["bucket"] == "watchpost-demo-public" and alert["verdict"] == "public"
    assert alert["change"]["userIdentityArn"] == "arn:aws:sts::123456789012:assumed-role/DeveloperAccess/jdoe"
    assert alert["change"]["sourceIPAddress"] == "203.0.113.42"
    assert alert["change"]["eventTime"] == "2026-11-25T21:14:03Z"
    assert "aws-cli" in alert["change"]["userAgent"]
    assert alert["publicStatements"][0]["reason"]
    # Alert mode changes nothing.
    assert json.loads(s3.get_bucket_policy(Bucket="watchpost-demo-public")["Policy"])["Statement"][0]["Sid"] == "PublicRead"


def test_decides_on_the_state_read_back_not_the_event(moto, run_function):
    """The event's policy is public, but a later call already replaced it."""
    s3 = moto.client("s3")
    make_bucket(s3, "watchpost-demo-public", owner_statement("watchpost-demo-public"))
    response = only_response(run_function(FUNCTION, ["s3-policy-checker/put-bucket-policy-public.json"],
                                          env=moto.env(REMEDIATION="block-public-access")))
    assert response["verdict"] == "not-public"
    assert statuses(response) == [("block-public-access", "already-done"), ("alert", "skipped")]


def test_public_by_acl(moto, run_function):
    s3 = moto.client("s3")
    s3.create_bucket(Bucket="watchpost-demo-acl")
    # Real S3 refuses ACLs unless Object Ownership allows them: set it as a real user must.
    s3.put_bucket_ownership_controls(Bucket="watchpost-demo-acl",
                                     OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    s3.put_bucket_acl(Bucket="watchpost-demo-acl", ACL="public-read")
    response = only_response(run_function(FUNCTION, ["s3-policy-checker/put-bucket-acl-public-read.json"],
                                          env=moto.env(REMEDIATION="remove-public-statements")))
    assert response["verdict"] == "public" and response["effectiveVerdict"] == "public"
    assert {"grantee": "AllUsers", "permission": "READ"} in response["publicGrants"]
    # No ALERT_TOPIC_ARN and no Slack webhook: the alert has nowhere to go, and says so.
    assert statuses(response) == [("make-acl-private", "done"), ("alert", "skipped")]
    grants = s3.get_bucket_acl(Bucket="watchpost-demo-acl")["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]


def test_kept_private_by_bucket_block_public_access(moto, run_function):
    s3 = moto.client("s3")
    # Real S3 would refuse the public policy after BlockPublicPolicy: put it first.
    make_bucket(s3, "watchpost-demo-public", public_read("watchpost-demo-public"))
    s3.put_public_access_block(Bucket="watchpost-demo-public", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    response = only_response(run_function(FUNCTION, ["s3-policy-checker/put-bucket-policy-public.json"],
                                          env=moto.env(REMEDIATION="remove-public-statements")))
    assert response["verdict"] == "public" and response["effectiveVerdict"] == "not-public"
    assert statuses(response)[0] == ("remove-public-statements", "already-done")
    assert "RestrictPublicBuckets (bucket)" in response["actions"][0]["detail"]
    # A policy already held in check is left as it is.
    assert json.loads(s3.get_bucket_policy(Bucket="watchpost-demo-public")["Policy"])["Statement"][0]["Sid"] == "PublicRead"


def test_kept_private_by_account_block_public_access(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "watchpost-demo-public", public_read("watchpost-demo-public"))
    account_block(moto, "PUT", (
        '<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">'
        "<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
        "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>"
        "</PublicAccessBlockConfiguration>").encode())
    assert "<RestrictPublicBuckets>true</RestrictPublicBuckets>" in account_block(moto, "GET")
    response = only_response(run_function(FUNCTION, ["s3-policy-checker/put-bucket-policy-public.json"],
                                          env=moto.env(REMEDIATION="block-public-access")))
    assert response["verdict"] == "public" and response["effectiveVerdict"] == "not-public"
    assert statuses(response)[0] == ("block-public-access", "already-done")
    assert "(account)" in response["actions"][0]["detail"]
    with pytest.raises(ClientError):
        s3.get_public_access_block(Bucket="watchpost-demo-public")  # the bucket's own settings untouched


def test_cross_account_grant_names_the_account(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "watchpost-demo-public", {
        "Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::watchpost-demo-public/*"})
    response = only_response(run_function(FUNCTION, ["s3-policy-checker/put-bucket-policy-public.json"],
                                          env=moto.env(REMEDIATION="remove-public-statements")))
    assert response["verdict"] == "cross-account" and response["effectiveVerdict"] == "cross-account"
    assert response["crossAccounts"] == [PARTNER]
    assert response["publicStatements"] == []
    assert len(json.loads(s3.get_bucket_policy(Bucket="watchpost-demo-public")["Policy"])["Statement"]) == 1


def test_exempt_bucket_is_reported_and_never_changed(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "watchpost-demo-public", public_read("watchpost-demo-public"))
    s3.put_bucket_tagging(Bucket="watchpost-demo-public",
                          Tagging={"TagSet": [{"Key": "watchpost:allow-public", "Value": "public website"}]})
    make_bucket(s3, "listed-bucket", public_read("listed-bucket"))
    run = run_function(FUNCTION, ["s3-policy-checker/put-bucket-policy-public.json", policy_event("listed-bucket")],
                       env=moto.env(REMEDIATION="block-public-access", ALLOW_PUBLIC_BUCKETS="listed-bucket"))
    assert len(run.invocations) == 2
    for invocation in run.invocations:
        assert invocation.ok, invocation
        assert invocation.response["exempt"] is True and invocation.response["verdict"] == "public"
        assert statuses(invocation.response) == [("block-public-access", "skipped"), ("alert", "skipped")]
    assert "public website" in run.invocations[0].response["actions"][0]["detail"]
    for bucket in ("watchpost-demo-public", "listed-bucket"):
        with pytest.raises(ClientError):
            s3.get_public_access_block(Bucket=bucket)


def test_block_public_access_mode_then_redelivery_is_already_done(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "watchpost-demo-public", public_read("watchpost-demo-public"))
    event = "s3-policy-checker/put-bucket-policy-public.json"
    run = run_function(FUNCTION, [event, event], env=moto.env(REMEDIATION="block-public-access"))
    first, again = (i.response for i in run.invocations)
    assert statuses(first)[0] == ("block-public-access", "done")
    config = s3.get_public_access_block(Bucket="watchpost-demo-public")["PublicAccessBlockConfiguration"]
    assert config == {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
                      "RestrictPublicBuckets": True}
    assert again["effectiveVerdict"] == "not-public"
    assert statuses(again)[0] == ("block-public-access", "already-done")


def test_remove_public_statements_keeps_the_rest_and_the_original(moto, run_function):
    s3 = moto.client("s3")
    s3.create_bucket(Bucket="security-evidence")
    original = {"Version": "2012-10-17", "Statement": [owner_statement("watchpost-demo-public"),
                                                       public_read("watchpost-demo-public")]}
    s3.create_bucket(Bucket="watchpost-demo-public")
    s3.put_bucket_policy(Bucket="watchpost-demo-public", Policy=json.dumps(original))
    response = only_response(run_function(FUNCTION, ["s3-policy-checker/put-bucket-policy-public.json"],
                                          env=moto.env(REMEDIATION="remove-public-statements",
                                                       EVIDENCE_BUCKET="security-evidence")))
    assert statuses(response)[:2] == [("preserve-policy", "done"), ("remove-public-statements", "done")]
    kept = json.loads(s3.get_bucket_policy(Bucket="watchpost-demo-public")["Policy"])
    assert [s["Sid"] for s in kept["Statement"]] == ["OwnerRole"]
    [evidence] = s3.list_objects_v2(Bucket="security-evidence")["Contents"]
    assert evidence["Key"].startswith(f"s3-policy-checker/{ACCOUNT}/watchpost-demo-public/")
    body = s3.get_object(Bucket="security-evidence", Key=evidence["Key"])["Body"].read()
    assert json.loads(body) == original


def test_remove_public_statements_deletes_a_wholly_public_policy(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "watchpost-demo-public", public_read("watchpost-demo-public"))
    topic, received = alert_queue(moto)
    response = only_response(run_function(FUNCTION, ["s3-policy-checker/put-bucket-policy-public.json"],
                                          env=moto.env(REMEDIATION="remove-public-statements", ALERT_TOPIC_ARN=topic)))
    assert statuses(response) == [("preserve-policy", "done"), ("remove-public-statements", "done"), ("alert", "done")]
    with pytest.raises(ClientError) as error:
        s3.get_bucket_policy(Bucket="watchpost-demo-public")
    assert error.value.response["Error"]["Code"] == "NoSuchBucketPolicy"
    # Without an evidence bucket the original travels in the alert, restorable as it is.
    [message] = received()
    assert json.loads(json.loads(message)["originalPolicy"])["Statement"][0]["Sid"] == "PublicRead"


def test_policy_unchanged_when_the_evidence_bucket_cannot_take_the_original(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "watchpost-demo-public", public_read("watchpost-demo-public"))
    response = only_response(run_function(FUNCTION, ["s3-policy-checker/put-bucket-policy-public.json"],
                                          env=moto.env(REMEDIATION="remove-public-statements",
                                                       EVIDENCE_BUCKET="no-such-evidence-bucket")))
    assert statuses(response) == [("preserve-policy", "failed"), ("remove-public-statements", "skipped"),
                                  ("alert", "skipped")]
    assert "NoSuchBucket" in response["actions"][0]["detail"]
    assert json.loads(s3.get_bucket_policy(Bucket="watchpost-demo-public")["Policy"])["Statement"][0]["Sid"] == "PublicRead"


def test_policy_kept_when_the_original_could_be_kept_nowhere(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "watchpost-demo-public", public_read("watchpost-demo-public"))
    response = only_response(run_function(FUNCTION, ["s3-policy-checker/put-bucket-policy-public.json"],
                                          env=moto.env(REMEDIATION="remove-public-statements")))
    assert statuses(response) == [("preserve-policy", "skipped"), ("remove-public-statements", "skipped"),
                                  ("alert", "skipped")]
    assert json.loads(s3.get_bucket_policy(Bucket="watchpost-demo-public")["Policy"])["Statement"][0]["Sid"] == "PublicRead"


def test_dry_run_changes_nothing(moto, run_function):
    s3 = moto.client("s3")
    s3.create_bucket(Bucket="security-evidence")
    make_bucket(s3, "watchpost-demo-public", public_read("watchpost-demo-public"))
    for mode in ("block-public-access", "remove-public-statements"):
        response = only_response(run_function(FUNCTION, ["s3-policy-checker/put-bucket-policy-public.json"],
                                              env=moto.env(REMEDIATION=mode, DRY_RUN="true",
                                                           EVIDENCE_BUCKET="security-evidence")))
        assert response["dryRun"] is True
        assert all(status == "skipped" for action, status in statuses(response) if action != "alert")
        assert any(a["detail"].startswith("dry run: would") for a in response["actions"])
    assert json.loads(s3.get_bucket_policy(Bucket="watchpost-demo-public")["Policy"])["Statement"][0]["Sid"] == "PublicRead"
    with pytest.raises(ClientError):
        s3.get_public_access_block(Bucket="watchpost-demo-public")
    assert s3.list_objects_v2(Bucket="security-evidence").get("KeyCount", 0) == 0


def test_schedule_sweeps_every_bucket(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "sweep-public", public_read("sweep-public"))
    make_bucket(s3, "sweep-partner", {"Effect": "Allow", "Principal": {"AWS": PARTNER}, "Action": "s3:GetObject",
                                      "Resource": "arn:aws:s3:::sweep-partner/*"})
    make_bucket(s3, "sweep-private")
    response = only_response(run_function(FUNCTION, ["s3-policy-checker/scheduled-sweep.json"], env=moto.env()))
    assert set(response) == {"buckets", "counts"}
    by_name = {b["bucket"]: b for b in response["buckets"]}
    assert sorted(by_name) == ["sweep-partner", "sweep-private", "sweep-public"]
    assert all(set(b) == CONTRACT and b["trigger"] == "schedule" for b in response["buckets"])
    assert by_name["sweep-public"]["verdict"] == "public"
    assert by_name["sweep-partner"]["crossAccounts"] == [PARTNER]
    assert by_name["sweep-private"]["verdict"] == "not-public"
    assert response["counts"]["total"] == 3 and response["counts"]["public"] == 1
    assert response["counts"]["cross-account"] == 1 and response["counts"]["not-public"] == 1


def test_account_block_public_access_change_rechecks_every_bucket(moto, run_function):
    s3 = moto.client("s3")
    make_bucket(s3, "sweep-public", public_read("sweep-public"))
    make_bucket(s3, "sweep-private")
    response = only_response(run_function(FUNCTION, ["s3-policy-checker/delete-account-public-access-block.json"],
                                          env=moto.env()))
    assert {b["bucket"]: b["effectiveVerdict"] for b in response["buckets"]} == {
        "sweep-public": "public", "sweep-private": "not-public"}
    assert {b["trigger"] for b in response["buckets"]} == {"DeleteAccountPublicAccessBlock"}


def test_member_account_through_its_role(moto, run_function):
    member = moto.client("sts").assume_role(RoleArn=f"arn:aws:iam::{MEMBER}:role/watchpost-member",
                                            RoleSessionName="test-setup")["Credentials"]
    s3 = moto.client("s3", aws_access_key_id=member["AccessKeyId"], aws_secret_access_key=member["SecretAccessKey"],
                     aws_session_token=member["SessionToken"])
    make_bucket(s3, "partner-exports", public_read("partner-exports"))
    response = only_response(run_function(FUNCTION, [policy_event("partner-exports", account=MEMBER)],
                                          env=moto.env(REMEDIATION="block-public-access")))
    assert response["account"] == MEMBER and response["verdict"] == "public"
    assert statuses(response)[0] == ("block-public-access", "done")
    assert s3.get_public_access_block(Bucket="partner-exports")["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"]
    # Nothing happened in the function's own account.
    assert "partner-exports" not in [b["Name"] for b in moto.client("s3").list_buckets()["Buckets"]]


def test_bad_events_are_typed_errors_and_the_next_event_is_served(moto, run_function, tmp_path):
    s3 = moto.client("s3")
    make_bucket(s3, "watchpost-demo-public", public_read("watchpost-demo-public"))
    run = run_function(FUNCTION, [
        b"{not json",
        {"hello": "world"},
        {"detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2", "account": ACCOUNT,
         "region": REGION, "detail": {}},
        policy_event("watchpost-demo-public") | {"account": "not-an-account"},
        "s3-policy-checker/put-bucket-policy-public.json",
    ], env=moto.env())
    assert [i.ok for i in run.invocations] == [False, False, False, False, True], run.stdout + run.stderr
    assert run.invocations[0].error["errorType"] == "InvalidEvent"
    assert run.invocations[1].error["errorType"] == "UnsupportedEvent"
    assert "keys: hello" in run.invocations[1].error["errorMessage"]
    assert run.invocations[2].error["errorType"] == "UnsupportedEvent"
    assert "aws.ec2" in run.invocations[2].error["errorMessage"]
    assert run.invocations[3].error["errorType"] == "InvalidEvent"
    assert "12-digit account" in run.invocations[3].error["errorMessage"]
    assert run.invocations[4].response["verdict"] == "public"


def test_a_bucket_that_no_longer_exists(moto, run_function):
    run = run_function(FUNCTION, [policy_event("deleted-bucket"), "s3-policy-checker/scheduled-sweep.json"],
                       env=moto.env())
    gone = run.invocations[0].response
    assert run.invocations[0].ok and gone["verdict"] is None and gone["effectiveVerdict"] is None
    assert statuses(gone) == [("read-bucket", "skipped")]
    assert "NoSuchBucket" in gone["actions"][0]["detail"]
    assert run.invocations[1].ok and run.invocations[1].response["counts"]["total"] == 0


def test_access_denied_on_a_read(fresh_moto, run_function):
    s3 = fresh_moto.client("s3")
    make_bucket(s3, "watchpost-demo-public", public_read("watchpost-demo-public"))
    iam = fresh_moto.client("iam")
    iam.create_user(UserName="checker")
    iam.put_user_policy(UserName="checker", PolicyName="all-but-policy", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:GetBucketPolicy", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="checker")["AccessKey"]
    fresh_moto.enable_auth()
    env = fresh_moto.env(AWS_ACCESS_KEY_ID=key["AccessKeyId"], AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"])
    event = "s3-policy-checker/put-bucket-policy-public.json"
    run = run_function(FUNCTION, [event, event], env=env)
    assert len(run.invocations) == 2
    for invocation in run.invocations:
        assert invocation.ok, invocation
        response = invocation.response
        assert response["verdict"] is None
        assert ("read-bucket", "failed") in statuses(response)
        assert any("GetBucketPolicy: AccessDenied" in a["detail"] for a in response["actions"])


def test_an_invalid_setting_fails_the_start_with_a_clear_error(moto, run_function):
    run = run_function(FUNCTION, ["s3-policy-checker/scheduled-sweep.json"], env=moto.env(REMEDIATION="delete-bucket"))
    [invocation] = run.invocations
    assert not invocation.ok
    assert "InvalidConfiguration" in invocation.error["errorMessage"]
    assert "REMEDIATION=delete-bucket" in invocation.error["errorMessage"]
