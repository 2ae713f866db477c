"""Every sample event runs with one command, `make invoke FUNCTION=... EVENT=...`, on a machine
with nothing but the build: scripts/invoke.py starts its own moto, creates the state the
scenario beside the event describes, runs the function through lambda-local, reads back what
changed, and checks the decision the scenario documents (exit 1 when it differs)."""
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "scripts"))
from scenario import sample_events, scenario_path  # noqa: E402

EVENTS = sample_events()


def test_every_event_has_a_scenario_that_documents_a_decision():
    assert len(EVENTS) >= 28
    for event in EVENTS:
        with open(scenario_path(event)) as f:
            scenario = json.load(f)
        assert scenario["about"] and scenario["expect"], event


@pytest.mark.parametrize("event", EVENTS, ids=[os.path.relpath(e, os.path.join(ROOT, "events")) for e in EVENTS])
def test_the_sample_event_gives_the_documented_decision(bin_dir, event):
    function = os.path.basename(os.path.dirname(event))
    run = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "invoke.py"), "--brief", function,
                          os.path.relpath(event, ROOT)], cwd=ROOT, env={**os.environ, "WATCHPOST_BIN": bin_dir},
                         capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "   as documented: " in run.stdout and "NOT AS DOCUMENTED" not in run.stdout


def test_a_decision_other_than_the_documented_one_fails(bin_dir, tmp_path):
    """The check can fail: the public-bucket event with its bucket left private is not as documented."""
    event = tmp_path / "put-bucket-policy-public.json"
    with open(os.path.join(ROOT, "events", "s3-policy-checker", "put-bucket-policy-public.json")) as f:
        event.write_text(f.read())
    with open(scenario_path(os.path.join(ROOT, "events", "s3-policy-checker", "put-bucket-policy-public.json"))) as f:
        scenario = json.load(f)
    scenario["setup"] = [step for step in scenario["setup"] if step.get("call") != "s3.put_bucket_policy"]
    (tmp_path / "put-bucket-policy-public.scenario.json").write_text(json.dumps(scenario))
    run = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "invoke.py"), "s3-policy-checker", str(event)],
                         cwd=ROOT, env={**os.environ, "WATCHPOST_BIN": bin_dir}, capture_output=True, text=True,
                         timeout=300, stdin=subprocess.DEVNULL)
    assert run.returncode == 1
    assert 'NOT AS DOCUMENTED: verdict is "not-public", the scenario expects "public"' in run.stdout


def test_an_html_error_page_is_not_in_the_error_message(moto, run_function):
    """moto has no LookupEvents and answers it with an HTML 500 page: the error message carries the
    page's text, one line, no markup."""
    event = {"principalArn": "arn:aws:iam::123456789012:role/ci-deploy", "start": "2026-11-16T00:00:00Z",
             "end": "2026-11-23T00:00:00Z", "source": "lookup-events", "regions": ["us-east-1"]}
    invocation = run_function("policy-generator", [event], env=moto.env(), timeout=120).invocations[0]
    assert not invocation.ok
    message = invocation.error["errorMessage"]
    assert invocation.error["errorType"] == "ActivityUnreadable" and message.startswith("LookupEvents: "), message
    assert "<" not in message and "\n" not in message and len(message) < 400, message
