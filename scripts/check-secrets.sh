#!/usr/bin/env bash
# make secrets: detect-secrets over every tracked file; fails on any finding that is not in the
# committed, audited .secrets.baseline as a false positive ("is_secret": false). Only test
# vectors and AWS's documented example keys may be marked so. Findings are matched by their
# hashed value, not by line or file: the audit says "this value is not a secret", and
# detect-secrets reports a value repeated across files in only one of them, depending on the
# set of files scanned.
#   scripts/check-secrets.sh            check (make test runs this)
#   scripts/check-secrets.sh --update   rewrite the baseline from a fresh scan, keeping audit
#                                       marks; new findings stay unaudited (and fail) until a
#                                       person reviews them and sets "is_secret": false.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 - "$@" <<'PY'
import json, subprocess, sys

BASELINE = ".secrets.baseline"
files = [f for f in subprocess.run(["git", "ls-files", "-z"], capture_output=True, check=True,
                                   text=True).stdout.split("\0") if f and f != BASELINE]
# Lines that hold no value that could be a secret, though the keyword detector trips on them:
# those that only name the scanner itself, and CloudFormation settings whose value is an
# intrinsic function (`SLACK_SIGNING_SECRET_PARAMETER: !Ref ...`), a reference, not a literal.
NOT_A_VALUE = [r"check-secrets\.sh|detect[-_]secrets",
               r":\s*!(Ref|Not|Equals|And|Or|If|Condition|GetAtt|Sub|Join|Select|FindInMap|ImportValue)\b"]
exclusions = [argument for pattern in NOT_A_VALUE for argument in ("--exclude-lines", pattern)]
scan = json.loads(subprocess.run(["detect-secrets", "scan", *exclusions, *files],
                                 capture_output=True, check=True, text=True).stdout)
try:
    with open(BASELINE) as f:
        baseline = json.load(f)
except FileNotFoundError:
    baseline = {"results": {}}

audited = {}
for results in baseline["results"].values():
    for r in results:
        # A value is a false positive only if every audit of it says so.
        mark = r.get("is_secret")
        audited[r["hashed_secret"]] = mark if audited.get(r["hashed_secret"], mark) == mark else None

if sys.argv[1:] == ["--update"]:
    for results in scan["results"].values():
        for r in results:
            mark = audited.get(r["hashed_secret"])
            if mark is not None:
                r["is_secret"] = mark
    scan.pop("generated_at", None)
    with open(BASELINE, "w") as f:
        json.dump(scan, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"check-secrets: {BASELINE} rewritten; audit any finding without \"is_secret\": false")
    sys.exit(0)

problems = []
for results in scan["results"].values():
    for r in results:
        mark = audited.get(r["hashed_secret"], "absent")
        if mark == "absent":
            problems.append(f"{r['filename']}:{r['line_number']}: {r['type']} not in {BASELINE}")
        elif mark is not False:
            problems.append(f"{r['filename']}:{r['line_number']}: {r['type']} is not audited as a false positive")
for problem in problems:
    print(f"check-secrets: {problem}", file=sys.stderr)
if problems:
    print("check-secrets: remove the secret; or, for a test vector or AWS example key only, run "
          "scripts/check-secrets.sh --update and mark it \"is_secret\": false", file=sys.stderr)
    sys.exit(1)
count = sum(len(r) for r in scan["results"].values())
print(f"check-secrets: {len(files)} tracked files, {count} findings, all audited false positives")
PY
