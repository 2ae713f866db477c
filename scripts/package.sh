#!/usr/bin/env bash
# Packages functions for the provided.al2023 runtime: for each FUNCTION, a release build with
# the Swift runtime linked statically and no $ORIGIN run path (system libraries come from the
# image, never from beside the bootstrap), stripped, zipped as dist/<FUNCTION>.zip with one file,
# `bootstrap` (mode 755), at its root; then scripts/check-package.sh checks every zip.
# echo-function is always packaged too: the package tests and `make bench` use it.
# Reproducible: the same source gives byte-identical zips (one fixed timestamp, no extra
# attributes: `zip -X`), so `make deploy` uploads and updates nothing when nothing changed.
# The compiler's output goes to .build/logs/package.log; one line per function is printed.
#   usage: scripts/package.sh FUNCTION...      (WATCHPOST_PACKAGE_DIR: where the zips go, default dist)
set -euo pipefail
cd "$(dirname "$0")/.."

functions=()
for f in "$@" echo-function; do
    [[ " ${functions[*]-} " == *" $f "* ]] || functions+=("$f")
done

build=(swift build -c release --static-swift-stdlib --disable-local-rpath)
mkdir -p .build/logs
log=.build/logs/package.log
: >"$log"
for f in "${functions[@]}"; do
    echo "package: building $f (release, static Swift runtime; output in $log)" >&2
    if ! "${build[@]}" --product "$f" >>"$log" 2>&1; then
        grep -E 'error:' "$log" | head -30 >&2
        echo "package: building $f FAILED; last lines of $log:" >&2
        tail -15 "$log" >&2
        exit 1
    fi
done
# One linker warning is left out of the summary, and only that one: the static Foundation-
# Essentials archive's Data+Writing object calls mktemp(3) (its atomic-write temporary file, which
# it then opens with O_CREAT|O_EXCL and retries, as mkstemp does; see the comment at that call in
# swift-foundation). Every use of Data pulls the object in (Data -> CocoaError -> FileManager ->
# Data+Writing), so it cannot be linked out. Any other warning is printed.
grep -E ': warning: ' "$log" | grep -vF "libFoundationEssentials.a(Data+Writing.swift.o)" | sort -u >&2 || true
bin=$("${build[@]}" --show-bin-path)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
dist=${WATCHPOST_PACKAGE_DIR:-dist}
mkdir -p "$dist"
dist=$(cd "$dist" && pwd)
zips=()
for f in "${functions[@]}"; do
    mkdir "$stage/$f"
    strip --strip-all -o "$stage/$f/bootstrap" "$bin/$f"
    chmod 755 "$stage/$f/bootstrap"
    TZ=UTC touch -t 198001010000 "$stage/$f/bootstrap"   # the zip format's earliest time
    rm -f "$dist/$f.zip"
    (cd "$stage/$f" && TZ=UTC zip -q -X "$dist/$f.zip" bootstrap)
    zips+=("$dist/$f.zip")
done

scripts/check-package.sh "${zips[@]}"
