#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with Swift lacks for building and testing watchpost,
# and only what is missing: safe to run on every `make test`, silent when nothing is to do.
set -euo pipefail

apt_packages=(libcurl4-openssl-dev zlib1g-dev zip unzip libcurl3-gnutls binutils python3-venv)
missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Python module -> PyPI requirement.
declare -A pip_packages=(
    [moto]="moto[server]"
    [flask_cors]="flask-cors"
    [boto3]="boto3"
    [pytest]="pytest"
    [awslambdaric]="awslambdaric"
    [detect_secrets]="detect-secrets"
    [cfnlint]="cfn-lint"
    [cfn_lint_serverless]="cfn-lint-serverless"
    [awscli]="awscli"
)
missing=()
for module in "${!pip_packages[@]}"; do
    python3 -c "import $module" 2>/dev/null || missing+=("${pip_packages[$module]}")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: pip installing ${missing[*]}" >&2
    python3 -m pip install -q "${missing[@]}" 2>/dev/null ||
        python3 -m pip install -q --break-system-packages "${missing[@]}"
fi

# checkov pins older boto3/botocore than moto wants: it lives in a virtualenv of its own.
tools=".build/tools-venv"
if [ ! -x "$tools/bin/checkov" ]; then
    echo "setup: installing checkov into $tools" >&2
    python3 -m venv "$tools"
    "$tools/bin/pip" install -q checkov
fi

# The IAM policy checkers test_escalation.py reads the Service Authorization Reference from
# (parliament's copy), pinned: their own virtualenv, apart from moto's and checkov's pins.
checkers=".venv-checkers"
if [ ! -x "$checkers/bin/parliament" ]; then
    echo "setup: installing parliament, cloudsplaining and cfripper into $checkers" >&2
    python3 -m venv "$checkers"
    "$checkers/bin/pip" install -q parliament==1.6.4 cloudsplaining==0.9.1 cfripper==1.22.1
fi
