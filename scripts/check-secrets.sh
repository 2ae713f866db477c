#!/usr/bin/env bash
# make secrets: detect-secrets over every tracked file; fails on any finding that is not in the
# committed, audited .secrets.baseline as a false positive ("is_secret": false). Only test
# vectors and AWS's documented example keys may be marked so. Findings are matched by file and
# hashed secret, not line number, so moving code does not invalidate the audit.
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
# Lines that only name the scanner itself ("check-secrets.sh", "detect-secrets") trip the keyword
# detector; they hold no value that could be a secret.
NAMING_THE_SCANNER = r"check-secrets\.sh|detect[-_]secrets"
scan = json.loads(subprocess.run(["detect-secrets", "scan", "--exclude-lines", NAMING_THE_SCANNER, *files],
                                 capture_output=True, check=True, text=True).stdout)
try:
    with open(BASELINE) as f:
        baseline = json.load(f)
except FileNotFoundError:
    baseline = {"results": {}}

audited = {(r["filename"], r["hashed_secret"]): r.get("is_secret")
           for results in baseline["results"].values() for r in results}

if sys.argv[1:] == ["--update"]:
    for results in scan["results"].values():
        for r in results:
            mark = audited.get((r["filename"], r["hashed_secret"]))
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
        mark = audited.get((r["filename"], r["hashed_secret"]))
        if mark is None:
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
