"""login-notifier end to end: gzip-encoded subscription events and Slack callbacks through
lambda-local, instance lookups against moto, Slack posts captured by a local HTTP server,
SNS deliveries read back through SQS with boto3."""
import base64
import gzip
import hashlib
import hmac
import http.server
import json
import os
import threading
import time
import urllib.parse

import pytest

from conftest import EVENTS

FUNCTION = "login-notifier"
FP = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
CA_FP = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"
MOTO_ACCOUNT = "123456789012"
SIGNING_SECRET = "watchpost-e2e-signing-secret"


class SlackCapture:
    """A local stand-in for Slack's Incoming Webhook: records every POST, answers 200 ok."""

    def __init__(self):
        posts = self.posts = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("content-length", 0))
                posts.append({"path": self.path, "body": json.loads(self.rfile.read(length) or b"null")})
                self.send_response(200)
                self.send_header("content-type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/services/T0EXAMPLE/B0EXAMPLE/EXAMPLEwebhookPATH"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def slack():
    capture = SlackCapture()
    yield capture
    capture.stop()


def subscription(lines, stream, owner=MOTO_ACCOUNT, group="/var/log/secure", start=1714557600123,
                 message_type="DATA_MESSAGE"):
    body = {"messageType": message_type, "owner": owner, "logGroup": group, "logStream": stream,
            "subscriptionFilters": ["watchpost-logins"],
            "logEvents": [{"id": str(37996123456789012345678901234567890123456789012345678901 + i),
                           "timestamp": start + i * 1000, "message": m} for i, m in enumerate(lines)]}
    data = base64.b64encode(gzip.compress(json.dumps(body).encode())).decode()
    return {"awslogs": {"data": data}}


def decode(event):
    return json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))


def instance(moto, tags):
    ec2 = moto.client("ec2")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    reservation = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", TagSpecifications=[
        {"ResourceType": "instance", "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}])
    return reservation["Instances"][0]["InstanceId"]


def topic_with_queue(moto, name):
    """An SNS topic whose deliveries land in an SQS queue the test can read."""
    sns, sqs = moto.client("sns"), moto.client("sqs")
    topic = sns.create_topic(Name=name)["TopicArn"]
    queue = sqs.create_queue(QueueName=name + "-q")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    return topic, queue


def messages(moto, queue):
    received = moto.client("sqs").receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1)
    return [m["Body"] for m in received.get("Messages", [])]


def slack_callback(action_id, instance_id, timestamp=None, secret=SIGNING_SECRET, tamper=False,
                   response_url="http://127.0.0.1:9/not-slack"):
    timestamp = int(time.time()) if timestamp is None else timestamp
    value = json.dumps({"account": MOTO_ACCOUNT, "instanceId": instance_id, "instanceName": "web-1",
                        "region": "us-east-1", "sourceIp": "203.0.113.7", "time": "2024-05-01T10:00:00.123Z",
                        "user": "ec2-user"}, separators=(",", ":"), sort_keys=True)
    payload = {"type": "block_actions", "user": {"id": "U0EXAMPLE1", "username": "alice", "name": "alice"},
               "team": {"id": "T0EXAMPLE", "domain": "example"}, "channel": {"id": "C0EXAMPLE", "name": "security-alerts"},
               "response_url": response_url,
               "actions": [{"action_id": action_id, "block_id": "login-0", "value": value, "type": "button",
                            "action_ts": f"{timestamp}.000100"}]}
    body = "payload=" + urllib.parse.quote_plus(json.dumps(payload, separators=(",", ":")))
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    if tamper:
        body = body.replace("alice", "mallory")
    return {"version": "2.0", "routeKey": "$default", "rawPath": "/", "rawQueryString": "",
            "headers": {"content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": str(timestamp),
                        "x-slack-signature": signature, "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)"},
            "requestContext": {"http": {"method": "POST", "path": "/", "sourceIp": "198.51.100.200"},
                               "requestId": "6f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8", "timeEpoch": timestamp * 1000},
            "body": base64.b64encode(body.encode()).decode(), "isBase64Encoded": True}


def ssh_lines(host="ip-10-0-1-5"):
    return [
        f"May  1 10:00:00 {host} sshd[24680]: Accepted publickey for ec2-user from 203.0.113.7 port 50022 ssh2: RSA {FP}",
        f"May  1 10:00:00 {host} sshd[24680]: pam_unix(sshd:session): session opened for user ec2-user(uid=1000) by (uid=0)",
        f"May  1 10:00:01 {host} sshd[24702]: Failed password for invalid user admin from 198.51.100.23 port 51514 ssh2",
        f"May  1 10:00:03 {host} sshd[24702]: message repeated 5 times: [ Failed password for invalid user admin from 198.51.100.23 port 51514 ssh2]",
        f"2024-05-01T10:00:04.000000+00:00 {host} sshd-session[24710]: Accepted publickey for deploy from 2001:db8::15 port 40222 ssh2: "
        f"ED25519-CERT {FP} ID alice@example.com (serial 4242) CA ED25519 {CA_FP}",
    ]


def test_production_ssh_logins_go_to_slack_and_sns(moto, slack, run_function):
    instance_id = instance(moto, {"Name": "web-1", "Environment": "production"})
    topic, queue = topic_with_queue(moto, "alerts")
    run = run_function(FUNCTION, [subscription(ssh_lines(), instance_id)], env=moto.env(
        SLACK_WEBHOOK_URL=slack.url, ALERT_TOPIC_ARN=topic, SLACK_SIGNING_SECRET=SIGNING_SECRET,
        FAILURE_ALERT_THRESHOLD="3"))
    [invocation] = run.invocations
    assert invocation.ok, invocation
    report = invocation.response
    assert set(report) == {"logins", "failures", "ignored", "notifications"}
    first, second = report["logins"]
    assert first == {"kind": "ssh", "user": "ec2-user", "domain": None, "sourceIp": "203.0.113.7", "port": 50022,
                     "method": "publickey", "keyType": "RSA", "fingerprint": FP, "certificate": None, "logonType": None,
                     "count": 1, "host": "ip-10-0-1-5", "unparsed": None, "instanceId": instance_id, "instanceName": "web-1",
                     "account": MOTO_ACCOUNT, "region": "us-east-1", "time": "2024-05-01T10:00:00.123Z",
                     "production": True, "notified": True}
    assert second["certificate"] == {"id": "alice@example.com", "serial": 4242, "caType": "ED25519", "caFingerprint": CA_FP}
    assert second["sourceIp"] == "2001:db8::15"
    assert report["failures"] == [
        {"user": "admin", "sourceIp": "198.51.100.23", "port": 51514, "invalidUser": True, "count": 1},
        {"user": "admin", "sourceIp": "198.51.100.23", "port": 51514, "invalidUser": True, "count": 5}]
    assert report["ignored"] == 1
    assert sorted(report["notifications"], key=lambda n: n["channel"]) == [
        {"channel": "slack", "status": "sent"}, {"channel": "sns", "status": "sent"}]

    [post] = slack.posts
    blocks = post["body"]["blocks"]
    text = json.dumps(blocks)
    assert blocks[0]["type"] == "header" and "production" in blocks[0]["text"]["text"]
    assert "`ec2-user`" in text and instance_id in text and "web-1" in text and "203.0.113.7" in text
    assert "6 failed logins" in text  # the burst: 1 + 5 attempts from one address
    buttons = [b for b in blocks if b["type"] == "actions"]
    assert len(buttons) == 2
    assert {e["action_id"] for e in buttons[0]["elements"]} == {"login_was_me", "login_not_me"}
    assert json.loads(buttons[0]["elements"][0]["value"])["instanceId"] == instance_id

    [sns_message] = messages(moto, queue)
    alert = json.loads(sns_message)
    assert [l["user"] for l in alert["logins"]] == ["ec2-user", "deploy"]
    assert alert["failureBursts"] == [{"sourceIp": "198.51.100.23", "attempts": 6, "users": ["admin"]}]
    assert slack.url not in run.stderr and SIGNING_SECRET not in run.stderr


def test_other_environments_are_counted_not_alerted(moto, slack, run_function):
    instance_id = instance(moto, {"Name": "build-7", "Environment": "staging"})
    run = run_function(FUNCTION, [subscription(ssh_lines(), instance_id)], env=moto.env(SLACK_WEBHOOK_URL=slack.url))
    [invocation] = run.invocations
    assert invocation.ok, invocation
    assert [(l["production"], l["notified"], l["instanceName"]) for l in invocation.response["logins"]] == [
        (False, False, "build-7"), (False, False, "build-7")]
    assert invocation.response["notifications"] == []
    assert slack.posts == []


def test_custom_production_tag(moto, slack, run_function):
    instance_id = instance(moto, {"Name": "db-1", "tier": "PROD"})
    run = run_function(FUNCTION, [subscription(ssh_lines()[:1], instance_id)],
                       env=moto.env(SLACK_WEBHOOK_URL=slack.url, PRODUCTION_TAG="tier=prod"))
    [invocation] = run.invocations
    assert invocation.response["logins"][0]["production"] is True
    assert len(slack.posts) == 1
    assert not any(b["type"] == "actions" for b in slack.posts[0]["body"]["blocks"]), "no buttons without a signing secret"


def test_windows_sample_events_both_renderings(moto, slack, run_function):
    # The samples' stream names an instance moto does not have, in another account: the lookup
    # goes through the member role and finds nothing, and an unknown instance is alerted.
    run = run_function(FUNCTION, ["login-notifier/windows-rdp-logins-xml.json", "login-notifier/windows-rdp-logins-text.json"],
                       env=moto.env(SLACK_WEBHOOK_URL=slack.url))
    xml, text = run.invocations
    assert xml.ok and text.ok, run.stdout + run.stderr
    assert [(l["kind"], l["user"], l["sourceIp"], l["logonType"]) for l in xml.response["logins"]] == [
        ("rdp", "Administrator", "203.0.113.10", 10), ("rdp", "Administrator", "203.0.113.10", None)]
    assert xml.response["failures"] == [
        {"user": "administrator", "sourceIp": "198.51.100.77", "port": 51234, "invalidUser": False, "count": 1}]
    assert xml.response["ignored"] == 1  # DWM-2, a virtual account
    assert [(l["kind"], l["user"], l["domain"], l["logonType"]) for l in text.response["logins"]] == [
        ("rdp", "Administrator", "EC2AMAZ-7Q2B4K1", 10)]
    assert text.response["failures"][0]["invalidUser"] is True
    assert text.response["ignored"] == 1  # a service logon
    for invocation in (xml, text):
        login = invocation.response["logins"][0]
        assert (login["account"], login["instanceId"], login["instanceName"]) == ("111122223333", "i-0fed9876cba543210", None)
        assert (login["production"], login["notified"]) == (False, True)
    assert len(slack.posts) == 2


def test_every_sample_event_is_handled(moto, run_function):
    names = sorted(n for n in os.listdir(os.path.join(EVENTS, FUNCTION)) if n.endswith(".json") and not n.endswith(".scenario.json"))
    run = run_function(FUNCTION, [f"{FUNCTION}/{n}" for n in names], env=moto.env(SLACK_SIGNING_SECRET="watchpost-test-signing-secret"))
    results = dict(zip(names, run.invocations))
    assert len(results) == len(names), run.stderr
    for name, invocation in results.items():
        assert invocation.ok, (name, invocation)
    assert results["control-message.json"].response == {"logins": [], "failures": [], "ignored": 1, "notifications": []}
    # The sample callback was signed in 2024: far outside the five-minute window.
    assert results["slack-callback-not-me.json"].response["statusCode"] == 401
    for name in ("amazon-linux-ssh-logins.json", "debian12-ssh-logins.json"):
        data = decode(json.load(open(os.path.join(EVENTS, FUNCTION, name))))
        report = results[name].response
        assert len(report["logins"]) + len(report["failures"]) + report["ignored"] == len(data["logEvents"])


def test_control_message_bad_input_and_dry_run(moto, slack, run_function):
    instance_id = instance(moto, {"Name": "web-1", "Environment": "production"})
    bad_gzip = {"awslogs": {"data": base64.b64encode(b"not gzip at all").decode()}}
    bad_json = {"awslogs": {"data": base64.b64encode(gzip.compress(b"{\"messageType\":")).decode()}}
    run = run_function(FUNCTION, [
        subscription(["CWL CONTROL MESSAGE: Checking health of destination Lambda function."], "", owner="CloudwatchLogs",
                     message_type="CONTROL_MESSAGE"),
        {"awslogs": {"data": "%%% not base64 %%%"}},
        bad_gzip,
        bad_json,
        {"Records": [{"Sns": {"Message": "{}"}}]},
        subscription(ssh_lines(), instance_id),
    ], env=moto.env(SLACK_WEBHOOK_URL=slack.url, DRY_RUN="true"))
    control, bad_base64, not_gzip, not_json, unsupported, dry = run.invocations
    assert control.ok and control.response["logins"] == [] and control.response["notifications"] == []
    assert bad_base64.error["errorType"] == "InvalidEvent" and "base64" in bad_base64.error["errorMessage"]
    assert not_gzip.error["errorType"] == "InvalidEvent" and "gzip" in not_gzip.error["errorMessage"]
    assert not_json.error["errorType"] == "InvalidEvent"
    assert unsupported.error["errorType"] == "UnsupportedEvent" and "Records" in unsupported.error["errorMessage"]
    assert dry.ok, dry
    assert dry.response["notifications"] == [{"channel": "sns", "status": "skipped"}, {"channel": "slack", "status": "skipped"}]
    assert [l["notified"] for l in dry.response["logins"]] == [False, False]
    assert slack.posts == []


def test_slack_no_publishes_incident_yes_reminds(moto, run_function):
    topic, queue = topic_with_queue(moto, "incidents")
    run = run_function(FUNCTION, [slack_callback("login_not_me", "i-0abc1234def567890"),
                                  slack_callback("login_was_me", "i-0abc1234def567890")],
                       env=moto.env(SLACK_SIGNING_SECRET=SIGNING_SECRET, INCIDENT_TOPIC_ARN=topic))
    no, yes = run.invocations
    assert no.ok and yes.ok, run.stdout + run.stderr
    assert set(no.response) == {"statusCode", "headers", "body"}
    assert no.response["statusCode"] == 200
    assert "incident" in json.loads(no.response["body"])["text"]
    assert yes.response["statusCode"] == 200
    assert "production" in json.loads(yes.response["body"])["text"]
    [incident] = [json.loads(m) for m in messages(moto, queue)]
    assert set(incident) == {"instanceId", "reason"}
    assert incident["instanceId"] == "i-0abc1234def567890"
    assert "alice" in incident["reason"] and "203.0.113.7" in incident["reason"]
    assert SIGNING_SECRET not in run.stderr


def test_forged_stale_and_replayed_callbacks_are_refused(moto, run_function):
    topic, queue = topic_with_queue(moto, "incidents")
    valid = slack_callback("login_not_me", "i-0abc1234def567890")
    run = run_function(FUNCTION, [
        slack_callback("login_not_me", "i-0abc1234def567890", tamper=True),
        slack_callback("login_not_me", "i-0abc1234def567890", secret="not-the-secret"),
        slack_callback("login_not_me", "i-0abc1234def567890", timestamp=int(time.time()) - 301),
        valid,
        valid,
    ], env=moto.env(SLACK_SIGNING_SECRET=SIGNING_SECRET, INCIDENT_TOPIC_ARN=topic))
    statuses = [i.response["statusCode"] for i in run.invocations]
    assert statuses == [401, 401, 401, 200, 401], run.stdout
    assert len(messages(moto, queue)) == 1
    assert run.stderr.count("Slack callback refused") == 4


def test_secrets_from_parameter_store(moto, slack, run_function):
    ssm = moto.client("ssm")
    ssm.put_parameter(Name="/watchpost/slack-webhook", Value=slack.url, Type="SecureString")
    ssm.put_parameter(Name="/watchpost/slack-signing-secret", Value=SIGNING_SECRET, Type="SecureString")
    topic, queue = topic_with_queue(moto, "incidents")
    instance_id = instance(moto, {"Name": "web-1", "Environment": "production"})
    run = run_function(FUNCTION, [subscription(ssh_lines()[:1], instance_id),
                                  slack_callback("login_not_me", instance_id)],
                       env=moto.env(SLACK_WEBHOOK_PARAMETER="/watchpost/slack-webhook",
                                    SLACK_SIGNING_SECRET_PARAMETER="/watchpost/slack-signing-secret",
                                    INCIDENT_TOPIC_ARN=topic))
    logs, callback = run.invocations
    assert logs.response["notifications"] == [{"channel": "sns", "status": "skipped"}, {"channel": "slack", "status": "sent"}]
    assert any(b["type"] == "actions" for b in slack.posts[0]["body"]["blocks"])
    assert callback.response["statusCode"] == 200
    assert json.loads(messages(moto, queue)[0])["instanceId"] == instance_id
    assert slack.url not in run.stderr and SIGNING_SECRET not in run.stderr


def test_failed_delivery_is_reported_and_the_webhook_never_logged(moto, run_function):
    instance_id = instance(moto, {"Name": "web-1", "Environment": "production"})
    topic, queue = topic_with_queue(moto, "alerts")
    unreachable = "http://127.0.0.1:9/services/T0EXAMPLE/B0EXAMPLE/EXAMPLEunreachablePATH"
    run = run_function(FUNCTION, [subscription(ssh_lines()[:1], instance_id)],
                       env=moto.env(SLACK_WEBHOOK_URL=unreachable, ALERT_TOPIC_ARN=topic))
    [invocation] = run.invocations
    assert invocation.ok, invocation
    assert invocation.response["notifications"] == [{"channel": "sns", "status": "sent"}, {"channel": "slack", "status": "failed"}]
    assert invocation.response["logins"][0]["notified"] is True  # SNS carried it
    assert len(messages(moto, queue)) == 1
    assert "alert delivery failed" in run.stderr
    assert "EXAMPLEunreachablePATH" not in run.stderr + run.stdout


def kinesis_batch(*payloads):
    """A Kinesis event as the event source mapping delivers it: each record's data is what a
    CloudWatch Logs destination put on the stream (the base64 of a gzipped subscription batch)."""
    stream = f"arn:aws:kinesis:us-east-1:{MOTO_ACCOUNT}:stream/watchpost-logins"
    return {"Records": [
        {"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": str(i), "sequenceNumber": f"4959{i:052d}", "data": data,
                     "approximateArrivalTimestamp": 1714557600.123},
         "eventSource": "aws:kinesis", "eventVersion": "1.0", "eventID": f"shardId-000000000000:4959{i:052d}",
         "eventName": "aws:kinesis:record", "invokeIdentityArn": f"arn:aws:iam::{MOTO_ACCOUNT}:role/watchpost-login-notifier",
         "awsRegion": "us-east-1", "eventSourceARN": stream} for i, data in enumerate(payloads)]}


def test_member_account_logins_through_the_stream(moto, slack, run_function):
    """Logins in a member account reach the security account's stream; the instance is looked up
    through that account's member role (moto keeps the assumed account's EC2 apart), a record that
    cannot be read is a batch item failure and the others are alerted on regardless."""
    member = "111111111111"
    credentials = moto.client("sts").assume_role(RoleArn=f"arn:aws:iam::{member}:role/watchpost-member",
                                                 RoleSessionName="setup")["Credentials"]
    member_ec2 = moto.client("ec2", aws_access_key_id=credentials["AccessKeyId"],
                             aws_secret_access_key=credentials["SecretAccessKey"], aws_session_token=credentials["SessionToken"])
    image = member_ec2.describe_images()["Images"][0]["ImageId"]
    member_instance = member_ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", TagSpecifications=[
        {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "member-web"}, {"Key": "Environment", "Value": "production"}]}
    ])["Instances"][0]["InstanceId"]
    own_instance = instance(moto, {"Name": "own-web", "Environment": "production"})
    assert not moto.client("ec2").describe_instances(InstanceIds=[own_instance])["Reservations"][0]["Instances"][0]["InstanceId"] == member_instance

    batch = kinesis_batch(subscription(ssh_lines()[:1], member_instance, owner=member)["awslogs"]["data"],
                          base64.b64encode(b"not gzip").decode(),
                          subscription(ssh_lines()[:1], own_instance)["awslogs"]["data"])
    run = run_function(FUNCTION, [batch], env=moto.env(SLACK_WEBHOOK_URL=slack.url))
    [invocation] = run.invocations
    assert invocation.ok, invocation
    report = invocation.response
    assert set(report) == {"logins", "failures", "ignored", "notifications", "batchItemFailures"}
    assert report["batchItemFailures"] == [{"itemIdentifier": batch["Records"][1]["kinesis"]["sequenceNumber"]}]
    assert [(l["account"], l["instanceId"], l["instanceName"], l["notified"]) for l in report["logins"]] == [
        (member, member_instance, "member-web", True), (MOTO_ACCOUNT, own_instance, "own-web", True)]
    assert len(slack.posts) == 2
    assert "member-web" in json.dumps(slack.posts[0]["body"]) and "own-web" in json.dumps(slack.posts[1]["body"])

    # Only the stream's own records: another service's Records are refused, naming what arrived.
    sqs_like = {"Records": [{"messageId": "m-1", "body": "{}", "eventSource": "aws:sqs"}]}
    refused = run_function(FUNCTION, [sqs_like], env=moto.env()).invocations[0]
    assert not refused.ok and refused.error["errorType"] == "UnsupportedEvent" and "Records" in refused.error["errorMessage"]
