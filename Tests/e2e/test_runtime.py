"""The LambdaRuntime loop end to end: the echo function (a typed handler whose behaviour the
event chooses) run through lambda-local, and against scripted Runtime API servers for what
lambda-local cannot show (the Runtime API failing, SIGTERM)."""
import http.server
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time

import pytest

from conftest import free_port


def test_a_response_is_returned(run_function):
    run = run_function("echo-function", [{"echo": {"bucket": "b", "n": [1, 2.5, None, True]}}])
    assert run.returncode == 0, run.stderr
    [invocation] = run.invocations
    assert invocation.ok
    assert invocation.response == {"bucket": "b", "n": [1, 2.5, None, True]}


def test_a_thrown_error_is_reported_with_its_type(run_function):
    run = run_function("echo-function", [{"fail": "the bucket is on fire"}])
    assert run.returncode == 1, run.stderr
    [invocation] = run.invocations
    assert not invocation.ok
    assert invocation.error == {"errorType": "EchoFailure", "errorMessage": "the bucket is on fire"}


def test_an_undecodable_event_names_its_field_and_the_loop_serves_the_next(run_function):
    run = run_function("echo-function", [
        {"log": {"level": "info"}},
        {"sleep": "soon"},
        b"not json at all",
        {"echo": "still here"},
    ])
    # 1, not 2: the process lived on (a crash would be Runtime.ExitError and status 2).
    assert run.returncode == 1, run.stderr
    missing, mistyped, garbage, good = run.invocations
    assert missing.error == {"errorType": "InvalidEvent", "errorMessage": "log: key 'message' not found"}
    assert mistyped.error["errorType"] == "InvalidEvent"
    assert mistyped.error["errorMessage"].startswith("sleep: Expected to decode Int")
    assert garbage.error["errorType"] == "InvalidEvent"
    assert "not valid JSON" in garbage.error["errorMessage"]
    assert good.ok and good.response == "still here"


def test_the_context_carries_the_invocation_headers(run_function):
    started = time.monotonic()
    run = run_function("echo-function", [{"context": True}, {"context": True}], timeout=20)
    elapsed_ms = (time.monotonic() - started) * 1000
    invocation, second = run.invocations
    context = invocation.response
    # The exported trace id follows the invocation in progress.
    assert second.response["traceEnvironment"] == second.response["traceId"] != context["traceId"]
    assert context["requestId"] == invocation.raw["requestId"]
    assert context["invokedFunctionArn"] == "arn:aws:lambda:us-east-1:123456789012:function:echo-function"
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0", context["traceId"])
    assert context["traceEnvironment"] == context["traceId"]  # _X_AMZN_TRACE_ID for the invocation
    # The deadline is the 20 s timeout from when the event was handed out: no more than that
    # remains, and no less than 20 s minus the whole run (a bound from what was measured, not a
    # guess at speed; 2 ms for the whole-millisecond deadline and reading).
    assert 20_000 - elapsed_ms - 2 <= context["remainingMs"] <= 20_000


def test_an_init_error_is_posted_and_the_process_exits(run_function):
    run = run_function("echo-function", [{"echo": 1}], env={"ECHO_FAIL_INIT": "1"})
    assert run.returncode == 2
    [invocation] = run.invocations
    assert invocation.error == {"errorType": "Runtime.InitError",
                                "errorMessage": "EchoInitFailure: ECHO_FAIL_INIT is set"}


def test_a_response_too_large_becomes_the_invocations_error(run_function):
    run = run_function("echo-function", [{"big": 7_000_000}, {"echo": "after"}])
    assert run.returncode == 1, run.stderr
    big, after = run.invocations
    assert big.error["errorType"] == "Function.ResponseSizeTooLarge"
    # Reported by the runtime itself, quoting the Runtime API's refusal.
    assert "refused by the Runtime API" in big.error["errorMessage"]
    assert "RequestEntityTooLarge" in big.error["errorMessage"]
    assert after.ok and after.response == "after"


def test_a_response_just_under_the_limit_is_accepted(run_function):
    run = run_function("echo-function", [{"big": 6_000_000}])
    assert run.returncode == 0, run.stderr
    assert len(run.invocations[0].response) == 6_000_000 - 2


def test_json_log_lines_carry_level_and_request_id_and_obey_the_level(run_function):
    run = run_function("echo-function", [
        {"log": {"level": "info", "message": "quiet"}},
        {"log": {"level": "warn", "message": "loud", "fields": {"bucket": "b"}}},
    ], env={"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "WARN"})
    assert run.returncode == 0, run.stderr
    lines = [json.loads(l) for l in run.stderr.splitlines() if l.startswith("{")]
    messages = [l["message"] for l in lines]
    assert "quiet" not in messages
    [loud] = [l for l in lines if l["message"] == "loud"]
    assert loud["level"] == "WARN"
    assert loud["requestId"] == run.invocations[1].raw["requestId"]
    assert loud["bucket"] == "b"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", loud["timestamp"])


def test_plain_log_lines_by_default(run_function):
    run = run_function("echo-function", [{"log": {"level": "info", "message": "plain"}}])
    [line] = [l for l in run.stderr.splitlines() if "plain" in l]
    timestamp, request_id, level, message = line.split("\t")
    assert request_id == run.invocations[0].raw["requestId"]
    assert (level, message) == ("INFO", "plain")


def test_a_crash_is_an_exit_error_and_the_next_event_gets_a_fresh_process(run_function):
    run = run_function("echo-function", [{"exit": 3}, {"echo": "reborn"}])
    assert run.returncode == 2
    crash, reborn = run.invocations
    assert crash.error["errorType"] == "Runtime.ExitError"
    assert "exit status 3" in crash.error["errorMessage"]
    assert reborn.ok and reborn.response == "reborn"


def test_a_slow_invocation_times_out(run_function):
    run = run_function("echo-function", [{"sleep": 5000}], timeout=1)
    assert run.returncode == 2
    assert run.invocations[0].error["errorType"] == "Sandbox.Timedout"


# --- Scripted Runtime API servers -------------------------------------------------------------

class ScriptedRuntimeAPI:
    """A Runtime API whose `next` answers come from a list: ("event", body) hands out an
    event, ("status", code) fails, ("hang", None) never answers. Records every request."""

    def __init__(self, script, protocol="HTTP/1.0", post_statuses=()):
        self.script = list(script)
        self.post_statuses = list(post_statuses)  # answers to successive POSTs, then 202
        self.requests = []
        self.client_ports = []
        self.release = threading.Event()
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = protocol

            def log_message(self, *args):
                pass

            def do_GET(self):
                api.requests.append(("GET", self.path, b""))
                api.client_ports.append(self.client_address[1])
                kind, value = api.script.pop(0) if api.script else ("hang", None)
                if kind == "hang":
                    api.release.wait(30)
                    return
                if kind == "event":
                    body = json.dumps(value).encode()
                    self.send_response(200)
                    self.send_header("Lambda-Runtime-Aws-Request-Id", f"req-{len(api.requests)}")
                    self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30_000))
                    self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:f")
                else:
                    body = b'{"errorType":"ServiceError"}'
                    self.send_response(value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                api.requests.append(("POST", self.path, self.rfile.read(length)))
                api.client_ports.append(self.client_address[1])
                self.send_response(api.post_statuses.pop(0) if api.post_statuses else 202)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.address = f"127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted_api():
    servers = []

    def make(script, **options):
        servers.append(ScriptedRuntimeAPI(script, **options))
        return servers[-1]

    yield make
    for server in servers:
        server.stop()


def start_bootstrap(bin_dir, runtime_api):
    env = {"PATH": os.environ["PATH"], "AWS_LAMBDA_RUNTIME_API": runtime_api}
    return subprocess.Popen([os.path.join(bin_dir, "echo-function")], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_next_failing_with_a_server_error_exits_non_zero(bin_dir, scripted_api):
    api = scripted_api([("event", {"echo": "first"}), ("status", 500)])
    process = start_bootstrap(bin_dir, api.address)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode != 0
    assert "Runtime API answered 500" in stderr
    # The first event was served and answered before the Runtime API failed.
    assert ("POST", "/2018-06-01/runtime/invocation/req-1/response", b'"first"') in api.requests


def test_one_kept_alive_connection_serves_every_request(bin_dir, scripted_api):
    api = scripted_api([("event", {"echo": 1}), ("event", {"fail": "x"}), ("event", {"echo": 3}),
                        ("status", 500)], protocol="HTTP/1.1")
    process = start_bootstrap(bin_dir, api.address)
    process.communicate(timeout=30)
    assert len(api.requests) == 7  # 3 x (next + outcome) + the failing next
    assert len(set(api.client_ports)) == 1
    assert api.requests[3][1] == "/2018-06-01/runtime/invocation/req-3/error"
    assert json.loads(api.requests[3][2]) == {"errorMessage": "x", "errorType": "EchoFailure", "stackTrace": []}


def test_an_outcome_refused_with_a_4xx_is_logged_and_the_loop_goes_on(bin_dir, scripted_api):
    api = scripted_api([("event", {"echo": 1}), ("event", {"echo": 2}), ("status", 500)], post_statuses=[403])
    process = start_bootstrap(bin_dir, api.address)
    _, stderr = process.communicate(timeout=30)
    assert [r[1] for r in api.requests if r[0] == "POST"] == [
        "/2018-06-01/runtime/invocation/req-1/response", "/2018-06-01/runtime/invocation/req-3/response"]
    assert "Runtime API refused the outcome" in stderr


def test_an_outcome_refused_with_a_5xx_exits_non_zero(bin_dir, scripted_api):
    api = scripted_api([("event", {"echo": 1}), ("event", {"echo": 2})], post_statuses=[500])
    process = start_bootstrap(bin_dir, api.address)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode != 0
    assert "Runtime API answered 500" in stderr
    assert len(api.requests) == 2  # next, the refused response, and no further next


def test_the_runtime_api_going_away_exits_non_zero(bin_dir):
    process = start_bootstrap(bin_dir, f"127.0.0.1:{free_port()}")  # nothing listens there
    _, stderr = process.communicate(timeout=30)
    assert process.returncode != 0
    assert "Runtime API unreachable" in stderr


def test_sigterm_while_waiting_for_an_event_ends_the_loop_cleanly(bin_dir, scripted_api):
    api = scripted_api([("event", {"echo": 1})])  # then `next` hangs
    process = start_bootstrap(bin_dir, api.address)
    deadline = time.time() + 20
    while len(api.requests) < 3 and time.time() < deadline:  # next, response, next
        time.sleep(0.02)
    assert len(api.requests) == 3, api.requests
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=10)
    assert process.returncode == 0


def test_sigterm_during_an_invocation_lets_it_finish_then_ends_the_loop(bin_dir, scripted_api):
    # The handler logs, then sleeps: its log line on stderr says the invocation is under way.
    api = scripted_api([("event", {"log": {"level": "info", "message": "handler started"}, "sleep": 1500, "echo": "finished"}),
                        ("event", {"echo": "never"})])
    process = start_bootstrap(bin_dir, api.address)
    seen = []
    for line in process.stderr:  # blocks until the line comes (or the process ends)
        seen.append(line)
        if "handler started" in line:
            break
    assert any("handler started" in line for line in seen), seen
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=10)
    assert process.returncode == 0
    assert [r[:2] for r in api.requests] == [
        ("GET", "/2018-06-01/runtime/invocation/next"),
        ("POST", "/2018-06-01/runtime/invocation/req-1/response"),
    ]
    assert api.requests[1][2] == b'"finished"'


def test_a_missing_runtime_api_setting_is_a_clear_error(bin_dir):
    process = subprocess.run([os.path.join(bin_dir, "echo-function")], env={"PATH": os.environ["PATH"]},
                             capture_output=True, text=True, timeout=30)
    assert process.returncode != 0
    assert "AWS_LAMBDA_RUNTIME_API" in process.stderr
