"""lambda-local follows the Runtime API specification, not just our own client: here AWS's own
Python runtime interface client (awslambdaric) is the bootstrap."""
import json
import subprocess
import os
import sys
import textwrap

import pytest

HANDLER = textwrap.dedent('''
    import os

    def handler(event, context):
        if "fail" in event:
            raise ValueError(event["fail"])
        return {
            "echo": event.get("echo"),
            "requestId": context.aws_request_id,
            "functionArn": context.invoked_function_arn,
            "remainingMs": context.get_remaining_time_in_millis(),
            "functionName": os.environ["AWS_LAMBDA_FUNCTION_NAME"],
            "region": os.environ["AWS_REGION"],
            "watchpostSetting": os.environ.get("WATCHPOST_MEMBER_ROLE"),
            "endpoint": os.environ.get("AWS_ENDPOINT_URL_S3"),
        }
''')


@pytest.fixture
def awslambdaric_bootstrap(tmp_path):
    """A function folder whose bootstrap starts awslambdaric on handler.handler."""
    folder = tmp_path / "python-function"
    folder.mkdir()
    (folder / "handler.py").write_text(HANDLER)
    bootstrap = folder / "bootstrap"
    # The test's own interpreter, by absolute path: the function sees only PATH and HOME.
    bootstrap.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m awslambdaric "${{HANDLER_SPEC:-handler.handler}}"\n')
    bootstrap.chmod(0o755)
    return str(bootstrap)


def test_awslambdaric_serves_several_events_including_an_error(run_function, awslambdaric_bootstrap):
    env = {"WATCHPOST_MEMBER_ROLE": "custom-role", "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:1",
           "AWS_REGION": "eu-west-1"}
    run = run_function(awslambdaric_bootstrap, [{"echo": 1}, {"fail": "no such bucket"}, {"echo": [2, "x"]}],
                       env=env, timeout=20)
    assert run.returncode == 1, run.stderr
    first, failed, third = run.invocations
    assert first.ok and third.ok
    assert first.response["echo"] == 1 and third.response["echo"] == [2, "x"]
    assert first.response["requestId"] == first.raw["requestId"]
    assert first.response["requestId"] != third.response["requestId"]
    assert first.response["functionArn"] == "arn:aws:lambda:eu-west-1:123456789012:function:python-function"
    assert first.response["functionName"] == "python-function"
    assert 0 < first.response["remainingMs"] <= 20_000
    # The caller's settings and endpoints pass through; the region is the caller's.
    assert first.response["watchpostSetting"] == "custom-role"
    assert first.response["endpoint"] == "http://127.0.0.1:1"
    assert first.response["region"] == "eu-west-1"
    assert not failed.ok
    assert failed.error["errorType"] == "ValueError"
    assert failed.error["errorMessage"] == "no such bucket"


def test_awslambdaric_init_error_is_reported_as_such(run_function, awslambdaric_bootstrap):
    run = run_function(awslambdaric_bootstrap, [{"echo": 1}], env={"HANDLER_SPEC": "missing_module.handler"},
                       timeout=20)
    assert run.returncode == 2
    [invocation] = run.invocations
    assert invocation.error["errorType"] == "Runtime.InitError"
    assert "missing_module" in invocation.error["errorMessage"]


def test_a_bootstrap_that_cannot_start_is_reported(run_function, tmp_path):
    run = run_function(str(tmp_path / "no-such-bootstrap"), [{"echo": 1}])
    assert run.returncode == 2
    assert run.invocations[0].error["errorType"] == "Runtime.InvalidEntrypoint"


def test_bad_arguments_are_a_usage_error(bin_dir):
    run = subprocess.run([os.path.join(bin_dir, "lambda-local"), "--timeout", "soon", "x", "y"],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 64
    assert "--timeout" in run.stderr
    assert run.stdout == ""
