#!/usr/bin/env bash
# make demo: the four workflows of watchpost, each on its sample event against a local AWS emulator
# (moto on a loopback port, started and stopped for each), through `make invoke`'s script: the
# state the event refers to is created from the scenario beside it, the function runs through
# lambda-local, and what it decided and changed is read back with boto3. `make demo` builds first.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${WATCHPOST_PYTHON:-.venv/bin/python}
export WATCHPOST_BIN=${WATCHPOST_BIN:-$(swift build --show-bin-path)}

workflows=(
    "s3-policy-checker events/s3-policy-checker/put-bucket-policy-public.json"
    "login-notifier events/login-notifier/amazon-linux-ssh-logins.json"
    "forensic-isolator events/forensic-isolator/guardduty-c2-via-sns.json"
    "policy-generator events/policy-generator/org-trail-s3-apply-managed.json"
)
status=0
for workflow in "${workflows[@]}"; do
    # shellcheck disable=SC2086
    "$python" scripts/invoke.py --brief $workflow || status=1
    echo
done
cat <<'NEXT'
Where to look next:
  make invoke FUNCTION=<function> EVENT=events/<function>/<name>.json   any sample event, with the whole response
  events/<function>/<name>.scenario.json   the AWS state each event is run against, and its documented decision
  README.md                                each function's settings, decisions and response; deploying the stack
  make help                                every target
NEXT
exit $status
