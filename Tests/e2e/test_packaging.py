"""Packaging for provided.al2023, checked on the real release build: zip layout, the
check-package rules (and that they do reject what Amazon Linux 2023 could not run), the
bootstrap running from its zip, and libcurl loaded by soname: Debian's GnuTLS build serves as
well as its OpenSSL one, and a libcurl that is missing or broken is a clear error."""
import http.server
import json
import os
import re
import shutil
import stat
import subprocess
import threading
import zipfile

import pytest

from conftest import ROOT

CHECK = os.path.join(ROOT, "scripts", "check-package.sh")


def packaged_functions():
    """The Makefile's FUNCTIONS, plus echo-function, which package.sh always adds."""
    with open(os.path.join(ROOT, "Makefile")) as makefile:
        line = next(l for l in makefile if l.startswith("FUNCTIONS :="))
    return line.split(":=", 1)[1].split() + ["echo-function"]


@pytest.fixture(scope="session")
def echo_bootstrap(dist, tmp_path_factory):
    folder = tmp_path_factory.mktemp("echo-package")
    with zipfile.ZipFile(os.path.join(dist, "echo-function.zip")) as archive:
        archive.extractall(folder)
    path = folder / "bootstrap"
    path.chmod(0o755)  # extractall does not restore modes; the zip's own is checked below
    return str(path)


def check(*zips):
    return subprocess.run([CHECK, *zips], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("function", packaged_functions())
def test_each_zip_holds_one_executable_bootstrap_at_its_root(dist, function):
    with zipfile.ZipFile(os.path.join(dist, f"{function}.zip")) as archive:
        [entry] = archive.infolist()
        assert entry.filename == "bootstrap"
        mode = entry.external_attr >> 16
        assert stat.S_ISREG(mode)
        assert stat.S_IMODE(mode) == 0o755


def test_every_package_passes_the_provided_al2023_check(dist):
    zips = [os.path.join(dist, f"{f}.zip") for f in packaged_functions()]
    result = check(*zips)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": ok") == len(zips)


def test_the_same_source_gives_byte_identical_zips(dist, tmp_path):
    """Packaged twice, the second time after the product's sources changed on disk (so it is
    compiled and linked again), echo-function's zip is the same bytes as in dist/. The build's
    output is summarized: no linker warning about mktemp (see package.sh for why it is left out)."""
    main = os.path.join(ROOT, "Sources", "echo-function", "main.swift")
    os.utime(main)  # new modification time, same content: SwiftPM rebuilds the product
    result = subprocess.run([os.path.join(ROOT, "scripts", "package.sh"), "echo-function"], cwd=ROOT,
                            env={**os.environ, "WATCHPOST_PACKAGE_DIR": str(tmp_path)},
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr
    assert "mktemp" not in result.stdout + result.stderr
    with open(os.path.join(dist, "echo-function.zip"), "rb") as a, open(tmp_path / "echo-function.zip", "rb") as b:
        assert a.read() == b.read()
    with zipfile.ZipFile(tmp_path / "echo-function.zip") as archive:
        [entry] = archive.infolist()
        assert entry.date_time == (1980, 1, 1, 0, 0, 0) and entry.extra == b""


def test_the_bootstrap_defines_hypotf_itself_and_needs_no_glibc_2_35(echo_bootstrap):
    symbols = subprocess.run(["objdump", "-T", echo_bootstrap], capture_output=True, text=True, check=True).stdout
    hypotf = [l for l in symbols.splitlines() if re.search(r"\shypotf$", l)]
    assert hypotf and all("*UND*" not in l and ".text" in l for l in hypotf), hypotf
    assert "GLIBC_2.35" not in symbols and "GLIBC_2.36" not in symbols


def test_the_packaged_bootstrap_runs(run_function, echo_bootstrap):
    run = run_function(echo_bootstrap, [{"echo": {"from": "the zip"}}, {"fail": "typed"}])
    assert [i.ok for i in run.invocations] == [True, False], run.stderr
    assert run.invocations[0].response == {"from": "the zip"}
    assert run.invocations[1].error["errorType"] == "EchoFailure"


# --- The check rejects what provided.al2023 could not run ------------------------------------

def c_compiler():
    compiler = shutil.which("clang") or shutil.which("cc") or shutil.which("gcc")
    assert compiler, "no C compiler (the Swift toolchain ships clang)"
    return compiler


def build_zip(tmp_path, source, *link_args, strip=True, name="bootstrap", mode=0o755, extra=None):
    folder = tmp_path / "build"
    folder.mkdir(exist_ok=True)
    (folder / "main.c").write_text(source)
    binary = folder / "program"
    subprocess.run([c_compiler(), "-O1", "-o", str(binary), str(folder / "main.c"), *link_args],
                   check=True, capture_output=True)
    if strip:
        subprocess.run(["strip", "--strip-all", str(binary)], check=True)
    path = tmp_path / "candidate.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo(name)
        info.external_attr = (stat.S_IFREG | mode) << 16
        archive.writestr(info, binary.read_bytes())
        if extra:
            archive.writestr(extra, "x")
    return str(path)


HYPOTF = "#include <math.h>\n#include <stdlib.h>\nint main(int c, char **v) { return (int)hypotf(atof(v[0]), 2.0f); }\n"
PLAIN = "int main(void) { return 0; }\n"


def test_the_check_accepts_a_plain_stripped_executable(tmp_path):
    result = check(build_zip(tmp_path, PLAIN))
    assert result.returncode == 0, result.stderr


def test_the_check_rejects_glibc_2_35_hypotf(tmp_path):
    result = check(build_zip(tmp_path, HYPOTF, "-lm"))
    assert result.returncode != 0
    assert "needs GLIBC_2.35 from libm.so.6" in result.stderr


def test_the_check_rejects_a_library_outside_the_base_image_and_versioned_curl(tmp_path):
    source = "const char *curl_version(void);\nint main(void) { return curl_version()[0] == 0; }\n"
    result = check(build_zip(tmp_path, source, "/usr/lib/x86_64-linux-gnu/libcurl-gnutls.so.4"))
    assert result.returncode != 0
    assert "needs libcurl-gnutls.so.4, which provided.al2023 does not have" in result.stderr
    assert "binds versioned libcurl symbol CURL_GNUTLS_3" in result.stderr


def test_the_check_rejects_symbols_left_in(tmp_path):
    result = check(build_zip(tmp_path, PLAIN, strip=False))
    assert result.returncode != 0
    assert "not stripped" in result.stderr


def test_the_check_rejects_a_run_path(tmp_path):
    result = check(build_zip(tmp_path, PLAIN, "-Wl,-rpath,$ORIGIN"))
    assert result.returncode != 0
    assert "run path: [$ORIGIN]" in result.stderr


@pytest.mark.parametrize("options, message", [
    ({"mode": 0o644}, "mode is -rw-r--r--"),
    ({"name": "function/bootstrap"}, "exactly 'bootstrap'"),
    ({"extra": "README"}, "exactly 'bootstrap'"),
])
def test_the_check_rejects_a_bad_layout(tmp_path, options, message):
    result = check(build_zip(tmp_path, PLAIN, **options))
    assert result.returncode != 0
    assert message in result.stderr


# --- libcurl is loaded by soname at run time: any distribution's build serves -----------------

DEBIAN_LIBS = "/usr/lib/x86_64-linux-gnu"


@pytest.fixture
def web_page(tmp_path):
    """A local page served by Python's http.server: its URL."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.txt").write_text("hello through libcurl\n")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Quiet(*a, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/page.txt"
    server.shutdown()
    server.server_close()


def test_an_http_get_goes_through_the_systems_libcurl(run_function, echo_bootstrap, web_page):
    run = run_function(echo_bootstrap, [{"httpGet": web_page}])
    assert run.returncode == 0, run.stderr
    response = run.invocations[0].response
    assert (response["status"], response["body"]) == ("200", "hello through libcurl\n")
    assert os.path.realpath(response["libcurl"]) == os.path.realpath(f"{DEBIAN_LIBS}/libcurl.so.4")


def test_debians_gnutls_libcurl_serves_too(run_function, echo_bootstrap, web_page, tmp_path):
    gnutls = f"{DEBIAN_LIBS}/libcurl-gnutls.so.4"
    versions = subprocess.run(["readelf", "-V", "--wide", gnutls], capture_output=True, text=True, check=True).stdout
    assert "CURL_GNUTLS_3" in versions and "CURL_OPENSSL_4" not in versions  # a differently versioned build
    folder = tmp_path / "gnutls"
    folder.mkdir()
    (folder / "libcurl.so.4").symlink_to(gnutls)
    run = run_function(echo_bootstrap, [{"httpGet": web_page}], env={"LD_LIBRARY_PATH": str(folder)})
    assert run.returncode == 0, run.stderr
    response = run.invocations[0].response
    assert (response["status"], response["body"]) == ("200", "hello through libcurl\n")
    assert os.path.realpath(response["libcurl"]) == os.path.realpath(gnutls)


def test_a_libcurl_that_does_not_load_is_a_clear_error(run_function, echo_bootstrap, web_page, tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "libcurl.so.4").write_bytes(b"")  # found first, and not a library
    run = run_function(echo_bootstrap, [{"httpGet": web_page}, {"echo": "alive"}],
                       env={"LD_LIBRARY_PATH": str(folder)})
    failed, alive = run.invocations
    assert "libcurl.so.4 could not be loaded" in failed.error["errorMessage"], failed.error
    assert alive.ok  # the process lives on


def test_a_missing_libcurl_is_a_clear_error(bin_dir, echo_bootstrap, web_page, tmp_path):
    """Hides the system's libcurl in a private mount namespace: the folder of system libraries is
    replaced by a copy holding only what lambda-local and the bootstrap link, not libcurl."""
    if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("no mount namespaces here (unshare -m needs privileges)")
    lambda_local = os.path.join(bin_dir, "lambda-local")
    libraries = tmp_path / "libs"
    libraries.mkdir()
    for program in (lambda_local, echo_bootstrap):
        for line in subprocess.run(["ldd", program], capture_output=True, text=True, check=True).stdout.splitlines():
            match = re.search(r"(/\S+)", line.split("=>")[-1])
            if match and os.path.dirname(os.path.realpath(match.group(1))) == DEBIAN_LIBS:
                shutil.copy(os.path.realpath(match.group(1)), libraries / os.path.basename(match.group(1)))
    assert not list(libraries.glob("libcurl*"))
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"httpGet": web_page}))
    script = f'mount --bind "{libraries}" {DEBIAN_LIBS} && exec "{lambda_local}" "{echo_bootstrap}" "{event}"'
    run = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=60,
                         env={"PATH": os.environ["PATH"]})
    [line] = [json.loads(l) for l in run.stdout.splitlines() if l.startswith("{")]
    assert not line["ok"]
    assert "libcurl.so.4 could not be loaded" in line["error"]["errorMessage"]
    assert "cannot open shared object file" in line["error"]["errorMessage"]
