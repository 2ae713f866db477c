"""policy-generator end to end: the real executable through lambda-local, against moto (S3
trail bucket, IAM, STS) and a small local CloudTrail JSON 1.1 server (LookupEvents), checked
with boto3. The closing-the-loop test turns on moto's request authentication."""
import gzip
import http.server
import json
import threading

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"  # moto's account: the principal lives where the function runs
ROLE = f"arn:aws:iam::{ACCOUNT}:role/orders-api"
OTHER_ROLE = f"arn:aws:iam::{ACCOUNT}:role/batch-etl"
ORG = "o-exampleorg1"
TRAIL = "example-org-trail"
WINDOW = {"start": "2026-11-20T00:00:00Z", "end": "2026-11-21T00:00:00Z"}


def identity(role_arn, session="session-1"):
    name = role_arn.rsplit("/", 1)[1]
    return {
        "type": "AssumedRole", "principalId": f"AROAEXAMPLE:{session}",
        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{name}/{session}", "accountId": ACCOUNT,
        "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE", "arn": role_arn,
                                             "accountId": ACCOUNT, "userName": name}},
    }


def user_identity(user_arn):
    return {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": user_arn, "accountId": ACCOUNT,
            "userName": user_arn.rsplit("/", 1)[1]}


def rec(source, name, params=None, who=None, time="2026-11-20T10:00:00Z", region="eu-west-1", **extra):
    record = {"eventVersion": "1.09", "userIdentity": who or identity(ROLE), "eventTime": time,
              "eventSource": source, "eventName": name, "awsRegion": region, "sourceIPAddress": "192.0.2.10",
              "userAgent": "aws-sdk-java/2.25", "requestParameters": params, "responseElements": None,
              "eventType": "AwsApiCall", "recipientAccountId": ACCOUNT}
    record.update(extra)
    return record


def put_log_file(s3, key, records):
    s3.put_object(Bucket=TRAIL, Key=key, Body=gzip.compress(json.dumps({"Records": records}).encode()))


def day_folder(region, day, org=True):
    return f"AWSLogs/{ORG + '/' if org else ''}{ACCOUNT}/CloudTrail/{region}/2026/11/{day:02d}/"


def seed_org_trail(moto):
    s3 = moto.client("s3")
    s3.create_bucket(Bucket=TRAIL)
    eu = day_folder("eu-west-1", 20)
    put_log_file(s3, eu + f"{ACCOUNT}_CloudTrail_eu-west-1_20261120T1005Z_a.json.gz", [
        rec("s3.amazonaws.com", "GetObject", {"bucketName": "orders-data", "key": "in/1.json"}),
        rec("s3.amazonaws.com", "ListObjectsV2", {"bucketName": "orders-data", "prefix": "in/"}),
        rec("s3.amazonaws.com", "PutObject", {"bucketName": "orders-data", "key": "out/1.json"}, who=identity(OTHER_ROLE)),
        rec("dynamodb.amazonaws.com", "GetItem", {"tableName": "orders"}, errorCode="AccessDeniedException",
            errorMessage="User is not authorized to perform: dynamodb:GetItem"),
        rec("sts.amazonaws.com", "GetCallerIdentity"),
        rec("lambda.amazonaws.com", "GetFunction20150331v2", {"functionName": "orders-worker"}),
        rec("madeup.amazonaws.com", "DoSomething"),
        # Before the window: written into the first day's folder but excluded by eventTime.
        rec("s3.amazonaws.com", "DeleteObject", {"bucketName": "orders-data", "key": "x"}, time="2026-11-19T23:59:00Z"),
    ])
    # The folder is the delivery day: records of the window's last hours arrive the day after.
    put_log_file(s3, day_folder("eu-west-1", 21) + f"{ACCOUNT}_CloudTrail_eu-west-1_20261121T0005Z_b.json.gz", [
        rec("sqs.amazonaws.com", "SendMessage", {"queueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/orders"},
            time="2026-11-20T23:58:00Z"),
        rec("sqs.amazonaws.com", "DeleteMessage", {"queueUrl": "q"}, time="2026-11-21T00:01:00Z"),
    ])
    # Global service events are recorded in us-east-1 only.
    put_log_file(s3, day_folder("us-east-1", 20) + f"{ACCOUNT}_CloudTrail_us-east-1_20261120T1200Z_c.json.gz", [
        rec("iam.amazonaws.com", "GetRole", {"roleName": "orders-api"}, region="us-east-1"),
        rec("ec2.amazonaws.com", "DescribeInstances", region="us-east-1"),
    ])
    # Not read at all: another region, a day outside the window, digests.
    put_log_file(s3, day_folder("ap-south-1", 20) + f"{ACCOUNT}_CloudTrail_ap-south-1_20261120T1200Z_d.json.gz", [
        rec("ec2.amazonaws.com", "RunInstances", region="ap-south-1")])
    put_log_file(s3, day_folder("eu-west-1", 25) + f"{ACCOUNT}_CloudTrail_eu-west-1_20261125T1200Z_e.json.gz", [
        rec("kms.amazonaws.com", "Decrypt", time="2026-11-25T12:00:00Z")])
    s3.put_object(Bucket=TRAIL, Key=f"AWSLogs/{ORG}/{ACCOUNT}/CloudTrail-Digest/eu-west-1/2026/11/20/digest.json.gz",
                  Body=gzip.compress(b'{"not":"records"}'))


def create_role(moto, name="orders-api", policy_actions=("s3:*", "dynamodb:*", "sqs:SendMessage", "kms:Decrypt")):
    iam = moto.client("iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))
    arn = iam.create_policy(PolicyName=f"{name}-broad", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(policy_actions), "Resource": "*"}]}))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=name, PolicyArn=arn)
    return arn


def test_s3_org_trail_builds_the_policy(moto, run_function):
    seed_org_trail(moto)
    create_role(moto)
    event = {"principalArn": ROLE, **WINDOW, "source": "s3", "trailBucket": TRAIL, "regions": ["eu-west-1"]}
    run = run_function("policy-generator", [event], env=moto.env())
    response = run.invocations[0].response
    assert run.invocations[0].ok, run.invocations[0]
    assert response["principal"] == ROLE and response["source"] == "s3"
    assert response["window"] == WINDOW
    # Read: the eu-west-1 files of the 20th and 21st, us-east-1's of the 20th.
    assert response["recordsRead"] == 12
    assert response["actions"] == ["iam:GetRole", "lambda:GetFunction", "s3:GetObject", "s3:ListBucket", "sqs:SendMessage"]
    assert response["inferred"] == []
    assert response["resources"]["s3:GetObject"] == ["arn:aws:s3:::orders-data/in/1.json"]
    assert response["resources"]["s3:ListBucket"] == ["arn:aws:s3:::orders-data"]
    assert response["excluded"] == {"no-permission-needed": 1}
    assert response["denied"] == [{"action": "dynamodb:GetItem", "errorCode": "AccessDeniedException", "count": 1}]
    assert response["unmapped"] == [{"eventSource": "madeup.amazonaws.com", "eventName": "DoSomething", "count": 1}]
    policy = response["policy"]
    assert policy["Version"] == "2012-10-17"
    assert [s["Sid"] for s in policy["Statement"]] == ["Iam", "Lambda", "S3", "S32", "Sqs"]
    assert response["size"]["limit"] == 6144 and response["size"]["folded"] is False
    assert response["size"]["characters"] == len(json.dumps(policy, separators=(",", ":")))
    assert {u["action"] for u in response["unused"]} == {"dynamodb:*", "kms:Decrypt"}
    assert response["applied"] is None


def test_apply_rotates_managed_policy_versions(moto, run_function):
    seed_org_trail(moto)
    create_role(moto)
    iam = moto.client("iam")
    target = iam.create_policy(PolicyName="orders-api-least", Path="/watchpost/", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}))["Policy"]["Arn"]
    for n in range(4):
        iam.create_policy_version(PolicyArn=target, SetAsDefault=(n == 3), PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": f"s3:Get{n}", "Resource": "*"}]}))
    before = {v["VersionId"] for v in iam.list_policy_versions(PolicyArn=target)["Versions"]}
    assert len(before) == 5
    event = {"principalArn": ROLE, **WINDOW, "source": "s3", "trailBucket": TRAIL, "regions": ["eu-west-1"],
             "apply": {"managedPolicyArn": target}}

    dry = run_function("policy-generator", [event], env=moto.env(DRY_RUN="true")).invocations[0]
    assert dry.ok, dry
    assert [s["status"] for s in dry.response["applied"]["steps"]] == ["skipped", "skipped"]
    assert {v["VersionId"] for v in iam.list_policy_versions(PolicyArn=target)["Versions"]} == before

    run = run_function("policy-generator", [event], env=moto.env()).invocations[0]
    assert run.ok, run
    steps = run.response["applied"]["steps"]
    assert [(s["step"], s["status"]) for s in steps] == [("delete-policy-version", "done"), ("create-policy-version", "done")]
    versions = iam.list_policy_versions(PolicyArn=target)["Versions"]
    assert len(versions) == 5 and "v1" not in {v["VersionId"] for v in versions}
    default = next(v for v in versions if v["IsDefaultVersion"])
    document = iam.get_policy_version(PolicyArn=target, VersionId=default["VersionId"])["PolicyVersion"]["Document"]
    assert document == run.response["policy"]
    assert "s3:ListBucket" in run.response["applied"]["added"] and "s3:Get3" in run.response["applied"]["removed"]

    again = run_function("policy-generator", [event], env=moto.env()).invocations[0]
    assert [s["status"] for s in again.response["applied"]["steps"]] == ["already-done"]


def test_apply_inline_policy_writes_output_and_notifies(moto, run_function):
    seed_org_trail(moto)
    create_role(moto)
    moto.client("s3").create_bucket(Bucket="policy-output")
    topic = moto.client("sns").create_topic(Name="watchpost-alerts")["TopicArn"]
    event = {"principalArn": ROLE, **WINDOW, "source": "s3", "trailBucket": TRAIL, "regions": ["eu-west-1"],
             "apply": {"inlinePolicyName": "least-privilege"}}
    run = run_function("policy-generator", [event],
                       env=moto.env(POLICY_OUTPUT_BUCKET="policy-output", ALERT_TOPIC_ARN=topic)).invocations[0]
    assert run.ok, run
    assert run.response["size"]["limit"] == 10240
    steps = {s["step"]: s["status"] for s in run.response["applied"]["steps"]}
    assert steps == {"put-inline-policy": "done", "write-s3": "done", "notify-sns": "sent", "notify-slack": "skipped"}
    document = moto.client("iam").get_role_policy(RoleName="orders-api", PolicyName="least-privilege")["PolicyDocument"]
    assert document == run.response["policy"]
    key = f"policy-generator/{ACCOUNT}/role/orders-api/20261121T000000Z.json"
    stored = json.loads(moto.client("s3").get_object(Bucket="policy-output", Key=key)["Body"].read())
    assert stored == run.response["policy"]


@pytest.mark.parametrize("event,error_type", [
    ({"principalArn": "arn:aws:iam::123456789012:root", **WINDOW}, "InvalidPrincipal"),
    ({"principalArn": ROLE, "start": WINDOW["end"], "end": WINDOW["start"]}, "InvalidWindow"),
    ({"principalArn": ROLE, "start": "2026-01-01T00:00:00Z", "end": WINDOW["end"]}, "InvalidWindow"),
    ({"principalArn": ROLE, **WINDOW, "source": "s3"}, "MissingTrailBucket"),
    ({"detail-type": "Object Created", "source": "aws.s3", "detail": {}}, "UnsupportedEvent"),
])
def test_bad_input_is_a_clear_error(moto, run_function, event, error_type):
    run = run_function("policy-generator", [event], env=moto.env())
    assert not run.invocations[0].ok
    assert run.invocations[0].error["errorType"] == error_type


class LookupEventsServer:
    """CloudTrail's JSON 1.1 LookupEvents on loopback: pages of events, a throttling answer
    before some pages, and a log of every request. `refuse(headers, body, url)`, when given,
    answers a request's authentication: an error type to refuse it with, or None."""

    def __init__(self, pages, throttle_before=(), refuse=None):
        self.pages = pages
        self.throttle_left = {token: 3 for token in throttle_before}
        self.requests = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                refusal = refuse and refuse(self.headers, raw, f"http://{self.headers['Host']}{self.path}")
                if refusal:
                    self.reply(400, {"__type": refusal, "message": refusal})
                    return
                body = json.loads(raw)
                server.requests.append((self.headers.get("X-Amz-Target"), body))
                token = body.get("NextToken") or "0"
                if server.throttle_left.get(token, 0) > 0:
                    server.throttle_left[token] -= 1
                    self.reply(400, {"__type": "ThrottlingException", "message": "Rate exceeded"})
                    return
                index = int(token)
                page = {"Events": [{"EventId": str(i), "CloudTrailEvent": json.dumps(e)}
                                   for i, e in enumerate(server.pages[index])]}
                if index + 1 < len(server.pages):
                    page["NextToken"] = str(index + 1)
                self.reply(200, page)

            def reply(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()


def test_lookup_events_follows_every_page_through_throttling(moto, run_function):
    create_role(moto)
    pages = [
        [rec("ec2.amazonaws.com", "DescribeInstances", region="us-east-1"),
         rec("s3.amazonaws.com", "ListBuckets", region="us-east-1")],
        [rec("iam.amazonaws.com", "ListRoles", region="us-east-1"),
         rec("ec2.amazonaws.com", "RunInstances", {"iamInstanceProfile": {"name": "web"}}, region="us-east-1",
             who=identity(OTHER_ROLE))],
        [rec("ecs.amazonaws.com", "RegisterTaskDefinition",
             {"family": "api", "taskRoleArn": f"arn:aws:iam::{ACCOUNT}:role/api-task"}, region="us-east-1")],
    ]
    server = LookupEventsServer(pages, throttle_before=["1"])
    try:
        event = {"principalArn": ROLE, **WINDOW, "source": "lookup-events", "regions": ["us-east-1"]}
        run = run_function("policy-generator", [event], env=moto.env(AWS_ENDPOINT_URL_CLOUDTRAIL=server.endpoint),
                           timeout=120)
    finally:
        server.stop()
    invocation = run.invocations[0]
    assert invocation.ok, (invocation, run.stderr[-2000:])
    tokens = [body.get("NextToken") for target, body in server.requests]
    assert all(target == "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"
               for target, _ in server.requests)
    # Page "1" was refused three times and asked for again until it came; no page lost.
    assert tokens == [None, "1", "1", "1", "1", "2"]
    assert invocation.response["recordsRead"] == 5 and invocation.response["recordsMatched"] == 4
    assert invocation.response["actions"] == ["ec2:DescribeInstances", "ecs:RegisterTaskDefinition", "iam:ListRoles",
                                              "iam:PassRole", "s3:ListAllMyBuckets"]
    assert invocation.response["inferred"] == ["iam:PassRole"]
    assert invocation.response["resources"]["iam:PassRole"] == [f"arn:aws:iam::{ACCOUNT}:role/api-task"]
    body = server.requests[0][1]
    assert body["StartTime"] == 1795132800 and body["EndTime"] == 1795219200


def in_motos_names(iam, user, policy_arn):
    """moto (since 5.2.6) authorizes an S3 request as "s3:" + its operation name, so a listing
    needs s3:ListObjectsV2; AWS authorizes it as s3:ListBucket (Service Authorization Reference),
    which is what the generated policy says. This gives the user the policy's s3:ListBucket
    statements again under moto's name, same resources, so moto judges the policy's scope."""
    version = iam.get_policy(PolicyArn=policy_arn)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=policy_arn, VersionId=version)["PolicyVersion"]["Document"]
    document = json.loads(document) if isinstance(document, str) else document
    listing = [{**statement, "Action": "s3:ListObjectsV2"} for statement in document["Statement"]
               if "s3:ListBucket" in ([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])]
    assert listing, document
    iam.put_user_policy(UserName=user, PolicyName="moto-operation-names", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{k: v for k, v in s.items() if k != "Sid"} for s in listing]}))


def test_closing_the_loop_with_request_authentication(fresh_moto, moto, run_function):
    """A user with broad rights works; the generated policy, on a fresh user, allows exactly
    that work and denies what it did not do. The trail bucket is the organization's log
    archive, here a second moto without authentication (moto's signature check rejects S3
    listings whose prefix holds a "/", which a trail layout always does)."""
    archive = moto
    archive.client("s3").create_bucket(Bucket=TRAIL)
    moto = fresh_moto
    iam = moto.client("iam")
    keys = {}
    for name, policy in [("ci-admin", {"Effect": "Allow", "Action": "*", "Resource": "*"}), ("fresh-deployer", None)]:
        iam.create_user(UserName=name)
        if policy:
            iam.put_user_policy(UserName=name, PolicyName="broad",
                                PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [policy]}))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        keys[name] = {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}
    s3 = moto.client("s3")
    for bucket in ("app-data", "other-data"):
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket="other-data", Key="secret.csv", Body=b"x")
    moto.enable_auth()

    admin_s3 = moto.client("s3", **keys["ci-admin"])
    admin_sns = moto.client("sns", **keys["ci-admin"])

    def work(s3_client, sns_client):
        s3_client.put_object(Bucket="app-data", Key="reports/a.csv", Body=b"1,2,3")
        s3_client.get_object(Bucket="app-data", Key="reports/a.csv")["Body"].read()
        s3_client.list_objects_v2(Bucket="app-data", Prefix="reports")
        sns_client.list_topics()

    work(admin_s3, admin_sns)
    # What CloudTrail writes for that work (moto keeps no trail).
    admin = user_identity(f"arn:aws:iam::{ACCOUNT}:user/ci-admin")
    put_key = day_folder("us-east-1", 20) + f"{ACCOUNT}_CloudTrail_us-east-1_20261120T1000Z_f.json.gz"
    archive.client("s3").put_object(Bucket=TRAIL, Key=put_key, Body=gzip.compress(json.dumps({"Records": [
        rec("s3.amazonaws.com", "PutObject", {"bucketName": "app-data", "key": "reports/a.csv"}, who=admin, region="us-east-1"),
        rec("s3.amazonaws.com", "GetObject", {"bucketName": "app-data", "key": "reports/a.csv"}, who=admin, region="us-east-1"),
        rec("s3.amazonaws.com", "ListObjectsV2", {"bucketName": "app-data", "prefix": "reports", "list-type": "2"},
            who=admin, region="us-east-1"),
        rec("sns.amazonaws.com", "ListTopics", None, who=admin, region="us-east-1"),
        rec("sts.amazonaws.com", "GetCallerIdentity", None, who=admin, region="us-east-1"),
    ]}).encode()))

    target = f"arn:aws:iam::{ACCOUNT}:policy/watchpost/ci-admin-least-privilege"
    event = {"principalArn": f"arn:aws:iam::{ACCOUNT}:user/ci-admin", **WINDOW, "source": "s3", "trailBucket": TRAIL,
             "apply": {"managedPolicyArn": target}}
    env = moto.env(AWS_ACCESS_KEY_ID=keys["ci-admin"]["aws_access_key_id"],
                   AWS_SECRET_ACCESS_KEY=keys["ci-admin"]["aws_secret_access_key"],
                   AWS_ENDPOINT_URL_S3=archive.endpoint)
    invocation = run_function("policy-generator", [event], env=env).invocations[0]
    assert invocation.ok, invocation.error
    assert invocation.response["actions"] == ["s3:GetObject", "s3:ListBucket", "s3:PutObject", "sns:ListTopics"]
    assert invocation.response["applied"]["steps"] == [
        {"step": "create-policy", "status": "done", "detail": target}]
    assert [u["action"] for u in invocation.response["unused"]] == []  # "*" matched the used actions

    admin_iam = moto.client("iam", **keys["ci-admin"])
    admin_iam.attach_user_policy(UserName="fresh-deployer", PolicyArn=target)
    in_motos_names(admin_iam, "fresh-deployer", target)
    fresh_s3 = moto.client("s3", **keys["fresh-deployer"])
    work(fresh_s3, moto.client("sns", **keys["fresh-deployer"]))  # exactly the work: allowed
    from botocore.exceptions import ClientError
    for outside in (lambda: fresh_s3.delete_object(Bucket="app-data", Key="reports/a.csv"),
                    lambda: fresh_s3.get_object(Bucket="other-data", Key="secret.csv"),
                    lambda: moto.client("sns", **keys["fresh-deployer"]).create_topic(Name="not-in-the-policy")):
        with pytest.raises(ClientError) as denied:
            outside()
        assert denied.value.response["Error"]["Code"] in ("AccessDenied", "AuthorizationError")


def test_member_account_principal_is_read_and_written_through_the_member_role(moto, run_function):
    """A principal in another account: its IAM is read and written through watchpost-member."""
    member_account = "444455556666"
    role = f"arn:aws:iam::{member_account}:role/orders-api"
    credentials = moto.client("sts").assume_role(RoleArn=f"arn:aws:iam::{member_account}:role/watchpost-member",
                                                 RoleSessionName="test-setup")["Credentials"]
    member_iam = moto.client("iam", aws_access_key_id=credentials["AccessKeyId"],
                             aws_secret_access_key=credentials["SecretAccessKey"],
                             aws_session_token=credentials["SessionToken"])
    member_iam.create_role(RoleName="orders-api", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}))
    member_iam.put_role_policy(RoleName="orders-api", PolicyName="broad", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]}))
    s3 = moto.client("s3")
    s3.create_bucket(Bucket=TRAIL)
    key = f"AWSLogs/{ORG}/{member_account}/CloudTrail/eu-west-1/2026/11/20/{member_account}_CloudTrail_eu-west-1_20261120T1000Z_m.json.gz"
    who = identity(role)
    who["accountId"] = who["sessionContext"]["sessionIssuer"]["accountId"] = member_account
    who["arn"] = f"arn:aws:sts::{member_account}:assumed-role/orders-api/session-1"
    put_log_file(s3, key, [rec("s3.amazonaws.com", "ListBuckets", None, who=who, recipientAccountId=member_account)])

    event = {"principalArn": role, **WINDOW, "source": "s3", "trailBucket": TRAIL, "regions": ["eu-west-1"],
             "apply": {"inlinePolicyName": "least-privilege"}}
    invocation = run_function("policy-generator", [event], env=moto.env()).invocations[0]
    assert invocation.ok, invocation.error
    assert invocation.response["actions"] == ["s3:ListAllMyBuckets"]
    assert invocation.response["unused"] == [{"policy": "role:orders-api:inline:broad", "action": "ec2:*"}]
    written = member_iam.get_role_policy(RoleName="orders-api", PolicyName="least-privilege")["PolicyDocument"]
    assert written == invocation.response["policy"]
    # Nothing was written in the function's own account: there is no such role there.
    with pytest.raises(ClientError) as refused:
        moto.client("iam").get_role_policy(RoleName="orders-api", PolicyName="least-privilege")
    assert refused.value.response["Error"]["Code"] == "NoSuchEntity"


def test_scheduled_event_reports_every_configured_principal(moto, run_function):
    seed_org_trail(moto)
    create_role(moto)
    run = run_function("policy-generator", ["policy-generator/scheduled-weekly.json"],
                       env=moto.env(POLICY_PRINCIPALS=f"{ROLE},{OTHER_ROLE}", TRAIL_BUCKET=TRAIL))
    invocation = run.invocations[0]
    assert invocation.ok, invocation.error
    mine, other = invocation.response["results"]
    assert mine["window"] == {"start": "2026-11-16T06:00:00Z", "end": "2026-11-23T06:00:00Z"}
    assert mine["source"] == "s3"
    # Every region found, the window's days and the day after: the 25th's file is not read.
    assert mine["actions"] == ["ec2:DescribeInstances", "ec2:RunInstances", "iam:GetRole", "lambda:GetFunction",
                               "s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "sqs:DeleteMessage", "sqs:SendMessage"]
    assert other["principal"] == OTHER_ROLE and other["actions"] == ["s3:PutObject"]
    assert other["applied"] is None


def test_lookup_events_without_regions_reads_every_enabled_region(moto, run_function):
    pages = [[rec("ec2.amazonaws.com", "DescribeVolumes", region="eu-west-1")]]
    server = LookupEventsServer(pages)
    try:
        event = {"principalArn": ROLE, **WINDOW, "source": "lookup-events"}
        invocation = run_function("policy-generator", [event], env=moto.env(AWS_ENDPOINT_URL_CLOUDTRAIL=server.endpoint),
                                  timeout=120).invocations[0]
    finally:
        server.stop()
    assert invocation.ok, invocation.error
    regions = {r["RegionName"] for r in moto.client("ec2").describe_regions()["Regions"]}
    # One LookupEvents per region (this server answers the same page in each).
    assert len(server.requests) == len(regions) and len(regions) > 10
    assert invocation.response["recordsRead"] == len(regions)
    assert invocation.response["actions"] == ["ec2:DescribeVolumes"]
