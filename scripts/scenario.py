"""Scenarios: the AWS state a sample event refers to, and what it should lead to.

Each events/<function>/<name>.json has events/<function>/<name>.scenario.json beside it:

    {
      "about": "one line: what happens here",
      "setup": [                                   # in order, against the emulator
        {"include": "../scenes/web-app-in-asg.json"},          # another file's setup steps
        {"call": "s3.create_bucket", "args": {"Bucket": "b"}, "save": {"name": "Path.To.Value"}},
        {"call": "ec2.run_instances", "args": {...}, "account": "444455556666"},  # through watchpost-member
        {"invoke": "plain-instance-id.json", "save": {"incident": "incidentId"}} # the function, first
      ],
      "replace": {"i-0123456789abcdef0": "${instance}"},   # in the event's text (and logs data)
      "environment": {"DRY_RUN": "true", "ALERT_TOPIC_ARN": "${topic}"},
      "expect": {"verdict": "public", "steps.0.status": "done"},   # response paths -> values
      "show": [{"call": "s3.get_public_access_block", "args": {"Bucket": "b"}, "path": "PublicAccessBlockConfiguration"}],
      "lookup_events": [CloudTrail records]     # answered at ${lookup_events_url} (moto has no LookupEvents)
    }

"${name}" takes a saved value, ${event.detail.requestParameters.bucketName} a part of the event,
{"$json": {...}} turns a document into JSON text, ${slack_url} (a local Slack webhook sink that records what
is posted) or ${endpoint}. Only the standard library and boto3: scripts/invoke.py and the
tests use it with the project's .venv."""
import base64
import copy
import gzip
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import boto3

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
REGION = "us-east-1"
# AWS's documented example keys: moto accepts any; nothing real is ever needed.
EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def scenario_path(event_path):
    return re.sub(r"\.json$", ".scenario.json", event_path)


def sample_events(root=ROOT):
    """Every sample event file: events/<function>/<name>.json, scenarios and scenes left out."""
    events = os.path.join(root, "events")
    return sorted(os.path.join(events, function, name) for function in os.listdir(events)
                  if os.path.isdir(os.path.join(events, function)) and function != "scenes"
                  for name in os.listdir(os.path.join(events, function))
                  if name.endswith(".json") and not name.endswith(".scenario.json"))


class Emulator:
    """moto in server mode on a free loopback port, with its own lifetime."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.endpoint = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=1)
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"moto did not start on port {port}")
                time.sleep(0.1)

    def env(self):
        return {"AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": EXAMPLE_KEY_ID,
                "AWS_SECRET_ACCESS_KEY": EXAMPLE_SECRET, "AWS_REGION": REGION}

    def client(self, service, account=None):
        keys = {"aws_access_key_id": EXAMPLE_KEY_ID, "aws_secret_access_key": EXAMPLE_SECRET}
        if account:
            credentials = self.client("sts").assume_role(
                RoleArn=f"arn:aws:iam::{account}:role/watchpost-member", RoleSessionName="scenario")["Credentials"]
            keys = {"aws_access_key_id": credentials["AccessKeyId"],
                    "aws_secret_access_key": credentials["SecretAccessKey"],
                    "aws_session_token": credentials["SessionToken"]}
        return boto3.client(service, region_name=REGION, endpoint_url=self.endpoint, **keys)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class SlackSink:
    """A local stand-in for a Slack Incoming Webhook: records every message posted to it."""

    def __init__(self):
        posts = self.posts = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                try:
                    posts.append(json.loads(body or b"null"))
                except ValueError:
                    posts.append(body.decode(errors="replace"))
                self.send_response(200)
                self.send_header("content-type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/services/T0EXAMPLE/B0EXAMPLE/local-sink"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def lookup(value, path):
    """`a.b.0.c` (or `a.b[0].c`) in nested dicts and lists; None where it is missing."""
    for part in [p for p in re.split(r"[.\[\]]", path) if p]:
        if isinstance(value, list) and part.lstrip("-").isdigit() and -len(value) <= int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return None
    return value


def substitute(value, names):
    """${name} -> a saved value (the whole value when it is the whole string); ${event.a.b} ->
    that part of the event; {"$json": X} -> X as JSON text (a policy document, say)."""
    if isinstance(value, dict) and set(value) == {"$json"}:
        return json.dumps(substitute(value["$json"], names))
    if isinstance(value, dict) and set(value) == {"$gzip_json"}:  # a CloudTrail log file, say
        return gzip.compress(json.dumps(substitute(value["$gzip_json"], names)).encode(), mtime=0)
    if isinstance(value, str):
        whole = re.fullmatch(r"\$\{event\.([\w.\-\[\]]+)\}", value)
        if whole and "event" in names:
            return lookup(names["event"], whole.group(1))
        whole = re.fullmatch(r"\$\{(\w+)\}", value)
        if whole and whole.group(1) in names:
            return names[whole.group(1)]
        return re.sub(r"\$\{(\w+)\}", lambda m: str(names.get(m.group(1), m.group(0))), value)
    if isinstance(value, list):
        return [substitute(v, names) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, names) for k, v in value.items()}
    return value


def plain(value):
    """A boto3 result as JSON-able data: ResponseMetadata dropped, streams read, times as text."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "read"):
        return value.read().decode(errors="replace")
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


class LookupEvents:
    """CloudTrail's LookupEvents, which moto does not implement, answered on loopback from the
    scenario's `lookup_events` records, each region's own (one page; paging and retries are tested
    in Tests/e2e/test_policy_generator.py). Its address goes to AWS_ENDPOINT_URL_CLOUDTRAIL."""

    def __init__(self, records):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("content-length", 0)))
                # Each region has its own event history: the region is the signature's scope.
                scope = re.search(r"Credential=[^/]+/\d+/([^/]+)/", self.headers.get("Authorization", ""))
                region = scope.group(1) if scope else REGION
                data = json.dumps({"Events": [{"EventId": str(i), "EventName": r.get("eventName"),
                                               "CloudTrailEvent": json.dumps(r)} for i, r in enumerate(records)
                                              if r.get("awsRegion") == region]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Scenario:
    def __init__(self, function, event_path, bin_dir):
        self.function, self.event_path, self.bin_dir = function, os.path.abspath(event_path), bin_dir
        path = scenario_path(self.event_path)
        if not os.path.exists(path):
            raise FileNotFoundError(f"no scenario beside the event: {os.path.relpath(path, ROOT)}")
        with open(path) as f:
            self.spec = json.load(f)
        self.path = path
        self.names = {}
        self.emulator = self.slack = None
        self.calls = 0

    # ---- running ------------------------------------------------------------------------
    def __enter__(self):
        self.emulator = Emulator()
        self.slack = SlackSink()
        self.names.update(endpoint=self.emulator.endpoint, slack_url=self.slack.url)
        self.lookup = LookupEvents(self.spec["lookup_events"]) if "lookup_events" in self.spec else None
        if self.lookup:
            self.names["lookup_events_url"] = self.lookup.url
        with open(self.event_path) as f:
            self.names["event"] = json.load(f)
        return self

    def __exit__(self, *exc):
        if getattr(self, "lookup", None):
            self.lookup.stop()
        if self.slack:
            self.slack.stop()
        if self.emulator:
            self.emulator.stop()

    def setup(self):
        for step in self._steps(self.spec.get("setup", []), os.path.dirname(self.path)):
            self._step(step)

    def _steps(self, steps, folder):
        for step in steps:
            if "include" in step:
                path = os.path.normpath(os.path.join(folder, step["include"]))
                with open(path) as f:
                    yield from self._steps(json.load(f)["setup"], os.path.dirname(path))
            else:
                yield {**step, "_folder": folder}

    def _step(self, step):
        if "invoke" in step:
            line = self.run(os.path.join(step["_folder"], step["invoke"]))
            if not line.get("ok"):
                raise RuntimeError(f"setup invocation of {step['invoke']} failed: {line.get('error')}")
            result = line["response"]
        else:
            service, method = step["call"].split(".", 1)
            client = self.emulator.client(service, step.get("account"))
            result = plain(getattr(client, method)(**substitute(step.get("args", {}), self.names)))
            self.calls += 1
        for name, path in step.get("save", {}).items():
            value = lookup(result, path)
            if value is None:
                raise RuntimeError(f"setup: {step.get('call') or step.get('invoke')} gave no {path}")
            self.names[name] = value

    def event_file(self, event_path, directory):
        """The event as it arrives in this emulator: `replace` applied to its text, and to the
        gzipped CloudWatch Logs data inside a subscription event."""
        with open(event_path) as f:
            text = f.read()
        replacements = sorted(substitute(self.spec.get("replace", {}), self.names).items(), key=lambda kv: -len(kv[0]))

        def apply(s):
            for old, new in replacements:
                s = s.replace(old, str(new))
            return s

        event = json.loads(apply(text))
        if isinstance(event, dict) and isinstance(event.get("awslogs"), dict) and replacements:
            data = gzip.decompress(base64.b64decode(event["awslogs"]["data"])).decode()
            event["awslogs"]["data"] = base64.b64encode(gzip.compress(apply(data).encode(), mtime=0)).decode()
        path = os.path.join(directory, "event-" + os.path.basename(event_path))
        with open(path, "w") as f:
            json.dump(event, f)
        return path

    def environment(self):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
               **self.emulator.env()}
        env.update({k: str(v) for k, v in substitute(self.spec.get("environment", {}), self.names).items()})
        return env

    def run(self, event_path, timeout=60):
        import tempfile
        with tempfile.TemporaryDirectory() as directory:
            path = self.event_file(event_path, directory)
            completed = subprocess.run(
                [os.path.join(self.bin_dir, "lambda-local"), "--timeout", str(timeout),
                 os.path.join(self.bin_dir, self.function), path],
                env=self.environment(), capture_output=True, text=True, timeout=timeout + 60)
        lines = [json.loads(l) for l in completed.stdout.splitlines() if l.startswith("{")]
        if not lines:
            raise RuntimeError(f"lambda-local gave no result (exit {completed.returncode}): {completed.stderr[-2000:]}")
        self.stderr = completed.stderr
        return lines[0]

    # ---- judging and showing ------------------------------------------------------------
    def mismatches(self, line):
        """(path, expected, actual) for each documented expectation the result does not meet.
        Paths are into the response; "error.errorType" and "ok" reach the result line itself."""
        expect = substitute(self.spec.get("expect", {}), self.names)
        found = []
        for path, expected in expect.items():
            actual = line.get("ok") if path == "ok" else (
                lookup(line, path) if path.startswith("error") else lookup(line.get("response"), path))
            if actual != expected:
                found.append((path, expected, actual))
        return found

    def read_back(self):
        """The scenario's `show` calls, made after the function ran: (label, value)."""
        shown = []
        for item in substitute(self.spec.get("show", []), self.names):
            service, method = item["call"].split(".", 1)
            try:
                value = plain(getattr(self.emulator.client(service, item.get("account")), method)(**item.get("args", {})))
                value = lookup(value, item["path"]) if item.get("path") else value
            except Exception as error:  # a read that fails is itself what changed (e.g. no policy left)
                value = f"{type(error).__name__}: {getattr(error, 'response', {}).get('Error', {}).get('Code', error)}"
            args = ", ".join(f"{k}={v}" for k, v in item.get("args", {}).items())
            shown.append((item.get("label") or f"{service} {method}({args})", value))
        return shown

    def findings(self):
        if self.environment().get("SECURITY_HUB") != "true":
            return []
        return [f"{f['Severity']['Label']} {f['RecordState']}: {f['Title']}"
                for f in self.emulator.client("securityhub").get_findings()["Findings"]]
