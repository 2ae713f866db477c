#!/usr/bin/env bash
# make fuzz [FUZZ_SECONDS=180] [FUZZ_TARGETS="trail xml ..."]: builds Fuzz/ (its own package) with
# libFuzzer and AddressSanitizer, runs each harness for FUZZ_SECONDS on its committed corpus and
# dictionary, adds new corpus inputs to Fuzz/corpus/<family> (merged, minimised) and crashes,
# leaks and timeouts to Fuzz/findings/<family>. `make test` replays both (FuzzReplayTests).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-180}
families=${FUZZ_TARGETS:-"trail xml gzip events loglines slack bucketpolicy arn forensic"}
build=(swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing -Xswiftc -use-ld=lld)
"${build[@]}" >&2
bin="$("${build[@]}" --show-bin-path)/watchpost-fuzz"
declare -A dict=([trail]=json [events]=json [forensic]=json [bucketpolicy]=json [xml]=xml [gzip]=gzip
                 [loglines]=loglines [slack]=slack [arn]=arn)
for family in $families; do
    corpus=Fuzz/corpus/$family findings=Fuzz/findings/$family
    work=$(mktemp -d)
    mkdir -p "$corpus" "$findings"
    echo "fuzz: $family for ${seconds}s" >&2
    status=0
    "$bin" "$family" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -dict="Fuzz/dictionaries/${dict[$family]}.dict" -artifact_prefix="$findings/" "$work" "$corpus" \
        2> "$work.log" || status=$?
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+ *DONE' "$work.log" | sed "s/^/fuzz: $family: /" >&2 || true
    [[ $status -eq 0 ]] || { echo "fuzz: $family stopped with status $status; see $findings and $work.log" >&2; tail -30 "$work.log" >&2; }
    # Keep the new inputs that add coverage to the committed corpus (libFuzzer's merge runs this
    # program again; the harness passes the family on through WATCHPOST_FUZZ_FAMILY).
    before=$(ls "$corpus" | wc -l)
    "$bin" "$family" -merge=1 "$corpus" "$work" 2>"$work.merge.log" >/dev/null \
        || { echo "fuzz: $family: merging the new inputs failed; see $work.merge.log" >&2; continue; }
    echo "fuzz: $family: $(( $(ls "$corpus" | wc -l) - before )) new corpus inputs kept" >&2
    rm -rf "$work"
done
