#!/usr/bin/env python3
"""policy-generator's figures for `make bench`: the S3 path's records per second on one core and
on two (the function reads files on every core it has), beside `trailscraper generate` (PyPI,
pinned in requirements/bench.txt) on the same records, as ratios; peak memory at two trail
sizes (flat in records); the same trail read through moto; and what Athena would scan per
record, from which the README's 90-day cost per account follows.

Usage: scripts/bench_policy_generator.py [--records N] [--bin DIR]
  --records  records in the generated trail (default 1,000,000)
  --bin      where the built executables are (default: `swift build -c release --show-bin-path`)

trailscraper is installed into a private virtualenv on first use (.build/bench-venv); it
holds every record in memory, so it runs on a slice of the same trail and its rate is
compared per record. Both run pinned to the same CPUs (sched_setaffinity).
"""
import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
ACCOUNT = "111122223333"
ORG = "o-exampleorg1"
PRINCIPAL = f"arn:aws:iam::{ACCOUNT}:role/orders-api"
OTHERS = [f"arn:aws:iam::{ACCOUNT}:role/{name}" for name in ("batch-etl", "ci-deploy", "analytics")]
REGIONS = ["eu-west-1", "us-east-1"]
DAY = "2026/11/20"
WINDOW = ("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z")
RECORDS_PER_FILE = 2000

# (eventSource, eventName, requestParameters) the generated workload calls.
CALLS = [
    ("s3.amazonaws.com", "GetObject", {"bucketName": "orders-data", "key": "orders/2026/11/20/{n}.json"}),
    ("s3.amazonaws.com", "PutObject", {"bucketName": "orders-data", "key": "out/{n}.json"}),
    ("s3.amazonaws.com", "ListObjectsV2", {"bucketName": "orders-data", "prefix": "orders/"}),
    ("dynamodb.amazonaws.com", "GetItem", {"tableName": "orders"}),
    ("dynamodb.amazonaws.com", "PutItem", {"tableName": "orders"}),
    ("kms.amazonaws.com", "Decrypt", {"encryptionAlgorithm": "SYMMETRIC_DEFAULT"}),
    ("sqs.amazonaws.com", "SendMessage", {"queueUrl": "https://sqs.eu-west-1.amazonaws.com/111122223333/orders"}),
    ("monitoring.amazonaws.com", "PutMetricData", {"namespace": "Orders"}),
    ("lambda.amazonaws.com", "GetFunction20150331v2", {"functionName": "orders-worker"}),
    ("sts.amazonaws.com", "GetCallerIdentity", None),
    ("ec2.amazonaws.com", "DescribeInstances", {"maxResults": 100}),
]


def identity_json(principal, session):
    role = principal.split("/")[-1]
    return json.dumps({
        "type": "AssumedRole", "principalId": f"AROAEXAMPLE{role.upper()}:session-{session}",
        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/session-{session}", "accountId": ACCOUNT,
        "accessKeyId": "ASIAEXAMPLEKEY",
        "sessionContext": {
            "sessionIssuer": {"type": "Role", "principalId": f"AROAEXAMPLE{role.upper()}", "arn": principal,
                              "accountId": ACCOUNT, "userName": role},
            "attributes": {"creationDate": "2026-11-20T00:00:00Z", "mfaAuthenticated": "false"},
        },
    }, separators=(",", ":"))


IDENTITIES = {(p, s): identity_json(p, s) for p in [PRINCIPAL] + OTHERS for s in range(7)}


def record(principal, n, when):
    """One record as CloudTrail writes it (~1 KB), serialized directly: a million of them."""
    source, name, params = CALLS[n % len(CALLS)]
    if params is not None:
        params = {k: (v.format(n=n) if isinstance(v, str) else v) for k, v in params.items()}
    read_only = "true" if name.startswith(("Get", "List", "Describe")) else "false"
    data = source == "s3.amazonaws.com"
    return (f'{{"eventVersion":"1.09","userIdentity":{IDENTITIES[(principal, n % 7)]},"eventTime":"{when}",'
            f'"eventSource":"{source}","eventName":"{name}","awsRegion":"eu-west-1","sourceIPAddress":"192.0.2.10",'
            f'"userAgent":"aws-sdk-go-v2/1.30.0 os/linux lang/go#1.22","requestParameters":{json.dumps(params)},'
            f'"responseElements":null,"requestID":"{n:032x}","eventID":"{n:08x}-0000-4000-8000-{n:012x}",'
            f'"readOnly":{read_only},"eventType":"AwsApiCall","managementEvent":{"false" if data else "true"},'
            f'"recipientAccountId":"{ACCOUNT}","eventCategory":"{"Data" if data else "Management"}"}}')


def write_trail(root, total, seed=7):
    """`total` records in org-trail layout under root; returns the files written."""
    rng = random.Random(seed)
    files = []
    written = 0
    index = 0
    while written < total:
        count = min(RECORDS_PER_FILE, total - written)
        region = REGIONS[index % len(REGIONS)]
        hour, minute = divmod(index % 1440, 60)
        records = []
        for i in range(count):
            n = written + i
            principal = PRINCIPAL if n % 2 == 0 else OTHERS[rng.randrange(len(OTHERS))]
            when = f"2026-11-20T{hour:02d}:{minute:02d}:{rng.randrange(60):02d}Z"
            records.append(record(principal, n, when))
        folder = os.path.join(root, "AWSLogs", ORG, ACCOUNT, "CloudTrail", region, DAY)
        os.makedirs(folder, exist_ok=True)
        name = f"{ACCOUNT}_CloudTrail_{region}_20261120T{hour:02d}{minute:02d}Z_{index:016x}.json.gz"
        path = os.path.join(folder, name)
        with gzip.open(path, "wb", compresslevel=6) as f:
            f.write(('{"Records":[' + ",".join(records) + "]}").encode())
        files.append(path)
        written += count
        index += 1
    return files


def peak_rss_mb_of(command, **kwargs):
    """Runs command; returns (seconds, peak RSS in MB of it and the processes it waited for,
    stdout). wait4 gives this child's own figures, not every child's of this script."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, **kwargs)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise RuntimeError(f"{command[0]} exited with {process.returncode}")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read().decode()


def best_of(runs, command, **kwargs):
    """The fastest of `runs` runs (a shared machine's noise only ever slows a run down)."""
    results = [peak_rss_mb_of(command, **kwargs) for _ in range(runs)]
    return min(results, key=lambda r: r[0])


def on_cpus(cpus):
    """Popen arguments that run the child on exactly these CPUs."""
    return {"preexec_fn": lambda: os.sched_setaffinity(0, cpus)}


def run_local(bin_dir, trail, event_path, cpus, runs=3):
    """The S3 path's reader on local files (`policy-generator --trail-dir`, the same layout and
    the same code as the bucket), on `cpus`."""
    return best_of(runs, [os.path.join(bin_dir, "policy-generator"), "--trail-dir", trail, event_path],
                   **on_cpus(cpus))


def event(source="s3", bucket="bench-trail"):
    return {"principalArn": PRINCIPAL, "start": WINDOW[0], "end": WINDOW[1], "source": source,
            "trailBucket": bucket}


def trailscraper_rate(files, records_wanted, cpus):
    venv = os.path.join(ROOT, ".build", "bench-venv")
    exe = os.path.join(venv, "bin", "trailscraper")
    if not os.path.exists(exe):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "--no-deps", "-r",
                        os.path.join(ROOT, "requirements", "bench.txt")], check=True)
    records = []
    for path in files:
        with gzip.open(path) as f:
            records.extend(json.load(f)["Records"])
        if len(records) >= records_wanted:
            break
    records = records[:records_wanted]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"Records": records}, f)
        path = f.name
    try:
        seconds = None
        for _ in range(2):
            with open(path) as stdin:
                start = time.perf_counter()
                subprocess.run([exe, "generate"], stdin=stdin, capture_output=True, check=True, **on_cpus(cpus))
                elapsed = time.perf_counter() - start
            seconds = elapsed if seconds is None else min(seconds, elapsed)
    finally:
        os.unlink(path)
    return len(records) / seconds, len(records)


def run_through_moto(bin_dir, files, trail_root, records):
    sys.path.insert(0, os.path.join(ROOT, "Tests", "e2e"))
    from conftest import MotoServer  # the e2e tests' moto fixture, reused
    server = MotoServer()
    try:
        s3 = server.client("s3")
        s3.create_bucket(Bucket="bench-trail")
        for path in files:
            s3.upload_file(path, "bench-trail", os.path.relpath(path, trail_root))
        with tempfile.TemporaryDirectory() as tmp:
            event_path = os.path.join(tmp, "event.json")
            with open(event_path, "w") as f:
                json.dump(event(), f)
            env = {"PATH": os.environ["PATH"], "HOME": tmp, **server.env()}
            seconds, _, out = peak_rss_mb_of(
                [os.path.join(bin_dir, "lambda-local"), "--timeout", "3600",
                 os.path.join(bin_dir, "policy-generator"), event_path], env=env)
        line = next(json.loads(l) for l in out.splitlines() if l.startswith("{"))
        assert line["response"]["recordsRead"] == records, line
        return records / seconds
    finally:
        server.stop()


def athena_bytes_per_record(files, records):
    """What an Athena query over these files scans per record: Athena reads every byte of each
    gzip file in the partitions the query keeps (JSON is not columnar, gzip not splittable), and
    bills the compressed bytes."""
    return sum(os.path.getsize(path) for path in files) / records


def corpus_bytes_per_record(per_file=100):
    """The same for the real and synthesized records of ../shared/corpora (153 services), in
    files of `per_file` records as CloudTrail delivers them; None when the corpus is absent."""
    path = os.path.join(ROOT, "..", "shared", "corpora", "cloudtrail", "records.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        records = json.load(f)["Records"]
    size = sum(len(gzip.compress(json.dumps({"Records": records[i:i + per_file]}).encode(), compresslevel=6))
               for i in range(0, len(records), per_file))
    return size / len(records), len(records)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--bin")
    args = parser.parse_args()
    bin_dir = args.bin
    if not bin_dir:
        build = ["swift", "build", "-c", "release"]
        for product in ("policy-generator", "lambda-local"):
            subprocess.run(build + ["--product", product], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        bin_dir = subprocess.run(build + ["--show-bin-path"], cwd=ROOT, check=True, capture_output=True,
                                 text=True).stdout.strip()
    available = sorted(os.sched_getaffinity(0))
    one, two = {available[0]}, set(available[:2])
    work = tempfile.mkdtemp(prefix="policy-bench-")
    try:
        print(f"policy-generator bench: generating {args.records:,} records ...", flush=True)
        small_root = os.path.join(work, "small")
        small_count = max(args.records // 5, RECORDS_PER_FILE)
        write_trail(small_root, small_count)
        trail_root = os.path.join(work, "trail")
        files = write_trail(trail_root, args.records)
        event_path = os.path.join(work, "event.json")
        with open(event_path, "w") as f:
            json.dump(event(), f)

        rates = {}
        for cpus in ([one, two] if len(two) == 2 else [one]):
            seconds, rss, out = run_local(bin_dir, trail_root, event_path, cpus)
            _, small_rss, _ = run_local(bin_dir, small_root, event_path, cpus, runs=1)
            report = json.loads(out)
            assert report["recordsRead"] == args.records, report["recordsRead"]
            rates[len(cpus)] = args.records / seconds
            print(f"  S3 path, {len(cpus)} core{'s' if len(cpus) > 1 else ' '}: {rates[len(cpus)]:>10,.0f} records/s   "
                  f"peak RSS {rss:6.1f} MB ({small_count:,} records: {small_rss:.1f} MB; aim < 256 MB)   "
                  f"matched {report['recordsMatched']:,}, {len(report['actions'])} actions")
        if len(two) < 2:
            print("  (one CPU here: no two-core figure)")

        moto_rate = run_through_moto(bin_dir, files, trail_root, args.records)
        print(f"  through moto: {moto_rate:>10,.0f} records/s (S3 GetObject per file from moto, in Python; every core)")

        ts_rate, ts_records = trailscraper_rate(files, min(args.records, 200_000), one)
        print(f"  trailscraper: {ts_rate:>10,.0f} records/s ({ts_records:,} records, uncompressed, from stdin; one core)")
        for cores, aim in ((1, 10), (2, 18)):
            if cores in rates:
                ratio = rates[cores] / ts_rate
                print(f"  ratio, {cores} core{'s' if cores > 1 else ' '}: {ratio:5.1f}x trailscraper (aim >= {aim}x: "
                      f"{'met' if ratio >= aim else 'NOT met'})")

        per_record = athena_bytes_per_record(files, args.records)
        print(f"  Athena scans: {per_record:,.0f} bytes a record of this trail (its gzip files, whole); "
              f"90 days of an account writing 1M records a day: {per_record * 90e6 / 1e9:,.1f} GB, "
              f"${per_record * 90e6 / 1e12 * 5:,.2f} at $5 per TB")
        corpus = corpus_bytes_per_record()
        if corpus:
            print(f"                {corpus[0]:,.0f} bytes a record of ../shared/corpora's {corpus[1]:,} CloudTrail records "
                  f"(153 services, files of 100): ${corpus[0] * 90e6 / 1e12 * 5:,.2f} for the same 90 days")
        print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: a shared machine's figures vary)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
