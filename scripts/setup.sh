#!/usr/bin/env bash
# Installs what a Debian 12 machine with Swift lacks for one part of the work, and only what is
# missing: quick and silent when everything is there, so every make step can call it.
#   scripts/setup.sh build      Debian packages to build and package (libcurl, zlib, zip)
#   scripts/setup.sh venv       .venv: moto, boto3, pytest, awslambdaric, cfn-lint, ... (requirements/test.txt)
#   scripts/setup.sh checkers   .venv-checkers: checkov (requirements/checkers.txt); .venv-iam: parliament,
#                               cloudsplaining, cfripper (requirements/iam-reviewers.txt)
# Debian packages: as root they are installed (apt-get, noninteractive); as anyone else the
# exact command is printed and setup stops (it never calls sudo). Python tools live only in the
# project's virtual environments, made with Debian's python3 and python3-venv, never in the
# system Python. PYTHON: the interpreter the environments are made from (default /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-/usr/bin/python3}
[ -x "$python" ] || python=$(command -v python3 || true)
[ -n "$python" ] || { echo "setup: no python3; install it: apt-get install -y python3" >&2; exit 1; }

declare -A apt_for=(
    [build]="libcurl4-openssl-dev zlib1g-dev zip unzip libcurl3-gnutls binutils"
    [venv]="python3-venv"
    [checkers]="python3-venv"
)

# apt_install PACKAGE...: installs the missing ones, or says how to and stops.
apt_install() {
    local missing=() p
    command -v dpkg-query >/dev/null || return 0   # not Debian: the README's list applies
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: missing Debian packages. Run as root, then make again:" >&2
        echo "  apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "setup: apt-get installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    local log=/tmp/watchpost-setup-apt.log
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } </dev/null >"$log" 2>&1 \
        || { tail -20 "$log" >&2; echo "setup: apt-get failed (log: $log)" >&2; exit 1; }
}

# venv DIR REQUIREMENTS WHAT: DIR holds exactly REQUIREMENTS' pins (re-installed when the file changes).
venv() {
    local dir=$1 requirements=$2 what=$3 stamp="$1/.requirements.sha256"
    local want
    want=$(sha256sum "$requirements" | cut -d' ' -f1)
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
    echo "setup: installing $what into $dir ($requirements; a minute or two the first time)" >&2
    [ -x "$dir/bin/python" ] || "$python" -m venv "$dir"
    "$dir/bin/python" -m pip install --disable-pip-version-check -q -r "$requirements" </dev/null
    echo "$want" >"$stamp"
}

[ $# -gt 0 ] || set -- build venv checkers
for part in "$@"; do
    case $part in
        build) apt_install ${apt_for[build]} ;;
        venv)
            apt_install ${apt_for[venv]}
            venv .venv requirements/test.txt "the test tools (moto, boto3, pytest, cfn-lint, ...)"
            ;;
        checkers)
            apt_install ${apt_for[checkers]}
            venv .venv-checkers requirements/checkers.txt "checkov"
            venv .venv-iam requirements/iam-reviewers.txt "the IAM reviewers (parliament, cloudsplaining, cfripper)"
            ;;
        *) echo "setup: unknown part '$part' (build, venv, checkers)" >&2; exit 2 ;;
    esac
done
