#!/usr/bin/env bash
# make demo: starts a local AWS emulator (moto, on a free loopback port), runs a function through
# lambda-local on a sample event, and prints what it decided. `make demo` builds first.
#
# To demo another function: set FUNCTION and EVENT below (or DEMO_FUNCTION / DEMO_EVENT), and
# put whatever the event needs into the emulator in seed_emulator (boto3 against $AWS_ENDPOINT_URL).
set -euo pipefail
cd "$(dirname "$0")/.."

FUNCTION=${DEMO_FUNCTION:-s3-policy-checker}
EVENT=${DEMO_EVENT:-events/s3-policy-checker/put-bucket-policy-public.json}
bin=$(swift build --show-bin-path)
python=${WATCHPOST_PYTHON:-.venv/bin/python}

# AWS's documented example keys: moto accepts any; nothing real is ever needed.
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1

start_emulator() {
    local port
    port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$python" -m moto.server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
    moto_pid=$!
    trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true' EXIT
    export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
    for _ in $(seq 100); do
        "$python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
            "$AWS_ENDPOINT_URL/moto-api/" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "demo: moto did not start on port $port" >&2
    exit 1
}

# What the demo event refers to, created in the emulator before the function runs.
# The demo event is CloudTrail's record of a PutBucketPolicy that made a bucket public: the
# emulator gets that bucket with that policy, so the function finds it public when it reads back.
seed_emulator() {
    [ "$FUNCTION" = s3-policy-checker ] || return 0
    "$python" - "$EVENT" <<'PY'
import json, os, sys
import boto3
event = json.load(open(sys.argv[1]))
parameters = event["detail"]["requestParameters"]
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
s3.create_bucket(Bucket=parameters["bucketName"])
s3.put_bucket_policy(Bucket=parameters["bucketName"], Policy=json.dumps(parameters["bucketPolicy"]))
PY
}

# What the function filed in the emulator's Security Hub, read back independently (boto3).
show_findings() {
    "$python" - <<'PY'
import os
import boto3
hub = boto3.client("securityhub", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
for finding in hub.get_findings()["Findings"]:
    print(f"Security Hub: {finding['Severity']['Label']} {finding['RecordState']}: {finding['Title']}")
PY
}

start_emulator
seed_emulator
echo "demo: $FUNCTION on $EVENT (AWS emulator at $AWS_ENDPOINT_URL, SECURITY_HUB=true)" >&2
status=0
result=$(SECURITY_HUB=true "$bin/lambda-local" --timeout 30 "$bin/$FUNCTION" "$EVENT") || status=$?
"$python" -m json.tool <<<"$result"
show_findings
exit $status
