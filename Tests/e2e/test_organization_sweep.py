"""The organization-wide sweep through its queue, at organization scale: 200 member accounts in
moto's Organizations (moto keeps accounts apart when roles are assumed into them), each with
buckets, some public, one with more buckets than a page, and some whose member role refuses.
A scheduled s3-policy-checker plans the sweep onto an SQS queue; the test then plays the event
source mapping (receive, invoke with the batch, delete what the function did not hand back) until
the queue is empty, and checks with boto3 that every account and every bucket was judged exactly
once and every failure reported.

moto's STS assumes any role in any account, so a missing or refusing member role cannot happen
there: `stand_ins.RefusingSTS` answers AssumeRole into the refusing accounts as AWS documents."""
import json

import pytest

from stand_ins import RefusingSTS

FUNCTION = "s3-policy-checker"
SECURITY = "123456789012"  # moto's default account: the security (and management) account here
MEMBERS = 200
PAGE = 500  # SweepPlanner.bucketsPerPage
PUBLIC_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "Website", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{}/*"}]}


def member_client(moto, service, account):
    credentials = moto.client("sts").assume_role(RoleArn=f"arn:aws:iam::{account}:role/setup",
                                                 RoleSessionName="setup")["Credentials"]
    return moto.client(service, aws_access_key_id=credentials["AccessKeyId"],
                       aws_secret_access_key=credentials["SecretAccessKey"], aws_session_token=credentials["SessionToken"])


@pytest.fixture
def organization(moto):
    """200 members; every 7th public bucket, every 25th refusing, the first with more than a page."""
    organizations = moto.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    members = [organizations.create_account(AccountName=f"member-{i}", Email=f"member-{i}@example.com")
               ["CreateAccountStatus"]["AccountId"] for i in range(MEMBERS)]
    refused = set(members[::25])
    expected = {}
    for index, account in enumerate(members + [SECURITY]):
        s3 = member_client(moto, "s3", account) if account != SECURITY else moto.client("s3")
        count = PAGE + 3 if index == 1 else 2
        names = [f"{account}-data-{n}" for n in range(count)]
        for name in names:
            s3.create_bucket(Bucket=name)
        if index % 7 == 0:
            s3.put_bucket_policy(Bucket=names[0], Policy=json.dumps(PUBLIC_POLICY).replace("{}", names[0]))
        expected[account] = {name: "public" if index % 7 == 0 and n == 0 else "not-public" for n, name in enumerate(names)}
    return {"members": members, "refused": refused, "expected": expected}


def sqs_event(messages, queue_arn):
    return {"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
                         "attributes": {"ApproximateReceiveCount": m["Attributes"]["ApproximateReceiveCount"],
                                        "SentTimestamp": m["Attributes"]["SentTimestamp"]},
                         "messageAttributes": {}, "md5OfBody": m["MD5OfBody"], "eventSource": "aws:sqs",
                         "eventSourceARN": queue_arn, "awsRegion": "us-east-1"} for m in messages]}


def test_every_account_and_bucket_judged_exactly_once(moto, organization, run_function):
    sqs = moto.client("sqs")
    queue = sqs.create_queue(QueueName="watchpost-sweep", Attributes={"VisibilityTimeout": "900"})["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    # The sweep's records go to the evidence bucket (a bucket of the security account: swept too).
    moto.client("s3").create_bucket(Bucket="watchpost-evidence")
    organization["expected"][SECURITY]["watchpost-evidence"] = "not-public"
    sts = RefusingSTS(moto.endpoint, organization["refused"], caller=SECURITY)
    try:
        env = moto.env(SWEEP_QUEUE_URL=queue, AWS_ENDPOINT_URL_STS=sts.url, SWEEP_CONCURRENCY="16",
                       EVIDENCE_BUCKET="watchpost-evidence")
        schedule = {"version": "0", "id": "sweep-2026-12-05", "detail-type": "Scheduled Event", "source": "aws.events",
                    "account": SECURITY, "time": "2026-12-05T06:00:00Z", "region": "us-east-1",
                    "resources": [f"arn:aws:events:us-east-1:{SECURITY}:rule/sweep"], "detail": {}}
        [plan] = run_function(FUNCTION, [schedule], env=env, timeout=300).invocations
        assert plan.ok, plan
        reachable = len(organization["members"]) + 1 - len(organization["refused"])
        assert plan.response["planned"] == {"accounts": reachable, "messages": reachable}
        assert plan.response["accountsFrom"] == "organization"
        failed = {f["account"]: f["reason"] for f in plan.response["failedAccounts"]}
        assert set(failed) == organization["refused"]
        assert all("AccessDenied" in reason and "member role" in reason for reason in failed.values())
        assert plan.response["tally"] == "s3://watchpost-evidence/sweeps/sweep-2026-12-05/" and "done" not in plan.response

        # The event source mapping, played: batches of ten until nothing is left.
        judged, retried, rounds, done = {}, [], 0, []
        while True:
            messages = []
            while True:
                page = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, AttributeNames=["All"]).get("Messages", [])
                if not page:
                    break
                messages += page
            if not messages:
                break
            rounds += 1
            batches = [messages[i:i + 10] for i in range(0, len(messages), 10)]
            run = run_function(FUNCTION, [sqs_event(b, queue_arn) for b in batches], env=env, timeout=300)
            assert len(run.invocations) == len(batches)
            for batch, invocation in zip(batches, run.invocations):
                assert invocation.ok, invocation
                again = {f["itemIdentifier"] for f in invocation.response["batchItemFailures"]}
                retried += list(again)
                done += invocation.response.get("sweepsDone", [])
                for sweep in invocation.response["sweeps"]:
                    assert "error" not in sweep and not sweep["redelivered"], sweep
                    for bucket in sweep["buckets"]:
                        key = (sweep["account"], bucket["bucket"])
                        assert key not in judged, f"{key} judged twice"
                        judged[key] = bucket["effectiveVerdict"]
                for message in batch:
                    if message["MessageId"] not in again:
                        sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
        assert retried == []
        assert rounds == 2, "the accounts, then the one account's second page"
        expected = {(account, name): verdict for account, buckets in organization["expected"].items()
                    if account not in organization["refused"] for name, verdict in buckets.items()}
        assert judged == expected
        # One summary, from the invocation that finished the last page, with the sweep's totals.
        assert done == [{"sweep": "sweep-2026-12-05", "accountsSwept": reachable,
                         "accountsUnreachable": len(organization["refused"]), "buckets": len(expected),
                         "public": sum(v == "public" for v in expected.values()),
                         "effectivelyPublic": sum(v == "public" for v in expected.values()),
                         "crossAccount": 0, "exempt": 0, "unreadable": 0}]
        summary = moto.client("s3").get_object(Bucket="watchpost-evidence", Key="sweeps/sweep-2026-12-05/summary.json")
        assert json.loads(summary["Body"].read()) == done[0]
        page_keys = moto.client("s3").list_objects_v2(Bucket="watchpost-evidence", Prefix="sweeps/sweep-2026-12-05/pages/")
        assert page_keys["KeyCount"] == reachable + 1  # one record a page: the first member has two
        # A page delivered again after the sweep is complete: checked and reported as a
        # redelivery, and the sweep not summed again (the summary's write is conditional).
        again = {"MessageId": "m-again", "ReceiptHandle": "r-again", "MD5OfBody": "0",
                 "Body": json.dumps({"sweep": "sweep-2026-12-05", "account": SECURITY}),
                 "Attributes": {"ApproximateReceiveCount": "2", "SentTimestamp": "1"}}
        [replayed] = run_function(FUNCTION, [sqs_event([again], queue_arn)], env=env, timeout=300).invocations
        assert replayed.ok and replayed.response["sweeps"][0]["redelivered"], replayed
        assert "sweepsDone" not in replayed.response
        assert json.loads(moto.client("s3").get_object(Bucket="watchpost-evidence",
                                                        Key="sweeps/sweep-2026-12-05/summary.json")["Body"].read()) == done[0]
        # Independently: what boto3 lists in each reachable account is what was judged there.
        for account in [SECURITY, organization["members"][1]]:
            s3 = moto.client("s3") if account == SECURITY else member_client(moto, "s3", account)
            listed = {b["Name"] for b in s3.list_buckets()["Buckets"]}
            assert listed == {name for (a, name) in judged if a == account}
    finally:
        sts.stop()


def test_a_message_that_is_not_a_sweep_message_is_handed_back(moto, run_function):
    """A body nobody here wrote is retried and, after its retries, lands in the dead-letter queue."""
    sqs = moto.client("sqs")
    queue = sqs.create_queue(QueueName="watchpost-sweep")["QueueUrl"]
    good = {"MessageId": "m-good", "ReceiptHandle": "r-1", "Body": json.dumps({"sweep": "s", "account": SECURITY}),
            "MD5OfBody": "0", "Attributes": {"ApproximateReceiveCount": "2", "SentTimestamp": "1"}}
    strange = dict(good, MessageId="m-strange", Body="{\"hello\": 1}")
    moto.client("s3").create_bucket(Bucket="only-bucket")
    [invocation] = run_function(FUNCTION, [sqs_event([good, strange], "arn:aws:sqs:us-east-1:123456789012:watchpost-sweep")],
                                env=moto.env(SWEEP_QUEUE_URL=queue)).invocations
    assert invocation.ok, invocation
    assert invocation.response["batchItemFailures"] == [{"itemIdentifier": "m-strange"}]
    [sweep] = invocation.response["sweeps"]
    assert (sweep["account"], [b["bucket"] for b in sweep["buckets"]], sweep["redelivered"]) == (SECURITY, ["only-bucket"], True)


def test_a_page_of_a_sweep_planned_without_a_tally_is_checked_and_summed_by_nobody(moto, run_function):
    """A sweep planned before EVIDENCE_BUCKET was set (or whose plan record could not be written)
    has no plan record: its pages are checked as always, quietly, and no summary is invented."""
    sqs = moto.client("sqs")
    queue = sqs.create_queue(QueueName="watchpost-sweep")["QueueUrl"]
    moto.client("s3").create_bucket(Bucket="watchpost-evidence")
    message = {"MessageId": "m-1", "ReceiptHandle": "r-1", "Body": json.dumps({"sweep": "untracked", "account": SECURITY}),
               "MD5OfBody": "0", "Attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1"}}
    run = run_function(FUNCTION, [sqs_event([message], "arn:aws:sqs:us-east-1:123456789012:watchpost-sweep")],
                       env=moto.env(SWEEP_QUEUE_URL=queue, EVIDENCE_BUCKET="watchpost-evidence"))
    [invocation] = run.invocations
    assert invocation.ok and invocation.response["batchItemFailures"] == [], invocation
    assert [b["bucket"] for b in invocation.response["sweeps"][0]["buckets"]] == ["watchpost-evidence"]
    assert "sweepsDone" not in invocation.response
    assert "could not be added up" not in run.stdout + run.stderr
    keys = [o["Key"] for o in moto.client("s3").list_objects_v2(Bucket="watchpost-evidence").get("Contents", [])]
    assert keys == ["sweeps/untracked/pages/123456789012/1+0.json"]
