#!/usr/bin/env bash
# make bench: size, start-up, memory and warm-rate figures of the packaged functions, printed
# beside the targets of the design (issue 3). Reads dist/ (make bench packages first).
#   - zip size and stripped bootstrap size;
#   - exec -> first `next`, exec -> first response, peak RSS: median of BENCH_RUNS cold runs
#     through lambda-local on a trivial event;
#   - warm invocations per second through one bootstrap over loopback, lambda-local and the
#     bootstrap pinned to one CPU (taskset: ping-pong across CPUs is ~3x slower here), median
#     of 3 runs; the same for awslambdaric with a no-op Python handler, as a ratio;
#   - for echo-function, peak RSS once libcurl is loaded (an HTTP GET through AWSClient).
# Figures from a shared machine vary from run to run; tests check behaviour, never these.
#   usage: scripts/bench.sh FUNCTION...
set -euo pipefail
cd "$(dirname "$0")/.."

build=(swift build -c release --static-swift-stdlib --disable-local-rpath)
"${build[@]}" --product lambda-local >&2
export BENCH_LAMBDA_LOCAL="$("${build[@]}" --show-bin-path)/lambda-local"

python3 - "$@" <<'PY'
import http.server, json, os, shutil, statistics, subprocess, sys, tempfile, threading, zipfile

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
WARM = int(os.environ.get("BENCH_WARM", "20000"))
PY_WARM = int(os.environ.get("BENCH_PY_WARM", "5000"))
LOCAL = os.environ["BENCH_LAMBDA_LOCAL"]
CPU = os.environ.get("BENCH_CPU", "0")
MB = 1_000_000  # sizes on disk in MB; memory in MiB (the kernel counts KiB)

functions = list(dict.fromkeys(sys.argv[1:] + ["echo-function"]))
work = tempfile.mkdtemp(prefix="watchpost-bench-")


def write_event(name, event):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        json.dump(event, f)
    return path


def bench(bootstrap, event, warm, pinned):
    """One lambda-local --bench run: its figures, or the reason it failed."""
    command = [LOCAL, "--timeout", "30", "--bench", str(warm), bootstrap, event]
    if pinned:
        command = ["taskset", "-c", CPU] + command
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        return None, (run.stderr.strip().splitlines() or ["exit %d" % run.returncode])[-1]
    return json.loads(run.stdout), None


def median_of(bootstrap, event, warm, pinned, runs):
    results = []
    for _ in range(runs):
        figures, failure = bench(bootstrap, event, warm, pinned)
        if failure:
            return None, failure
        results.append(figures)
    keys = ["execToFirstNextMs", "execToFirstResponseMs", "peakRSSKiB", "warmPerSecond", "errors"]
    return {k: statistics.median(r[k] for r in results) for k in keys}, None


def mark(ok):
    return "ok" if ok else "MISSED"


trivial = write_event("trivial.json", {"echo": "ok"})
rows = []
warm_rates = {}
for function in functions:
    zip_path = os.path.join("dist", f"{function}.zip")
    if not os.path.exists(zip_path):
        print(f"bench: {zip_path} is missing (make bench packages first)", file=sys.stderr)
        sys.exit(1)
    folder = os.path.join(work, function)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    bootstrap = os.path.join(folder, "bootstrap")
    os.chmod(bootstrap, 0o755)
    zip_size = os.path.getsize(zip_path)
    row = {"function": function, "zip": zip_size, "bootstrap": os.path.getsize(bootstrap)}
    cold, failure = median_of(bootstrap, trivial, 0, False, RUNS)
    if failure:
        row["failure"] = failure
    else:
        row.update(cold)
        warm, failure = median_of(bootstrap, trivial, WARM, True, 3)
        if failure:
            row["failure"] = "warm: " + failure
        else:
            row["warm"] = warm["warmPerSecond"]
            warm_rates[function] = warm["warmPerSecond"]
    rows.append(row)

# awslambdaric with a no-op handler, through the same lambda-local, pinned the same way.
python_folder = os.path.join(work, "awslambdaric")
os.makedirs(python_folder)
with open(os.path.join(python_folder, "noop.py"), "w") as f:
    f.write("def handler(event, context):\n    return {}\n")
python_bootstrap = os.path.join(python_folder, "bootstrap")
with open(python_bootstrap, "w") as f:
    f.write(f'#!/bin/sh\nexec "{sys.executable}" -m awslambdaric noop.handler\n')
os.chmod(python_bootstrap, 0o755)
python_warm, python_failure = median_of(python_bootstrap, trivial, PY_WARM, True, 3)


# Peak RSS once libcurl is loaded: echo-function GETs a local page through AWSClient.
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def curl_rss():
    with open(os.path.join(work, "page.txt"), "w") as f:
        f.write("hello\n")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Quiet(*a, directory=work))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        event = write_event("http.json", {"httpGet": f"http://127.0.0.1:{server.server_address[1]}/page.txt"})
        bootstrap = os.path.join(work, "echo-function", "bootstrap")
        # First make sure the GET really went through libcurl, then measure.
        check = subprocess.run([LOCAL, bootstrap, event], capture_output=True, text=True, timeout=60)
        line = json.loads(check.stdout.splitlines()[0]) if check.stdout.strip() else {}
        response = line.get("response")
        if not (isinstance(response, dict) and response.get("status") == "200" and "libcurl" in response.get("libcurl", "")):
            return None, f"the GET did not go through libcurl: {line.get('error') or response}"
        figures, failure = median_of(bootstrap, event, 0, False, 3)
        return (figures or {}).get("peakRSSKiB"), failure
    finally:
        server.shutdown()


curl_peak, curl_failure = curl_rss()

print()
print(f"watchpost bench: cold figures are medians of {RUNS} runs; warm: {WARM} invocations x 3 runs "
      f"on CPU {CPU} (taskset), median")
print(f"{'function':<20}{'zip':>10}{'bootstrap':>11}{'exec->next':>12}{'exec->resp':>12}{'peak RSS':>11}{'warm/s':>9}")
for row in rows:
    line = f"{row['function']:<20}{row['zip'] / MB:>8.2f}MB{row['bootstrap'] / MB:>9.2f}MB"
    if "execToFirstNextMs" in row:
        line += f"{row['execToFirstNextMs']:>10.2f}ms{row['execToFirstResponseMs']:>10.2f}ms"
        line += f"{row['peakRSSKiB'] / 1024:>8.1f}MiB"
        line += f"{row['warm']:>9,.0f}" if "warm" in row else ""
    if "failure" in row:
        line += f"   (not measured: {row['failure']})"
    print(line)

print()
print("targets:")
for row in rows:
    checks = [f"zip {row['zip'] / MB:.2f} MB <= 6 MB: {mark(row['zip'] <= 6 * MB)}"]
    if "execToFirstNextMs" in row:
        checks.append(f"exec->first next {row['execToFirstNextMs']:.2f} ms <= 5 ms: {mark(row['execToFirstNextMs'] <= 5)}")
        checks.append(f"peak RSS {row['peakRSSKiB'] / 1024:.1f} MiB <= 12 MiB: {mark(row['peakRSSKiB'] <= 12 * 1024)}")
    print(f"  {row['function']}: " + "; ".join(checks))
if curl_peak:
    print(f"  echo-function with libcurl loaded: peak RSS {curl_peak / 1024:.1f} MiB <= 20 MiB: {mark(curl_peak <= 20 * 1024)}")
else:
    print(f"  echo-function with libcurl loaded: not measured ({curl_failure})")
if python_warm:
    rate = python_warm["warmPerSecond"]
    print(f"  awslambdaric, no-op Python handler: {rate:,.0f} warm invocations/s (about 7,800/s measured in issue 3)")
    for function, swift_rate in warm_rates.items():
        print(f"  {function}: {swift_rate / rate:.1f}x awslambdaric's warm rate, target >= 2x: {mark(swift_rate >= 2 * rate)}")
else:
    print(f"  awslambdaric: not measured ({python_failure})")
shutil.rmtree(work, ignore_errors=True)
PY
