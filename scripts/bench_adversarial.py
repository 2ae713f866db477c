#!/usr/bin/env python3
"""make bench: what an input costs per KB on each function's event path, on the shapes an
attacker would write (deep nesting, long crafted sshd lines, escape-heavy strings) beside a
realistic event of the same size. Each figure is the wall time of a run of N invocations through
lambda-local minus a run of N trivial invocations, per invocation and per KB of event. No AWS is
reachable (the calls after the parse fail at once, the same for every shape), so what differs
between two rows of a path is what reading that event costs.
  usage: scripts/bench_adversarial.py [BIN_DIR]   (default: the packaged bootstraps in dist/)"""
import base64
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(os.environ.get("BENCH_ADVERSARIAL_RUNS", "20"))
work = tempfile.mkdtemp(prefix="watchpost-adversarial-")


def bootstrap(function, bin_dir):
    if bin_dir:
        return os.path.join(bin_dir, function)
    target = os.path.join(work, function)
    with zipfile.ZipFile(os.path.join(ROOT, "dist", f"{function}.zip")) as z:
        with open(target, "wb") as f:
            f.write(z.read("bootstrap"))
    os.chmod(target, 0o755)
    return target


def lambda_local(bin_dir):
    if bin_dir:
        return os.path.join(bin_dir, "lambda-local")
    return os.environ.get("BENCH_LAMBDA_LOCAL") or subprocess.run(
        ["swift", "build", "--show-bin-path"], capture_output=True, text=True, cwd=ROOT).stdout.strip() + "/lambda-local"


def seconds(local, executable, event, runs):
    path = os.path.join(work, "event.json")
    with open(path, "w") as f:
        f.write(event)
    # A closed local port and one attempt: the calls after the parse fail at once.
    env = {"PATH": "/usr/bin:/bin", "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_MAX_ATTEMPTS": "1",
           "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
    start = time.monotonic()
    subprocess.run([local, "--timeout", "120", executable] + [path] * runs, env=env, capture_output=True, timeout=3600)
    return time.monotonic() - start


def nested(depth, leaf='"x"'):
    return "[" * depth + leaf + "]" * depth


def logs_event(lines):
    """A CloudWatch Logs subscription event; its KB below are the log data's, before gzip."""
    data = {"messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": "/var/log/secure",
            "logStream": "i-0123456789abcdef0", "subscriptionFilters": ["watchpost"],
            "logEvents": [{"id": str(i), "timestamp": 1714557600000 + i, "message": line} for i, line in enumerate(lines)]}
    return json.dumps({"awslogs": {"data": base64.b64encode(gzip.compress(json.dumps(data).encode(), mtime=0)).decode()}})


def s3_event(parameters_json):
    with open(os.path.join(ROOT, "events", "s3-policy-checker", "put-bucket-policy-public.json")) as f:
        event = json.load(f)
    text = json.dumps(event)
    return text.replace(json.dumps(event["detail"]["requestParameters"]), parameters_json)


def shapes(kb):
    size = kb * 1024
    accepted = "May  1 10:00:00 ip-10-0-1-5 sshd[24680]: Accepted publickey for ec2-user from 203.0.113.7 port 50022 ssh2: RSA SHA256:abc"
    crafted = "Failed publickey for " + "x from 1.1.1.1 port 1 ssh2: RSA ID  (serial " * (size // 48)
    policy = {"bucketName": "b", "bucketPolicy": {"Version": "2012-10-17", "Statement": [
        {"Sid": f"S{i}", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{i:012d}:root"}, "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::b/*"} for i in range(max(1, size // 140))]}}
    blocks = ",".join([nested(400)] * max(1, size // 802))
    escapes = json.dumps({"bucketName": "b", "note": "\\u00e9\\n\\t" * (size // 14)}).replace("\\\\", "\\")
    sns = {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": None}}]}
    yield "s3-policy-checker", "realistic: a bucket policy with many statements", s3_event(json.dumps(policy))
    yield "s3-policy-checker", "deep nesting: blocks of 400 nested arrays", s3_event('{"bucketName": "b", "x": [' + blocks + "]}")
    yield "s3-policy-checker", "escape-heavy strings", s3_event(escapes)
    yield "login-notifier", "realistic: sshd logins", logs_event([accepted] * max(1, size // len(accepted)))
    yield "login-notifier", "one crafted sshd line", logs_event([crafted])
    message = json.dumps({"instanceId": "i-0123456789abcdef0", "reason": "x", "padding": json.loads("[" + blocks + "]")})
    sns["Records"][0]["Sns"]["Message"] = message
    yield "forensic-isolator", "deep nesting inside an SNS message", json.dumps(sns)
    sns["Records"][0]["Sns"]["Message"] = json.dumps({"instanceId": "i-0123456789abcdef0", "reason": "x" * size})
    yield "forensic-isolator", "realistic: a plain request via SNS", json.dumps(sns)


def content_kb(event):
    """The event's size, or for a CloudWatch Logs event the size of its log data unzipped."""
    decoded = json.loads(event)
    if isinstance(decoded, dict) and "awslogs" in decoded:
        return len(gzip.decompress(base64.b64decode(decoded["awslogs"]["data"]))) / 1024
    return len(event.encode()) / 1024


def main():
    bin_dir = sys.argv[1] if len(sys.argv) > 1 else None
    local = lambda_local(bin_dir)
    executables = {}
    baselines = {}
    print(f"adversarial inputs: per invocation and per KB, {RUNS} invocations each, minus {RUNS} trivial ones")
    print(f"  {'function':<18} {'shape':<46} {'KB':>5} {'ms':>9} {'ms/KB':>8}")
    for kb in (16, 64):
        for function, shape, event in shapes(kb):
            if function not in executables:
                executables[function] = bootstrap(function, bin_dir)
                baselines[function] = seconds(local, executables[function], "{}", RUNS) / RUNS
            each = max(0.0, seconds(local, executables[function], event, RUNS) / RUNS - baselines[function])
            actual = content_kb(event)
            print(f"  {function:<18} {shape:<46} {actual:5.0f} {each * 1000:9.2f} {each * 1000 / actual:8.3f}")


if __name__ == "__main__":
    main()
