"""`make demo`, the README's first command, runs what it says: s3-policy-checker on the sample
public-bucket event against its own emulator, printing the decision and the finding it filed."""
import json
import os
import subprocess

from conftest import ROOT


def test_the_demo_shows_the_decision_and_the_finding():
    run = subprocess.run([os.path.join(ROOT, "scripts", "demo.sh")], cwd=ROOT, capture_output=True, text=True,
                         timeout=300, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stdout + run.stderr
    result, _, finding = run.stdout.rpartition("}\n")
    response = json.loads(result + "}")["response"]
    assert response["verdict"] == "public" and response["bucket"] == "watchpost-demo-public"
    assert [s["sid"] for s in response["publicStatements"]] == ["PublicReadForWebsite"]
    assert finding.strip() == "Security Hub: CRITICAL ACTIVE: S3 bucket watchpost-demo-public is public"
