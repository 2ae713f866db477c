"""Shared fixtures for the end-to-end tests: real executables, a real Runtime API server
(lambda-local), a real AWS emulator (moto in server mode on a loopback port) and an
independent client (boto3) to check what a function did.

The Swift products are built by `make test` before pytest runs; WATCHPOST_BIN overrides
where they are looked up (default: `swift build --show-bin-path`)."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# The tools beside this interpreter (the project's .venv: aws, cfn-lint, moto_server) come first,
# for the tests and the scripts they start: `.venv/bin/python -m pytest` needs no activated venv.
os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
EVENTS = os.path.join(ROOT, "events")
REGION = "us-east-1"
# AWS's documented example keys: never real credentials.
EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def _bin_dir():
    if os.environ.get("WATCHPOST_BIN"):
        return os.environ["WATCHPOST_BIN"]
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return out.stdout.strip()


@pytest.fixture(scope="session")
def bin_dir():
    return _bin_dir()


@pytest.fixture(scope="session")
def dist():
    """dist/ as `make package` left it: `make test` packages first and says so through
    WATCHPOST_DIST; run alone, this builds the packages once for the session."""
    if os.environ.get("WATCHPOST_DIST"):
        return os.environ["WATCHPOST_DIST"]
    subprocess.run(["make", "--no-print-directory", "package"], cwd=ROOT, check=True, timeout=3600)
    return os.path.join(ROOT, "dist")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    """moto in server mode on a free loopback port, owned by the test session."""

    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("moto server did not start")

    def reset(self):
        urllib.request.urlopen(urllib.request.Request(self.endpoint + "/moto-api/reset",
                                                      method="POST"))

    def enable_auth(self):
        """From now on moto verifies signatures and IAM permissions: create keys first."""
        urllib.request.urlopen(urllib.request.Request(
            self.endpoint + "/moto-api/reset-auth", data=b"0", method="POST",
            headers={"Content-Type": "text/plain"}))

    def client(self, service, **kwargs):
        kwargs.setdefault("aws_access_key_id", EXAMPLE_KEY_ID)
        kwargs.setdefault("aws_secret_access_key", EXAMPLE_SECRET)
        return boto3.client(service, region_name=kwargs.pop("region_name", REGION),
                            endpoint_url=self.endpoint, **kwargs)

    def env(self, **extra):
        """The environment a function needs to talk to this emulator."""
        env = {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": EXAMPLE_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": EXAMPLE_SECRET,
            "AWS_REGION": REGION,
        }
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def moto_server():
    server = MotoServer()
    yield server
    server.stop()


@pytest.fixture
def moto(moto_server):
    """A moto server with empty state for this test."""
    moto_server.reset()
    return moto_server


@pytest.fixture
def fresh_moto():
    """A moto server of this test's own (for request authentication, which cannot be undone)."""
    server = MotoServer()
    yield server
    server.stop()


class Invocation:
    def __init__(self, line):
        self.raw = line
        self.event = line.get("event")
        self.ok = line.get("ok")
        self.response = line.get("response")
        self.error = line.get("error")

    def __repr__(self):
        return json.dumps(self.raw)


class Run:
    def __init__(self, completed):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.invocations = [Invocation(json.loads(l)) for l in completed.stdout.splitlines()
                            if l.startswith("{")]


@pytest.fixture
def run_function(bin_dir, tmp_path):
    """Runs a function executable through lambda-local on event files or event objects.

    `events` items are paths (absolute, or relative to events/) or dicts/strings written to
    temporary files. Only the given `env` (plus PATH and HOME) reaches the function."""

    def run(function, events, env=None, timeout=30, extra_args=()):
        paths = []
        for i, event in enumerate(events):
            if isinstance(event, (dict, list)):
                path = tmp_path / f"event-{i}.json"
                path.write_text(json.dumps(event))
                paths.append(str(path))
            elif isinstance(event, bytes):
                path = tmp_path / f"event-{i}.json"
                path.write_bytes(event)
                paths.append(str(path))
            else:
                paths.append(event if os.path.isabs(event) else os.path.join(EVENTS, event))
        process_env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
        process_env.update(env or {})
        completed = subprocess.run(
            [os.path.join(bin_dir, "lambda-local"), "--timeout", str(timeout), *extra_args,
             os.path.join(bin_dir, function), *paths],
            env=process_env, capture_output=True, text=True, timeout=timeout * len(paths) + 60)
        return Run(completed)

    return run
