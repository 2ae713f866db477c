#!/usr/bin/env bash
# Checks Lambda zips for the provided.al2023 runtime and fails if any would not run there:
#   - the zip holds exactly one file, `bootstrap`, mode 755, at its root;
#   - bootstrap is a stripped x86-64/arm64 ELF executable without RPATH/RUNPATH (libraries
#     come from the image; a run path would let a bundled library shadow the system's);
#   - it needs no shared library outside the base image's (libc, libm, libdl, libpthread,
#     librt, libstdc++, libgcc_s, libz, libcurl, the loader);
#   - no symbol version above AL2023's: GLIBC 2.34, GLIBCXX 3.4.29, CXXABI 1.3.13 (GCC 11),
#     GCC 7.0.0 (libgcc_s), ZLIB 1.2.11; and no versioned libcurl symbol at all, since each
#     distribution versions its libcurl differently (it is loaded by soname at run time).
#   usage: scripts/check-package.sh ZIP...
set -euo pipefail

allowed_libraries=" libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libstdc++.so.6 libgcc_s.so.1 libz.so.1 libcurl.so.4 ld-linux-x86-64.so.2 ld-linux-aarch64.so.1 "
declare -A maximum_version=([GLIBC]=2.34 [GLIBCXX]=3.4.29 [CXXABI]=1.3.13 [GCC]=7.0.0 [ZLIB]=1.2.11)

# version_le A B: A <= B in version order.
version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n1)" = "$2" ]; }

[ $# -gt 0 ] || { echo "usage: $0 ZIP..." >&2; exit 64; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for zip in "$@"; do
    problems=()
    entries=$(unzip -Z1 "$zip")
    if [ "$entries" != "bootstrap" ]; then
        problems+=("zip must hold exactly 'bootstrap' at its root, holds: $(echo $entries)")
    else
        mode=$(unzip -Z "$zip" bootstrap | awk '{print $1}')
        [ "$mode" = "-rwxr-xr-x" ] || problems+=("bootstrap mode is $mode, not -rwxr-xr-x (755)")
        rm -rf "$work/x" && mkdir "$work/x" && unzip -q "$zip" -d "$work/x"
        bootstrap="$work/x/bootstrap"
        header=$(readelf -h "$bootstrap" 2>&1) || true
        if ! grep -qE 'Type:[[:space:]]+(EXEC|DYN)' <<<"$header"; then
            problems+=("bootstrap is not an ELF executable")
        else
            grep -qE 'Machine:[[:space:]]+(Advanced Micro Devices X86-64|AArch64)' <<<"$header" ||
                problems+=("bootstrap is not for x86-64 or arm64")
            readelf -S --wide "$bootstrap" | grep -q '\.symtab' && problems+=("bootstrap is not stripped")
            readelf -d --wide "$bootstrap" | grep -qE '\((RPATH|RUNPATH)\)' &&
                problems+=("bootstrap has a run path: $(readelf -d "$bootstrap" | grep -E 'R(UN)?PATH' | sed 's/.*: //')")
            for library in $(readelf -d --wide "$bootstrap" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
                [[ "$allowed_libraries" == *" $library "* ]] ||
                    problems+=("needs $library, which provided.al2023 does not have")
            done
            # .gnu.version_r: "File: libm.so.6 ..." then "Name: GLIBC_2.29 ..." per version.
            while read -r file version; do
                name=${version%%_*} number=${version#*_}
                if [[ "$file" == libcurl* ]]; then
                    problems+=("binds versioned libcurl symbol $version from $file")
                elif [ -n "${maximum_version[$name]-}" ] && [[ "$number" =~ ^[0-9.]+$ ]]; then
                    version_le "$number" "${maximum_version[$name]}" ||
                        problems+=("needs $version from $file (provided.al2023 has ${name}_${maximum_version[$name]})")
                fi
            done < <(readelf -V --wide "$bootstrap" | awk '
                /Version needs section/ { needs = 1; next }
                /section/ { needs = 0 }
                needs && /File:/ { for (i = 1; i < NF; i++) if ($i == "File:") file = $(i + 1) }
                needs && /Name:/ { for (i = 1; i < NF; i++) if ($i == "Name:") print file, $(i + 1) }')
        fi
    fi
    if [ ${#problems[@]} -eq 0 ]; then
        echo "check-package: $zip: ok"
    else
        failed=1
        for p in "${problems[@]}"; do echo "check-package: $zip: $p" >&2; done
    fi
done
exit $failed
