"""The boundaries Package.swift draws, held: a function's core (and every module it builds on) cannot
reach AWS, because nothing it depends on, directly or not, is the AWS client; each module imports
only what it depends on; deployed code imports FoundationEssentials, never Foundation.

The manifest is read as SwiftPM resolves it (`swift package dump-package`); imports are read from
the sources. A core that gained `import AWSClient` fails here even when the build happens to
find the module (SwiftPM does not stop a target importing a module built for another)."""
import glob
import json
import os
import re
import subprocess

import pytest

from conftest import ROOT

# Modules that do I/O against AWS (or load the library that does).
AWS_SIDE = {"AWSClient", "Alerting", "Integrations", "CurlLoader", "CCurl"}
# The toolchain's own modules any target may import.
TOOLCHAIN = {"FoundationEssentials", "Synchronization", "Glibc", "Musl", "Darwin", "Dispatch", "_Concurrency"}
# Developer tools and tests may import Foundation; nothing deployed does.
TOOLS = {"lambda-local"}


@pytest.fixture(scope="module")
def targets():
    out = subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    manifest = json.loads(out)
    result = {}
    for target in manifest["targets"]:
        deps = []
        for dep in target["dependencies"]:
            kind, value = next(iter(dep.items()))
            deps.append(value[0] if kind in ("byName", "target") else value[0])
        result[target["name"]] = {"deps": deps, "type": target["type"], "path": target.get("path")}
    return result


def closure(targets, name):
    seen, stack = set(), [name]
    while stack:
        for dep in targets[stack.pop()]["deps"]:
            if dep in targets and dep not in seen:
                seen.add(dep)
                stack.append(dep)
    return seen


def pure(targets):
    return sorted(n for n in targets if n.endswith("Core") and targets[n]["type"] == "regular") + [
        "Primitives", "AWSModels", "SecurityEvents"]


def imports(path):
    found = set()
    for source in glob.glob(os.path.join(path, "**", "*.swift"), recursive=True):
        with open(source) as handle:
            for line in handle:
                match = re.match(r"^\s*(?:@testable\s+|@_implementationOnly\s+)?import\s+(?:struct\s+|enum\s+|func\s+)?(\w+)", line)
                if match:
                    found.add((match.group(1), os.path.relpath(source, ROOT)))
    return found


def source_dir(targets, name):
    if targets[name]["path"]:
        return os.path.join(ROOT, targets[name]["path"])
    folder = "Tests" if targets[name]["type"] == "test" else "Sources"
    return os.path.join(ROOT, folder, name)


def test_every_function_has_a_core_and_a_handler(targets):
    for function in ("BucketExposure", "LoginWatch", "Forensics", "PolicyGeneration"):
        assert function + "Core" in targets[function]["deps"], f"{function} is built on {function}Core"


def test_cores_cannot_reach_aws(targets):
    for name in pure(targets):
        reach = closure(targets, name) & AWS_SIDE
        assert not reach, f"{name} depends on {sorted(reach)}: a core decides, the handler calls AWS"


def test_modules_import_only_what_they_depend_on(targets):
    wrong = []
    for name, target in targets.items():
        if target["type"] in ("system-target", "test") or name == "TestSupport":
            continue
        allowed = closure(targets, name) | TOOLCHAIN | {name} | ({"Foundation"} if name in TOOLS else set())
        wrong += [f"{source}: import {module}" for module, source in imports(source_dir(targets, name)) if module not in allowed]
    assert not wrong, "imports outside the target's dependencies:\n" + "\n".join(sorted(wrong))


def test_the_check_fails_on_a_core_that_imports_the_client(targets, tmp_path):
    """The import check above reads real files; here it is shown to catch the one line it exists for."""
    core = tmp_path / "BucketExposureCore"
    core.mkdir()
    (core / "Leak.swift").write_text("import AWSClient\n")
    allowed = closure(targets, "BucketExposureCore") | TOOLCHAIN
    assert {m for m, _ in imports(str(core))} - allowed == {"AWSClient"}
