#!/usr/bin/env bash
# make template-check: template.yaml must lint clean in both of its roles (cfn-lint with the
# serverless rules), pass checkov, and pass the IAM reviewers (parliament, cloudsplaining, cfripper)
# over every role of both stacks and every parameter set; every suppression carries its reason
# beside the resource.
set -euo pipefail
cd "$(dirname "$0")/.."

for role in "DeploymentRole=security-account" "DeploymentRole=member-account SecurityAccountId=111122223333"; do
    echo "cfn-lint ($role)"
    # shellcheck disable=SC2086
    cfn-lint --append-rules cfn_lint_serverless.rules --parameters $role -- template.yaml
done
echo "checkov"
# --skip-download: no network to the vendor's guideline service here or in CI.
.venv-checkers/bin/checkov --file template.yaml --framework cloudformation --quiet --compact --skip-download
echo "IAM reviewers (parliament, cloudsplaining, cfripper)"
.venv-iam/bin/python scripts/check-iam.py
