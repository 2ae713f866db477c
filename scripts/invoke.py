#!/usr/bin/env python3
"""make invoke FUNCTION=<function> EVENT=events/<function>/<name>.json

Runs one function on one sample event against a local AWS emulator, on a machine with no AWS
account: starts moto on a loopback port, creates the AWS state the event refers to (the
scenario file beside the event), runs the function through lambda-local, prints its decision and
what changed (read back with boto3, an independent client), checks the decision the scenario
documents, and stops moto. Exit 0: the function answered as documented; 1: it did not.

  --brief   the decision's summary and what changed, not the whole response
WATCHPOST_BIN: where the executables are (default: `swift build --show-bin-path`)."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scenario import ROOT, Scenario, substitute  # noqa: E402
from summary import summarize  # noqa: E402


def compact(value, width=110):
    text = json.dumps(value, separators=(",", ":"), default=str)
    return text if len(text) <= width else text[:width - 3] + "..."


def main(argv):
    brief = "--brief" in argv
    args = [a for a in argv if a != "--brief"]
    if len(args) != 2:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    function, event = args
    if not os.path.exists(event):
        print(f"invoke: no event file {event}", file=sys.stderr)
        return 2
    bin_dir = os.environ.get("WATCHPOST_BIN") or subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    name = os.path.relpath(os.path.abspath(event), ROOT)
    with Scenario(function, event, bin_dir) as scenario:
        print(f"== {function} on {name}")
        print(f"   {scenario.spec.get('about', '')}")
        scenario.setup()
        print(f"   emulator: moto at {scenario.emulator.endpoint}, {scenario.calls} calls of setup "
              f"({os.path.relpath(scenario.path, ROOT)})")
        line = scenario.run(event)
        if line.get("ok"):
            for i, text in enumerate(summarize(function, line["response"])):
                print(f"{'decision: ' if i == 0 else ' ' * 10}{text}")
            if not brief:
                print("response:")
                print("  " + json.dumps(line["response"], indent=2, default=str).replace("\n", "\n  "))
        else:
            print(f"decision: error {line.get('error', {}).get('errorType')}: {line.get('error', {}).get('errorMessage')}")
        shown = scenario.read_back()
        if shown:
            print("read back with boto3 afterwards:")
            for label, value in shown:
                print(f"  {label}: {compact(value)}")
        for post in scenario.slack.posts:
            text = post.get("text") if isinstance(post, dict) else post
            print(f"Slack (local webhook sink) got: {text}")
        for finding in scenario.findings():
            print(f"Security Hub: {finding}")
        wrong = scenario.mismatches(line)
        for path, expected, actual in wrong:
            print(f"NOT AS DOCUMENTED: {path} is {compact(actual, 200)}, the scenario expects {compact(expected, 200)}")
        if wrong and scenario.stderr.strip():
            print("the function's log:\n" + scenario.stderr[-3000:])
        if not wrong:
            expected = substitute(scenario.spec.get("expect", {}), scenario.names)
            print(f"   as documented: {', '.join(f'{k}={compact(v, 60)}' for k, v in expected.items())}")
        return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
