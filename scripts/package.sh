#!/usr/bin/env bash
# Packages functions for the provided.al2023 runtime: for each FUNCTION, a release build with
# the Swift runtime linked statically and no $ORIGIN run path (system libraries come from the
# image, never from beside the bootstrap), stripped, zipped as dist/<FUNCTION>.zip with one file,
# `bootstrap` (mode 755), at its root; then scripts/check-package.sh checks every zip.
# echo-function is always packaged too: the package tests and `make bench` use it.
#   usage: scripts/package.sh FUNCTION...
set -euo pipefail
cd "$(dirname "$0")/.."

functions=()
for f in "$@" echo-function; do
    [[ " ${functions[*]-} " == *" $f "* ]] || functions+=("$f")
done

build=(swift build -c release --static-swift-stdlib --disable-local-rpath)
for f in "${functions[@]}"; do
    echo "package: building $f (release, static Swift runtime)" >&2
    "${build[@]}" --product "$f" >&2
done
bin=$("${build[@]}" --show-bin-path)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p dist
zips=()
for f in "${functions[@]}"; do
    mkdir "$stage/$f"
    strip --strip-all -o "$stage/$f/bootstrap" "$bin/$f"
    chmod 755 "$stage/$f/bootstrap"
    rm -f "dist/$f.zip"
    (cd "$stage/$f" && zip -q -X "$OLDPWD/dist/$f.zip" bootstrap)
    zips+=("dist/$f.zip")
    echo "package: dist/$f.zip ($(stat -c %s "dist/$f.zip") bytes)" >&2
done

scripts/check-package.sh "${zips[@]}"
