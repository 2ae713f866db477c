#!/usr/bin/env python3
"""invoke-local.py FUNCTION_NAME EXECUTABLE EVENT_FILE: runs a deployed function's code as built
here, with the deployed function's environment, through lambda-local; prints lambda-local's
result line. An invoker for `make smoke` (WATCHPOST_SMOKE_INVOKE) where lambda:Invoke is not
available - moto without Docker - or to try a deployed configuration against the local build.

The function's environment comes from lambda:GetFunctionConfiguration; AWS_* settings of the
caller (region, credentials, AWS_ENDPOINT_URL) are passed on, and AWS_LAMBDA_FUNCTION_NAME is the
deployed name. WATCHPOST_BIN: where the executables are (default: `swift build --show-bin-path`)."""
import os
import subprocess
import sys

import boto3

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n")[0], file=sys.stderr)
        return 2
    name, executable, event = argv
    configuration = boto3.client("lambda").get_function_configuration(FunctionName=name)
    binaries = os.environ.get("WATCHPOST_BIN") or subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    env.update({k: v for k, v in os.environ.items() if k.startswith("AWS_")})
    env.update({k: str(v) for k, v in configuration.get("Environment", {}).get("Variables", {}).items()})
    env["AWS_LAMBDA_FUNCTION_NAME"] = name
    env.setdefault("AWS_REGION", boto3.session.Session().region_name or "us-east-1")
    timeout = str(configuration.get("Timeout", 30))
    return subprocess.run([os.path.join(binaries, "lambda-local"), "--timeout", timeout,
                           os.path.join(binaries, executable), event], env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
