#!/usr/bin/env bash
# make template-check: template.yaml must lint clean in both of its roles (cfn-lint with the
# serverless rules) and pass checkov, every suppression carrying its reason beside the resource.
set -euo pipefail
cd "$(dirname "$0")/.."

for role in "DeploymentRole=security-account" "DeploymentRole=member-account SecurityAccountId=111122223333"; do
    echo "cfn-lint ($role)"
    # shellcheck disable=SC2086
    cfn-lint --append-rules cfn_lint_serverless.rules --parameters $role -- template.yaml
done
echo "checkov"
# --skip-download: no network to the vendor's guideline service here or in CI.
.build/tools-venv/bin/checkov --file template.yaml --framework cloudformation --quiet --compact --skip-download
