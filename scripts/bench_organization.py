#!/usr/bin/env python3
"""make bench: what the organization sweep and the organization's login stream cost, measured
against moto on this machine, and what those figures come to for a large organization.

Sweep: a moto organization of ACCOUNTS member accounts with BUCKETS buckets each; one scheduled
invocation plans the sweep onto a queue, then each account message is one invocation (the
event source mapping's batch size), run warm through lambda-local as Lambda would. Per
invocation: AWS calls and duration from the function's own metrics line, CPU from the process
accounting of the run. Logins: Kinesis batches of subscription payloads through login-notifier.
moto answers on loopback in well under a millisecond; AWS takes some tens of milliseconds a
call, so the projection also prints the calls, which is what scales with AWS's latency.
  usage: scripts/bench_organization.py [BIN_DIR]   (default: the packaged bootstraps in dist/)"""
import base64
import gzip
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import zipfile

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCOUNTS = int(os.environ.get("BENCH_SWEEP_ACCOUNTS", "20"))
BUCKETS = int(os.environ.get("BENCH_SWEEP_BUCKETS", "50"))
# What template.yaml deploys: the mapping's MaximumConcurrency and the function's SWEEP_CONCURRENCY.
MAPPING_CONCURRENCY, SWEEP_CONCURRENCY = 5, 8
TARGET_ACCOUNTS, TARGET_BUCKETS = 1000, 100
work = tempfile.mkdtemp(prefix="watchpost-bench-org-")


def executable(name, bin_dir):
    if bin_dir:
        return os.path.join(bin_dir, name)
    target = os.path.join(work, name)
    with zipfile.ZipFile(os.path.join(ROOT, "dist", f"{name}.zip")) as z, open(target, "wb") as f:
        f.write(z.read("bootstrap"))
    os.chmod(target, 0o755)
    return target


def lambda_local(bin_dir):
    return os.path.join(bin_dir or subprocess.run(["swift", "build", "--show-bin-path"], capture_output=True, text=True,
                                                  cwd=ROOT).stdout.strip(), "lambda-local")


def invoke(local, function, events, env):
    """Every event through one warm function: (responses, metrics lines, wall s, CPU s)."""
    paths = []
    for i, event in enumerate(events):
        paths.append(os.path.join(work, f"event-{i}.json"))
        with open(paths[-1], "w") as f:
            json.dump(event, f)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run([local, "--timeout", "900", function, *paths], env=env, capture_output=True, text=True, timeout=7200)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    responses = [json.loads(l) for l in done.stdout.splitlines() if l.startswith("{")]
    metrics = [json.loads(l) for l in done.stderr.splitlines() if l.startswith("{") and '"_aws"' in l]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return responses, metrics, wall, cpu


def main():
    bin_dir = sys.argv[1] if len(sys.argv) > 1 else None
    local = lambda_local(bin_dir)
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    endpoint = f"http://127.0.0.1:{port.getsockname()[1]}"
    port.close()
    moto = subprocess.Popen([sys.executable, "-m", "moto.server", "-p", endpoint.rsplit(":", 1)[1]],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)
        keys = {"aws_access_key_id": "AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
        client = lambda service, **kw: boto3.client(service, region_name="us-east-1", endpoint_url=endpoint, **{**keys, **kw})
        env = {"PATH": "/usr/bin:/bin", "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint, "HOME": work,
               "AWS_ACCESS_KEY_ID": keys["aws_access_key_id"], "AWS_SECRET_ACCESS_KEY": keys["aws_secret_access_key"]}
        sweep(local, executable("s3-policy-checker", bin_dir), client, env)
        logins(local, executable("login-notifier", bin_dir), env)
    finally:
        moto.terminate()


def sweep(local, checker, client, env):
    client("organizations").create_organization(FeatureSet="ALL")
    for i in range(ACCOUNTS):
        account = client("organizations").create_account(AccountName=f"m{i}", Email=f"m{i}@example.com")["CreateAccountStatus"]["AccountId"]
        creds = client("sts").assume_role(RoleArn=f"arn:aws:iam::{account}:role/x", RoleSessionName="bench")["Credentials"]
        s3 = client("s3", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                    aws_session_token=creds["SessionToken"])
        for b in range(BUCKETS):
            s3.create_bucket(Bucket=f"{account}-b{b}")
    sqs = client("sqs")
    queue = sqs.create_queue(QueueName="sweep", Attributes={"VisibilityTimeout": "900"})["QueueUrl"]
    # As deployed: the sweep's records (and its one summary) go to the evidence bucket.
    client("s3").create_bucket(Bucket="bench-evidence")
    env = dict(env, SWEEP_QUEUE_URL=queue, SWEEP_CONCURRENCY=str(SWEEP_CONCURRENCY), EVIDENCE_BUCKET="bench-evidence")
    schedule = {"version": "0", "id": "bench", "detail-type": "Scheduled Event", "source": "aws.events", "account": "123456789012",
                "time": "2026-12-05T00:00:00Z", "region": "us-east-1", "resources": [], "detail": {}}
    [plan], plan_metrics, plan_wall, plan_cpu = invoke(local, checker, [schedule], env)
    accounts = plan["response"]["planned"]["accounts"]
    messages = []
    while page := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
        messages += page
    events = [{"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
                            "attributes": {"ApproximateReceiveCount": "1"}, "eventSource": "aws:sqs"}]} for m in messages]
    responses, metrics, wall, cpu = invoke(local, checker, events, env)
    buckets = sum(s["counts"]["total"] for r in responses for s in r["response"]["sweeps"])
    calls = sum(m["AWSCalls"] for m in metrics)
    duration = sum(m["Duration"] for m in metrics) / 1000
    print(f"organization sweep: {accounts} accounts, {buckets} buckets, measured against moto on loopback")
    print(f"  plan: {plan_metrics[0]['AWSCalls']:.0f} AWS calls, {plan_metrics[0]['Duration']:.0f} ms, "
          f"{plan_cpu * 1000:.0f} ms CPU ({plan_metrics[0]['AWSCalls'] / accounts:.1f} calls per account)")
    print(f"  per bucket: {calls / buckets:.2f} AWS calls, {duration / buckets * 1000:.1f} ms wall, {cpu / buckets * 1000:.2f} ms CPU")
    print(f"  per account message of {buckets // len(events)} buckets: {calls / len(events):.0f} calls, "
          f"{duration / len(events) * 1000:.0f} ms wall, {cpu / len(events) * 1000:.0f} ms CPU")
    per_account = duration / len(events) * TARGET_BUCKETS / (buckets / len(events))
    total = plan_metrics[0]["Duration"] / 1000 / accounts * TARGET_ACCOUNTS + TARGET_ACCOUNTS * per_account / MAPPING_CONCURRENCY
    [summary] = [done for r in responses for done in r["response"].get("sweepsDone", [])]
    print(f"  summary, sent once by the message that finished the sweep: {summary['accountsSwept']} accounts, "
          f"{summary['buckets']} buckets, {summary['effectivelyPublic']} public (the tally adds three calls to each account message: a put, a get, a list)")
    print(f"  {TARGET_ACCOUNTS} accounts x {TARGET_BUCKETS} buckets at {MAPPING_CONCURRENCY} invocations at once: "
          f"{total / 60:.1f} minutes at moto's latency; {TARGET_ACCOUNTS * TARGET_BUCKETS * calls / buckets:,.0f} AWS calls, "
          f"so about {TARGET_ACCOUNTS * TARGET_BUCKETS * calls / buckets * 0.03 / SWEEP_CONCURRENCY / MAPPING_CONCURRENCY / 60:.0f} "
          f"minutes more at 30 ms a call")


def logins(local, notifier, env):
    line = ("May  1 10:00:00 ip-10-0-1-5 sshd[24680]: Accepted publickey for ec2-user from 203.0.113.7 port 50022 ssh2: "
            "RSA SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")
    records, per_record = 100, 50
    payload = lambda i: base64.b64encode(gzip.compress(json.dumps({
        "messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": "/var/log/secure", "logStream": "i-0123456789abcdef0",
        "subscriptionFilters": ["watchpost"], "logEvents": [{"id": str(j), "timestamp": 1714557600000 + j, "message": line}
                                                            for j in range(per_record)]}).encode())).decode()
    batch = {"Records": [{"kinesis": {"data": payload(i), "sequenceNumber": str(i), "partitionKey": "p"}, "eventSource": "aws:kinesis"}
                         for i in range(records)]}
    _, metrics, _, cpu = invoke(local, notifier, [batch] * 5, dict(env, DRY_RUN="true"))
    duration = sum(m["Duration"] for m in metrics) / 1000
    print(f"login stream: {records * per_record * 5} log events in {len(metrics)} Kinesis batches of {records} records: "
          f"{records * per_record * 5 / duration:,.0f} events/s by the function's own clock, {cpu * 1000 / len(metrics):.0f} ms CPU a batch")


if __name__ == "__main__":
    main()
