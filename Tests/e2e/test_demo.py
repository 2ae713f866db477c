"""`make demo`, the README's first command, shows the four workflows on their sample events,
each against its own emulator: the public bucket and what would be done (a dry run), the
production SSH login posted to Slack (a local webhook sink), the GuardDuty finding that isolates
an instance its Auto Scaling group replaces, and the least-privilege policy from CloudTrail."""
import os
import re
import subprocess

from conftest import ROOT


def test_the_demo_shows_the_four_workflows(bin_dir):
    run = subprocess.run([os.path.join(ROOT, "scripts", "demo.sh")], cwd=ROOT, capture_output=True, text=True,
                         timeout=600, stdin=subprocess.DEVNULL, env={**os.environ, "WATCHPOST_BIN": bin_dir})
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert out.count("   as documented: ") == 4 and "NOT AS DOCUMENTED" not in out
    # 1. found, and what would be done; nothing done in a dry run; the finding filed.
    assert "decision: bucket watchpost-demo-public (account 123456789012): public" in out
    assert "block-public-access: skipped (dry run: would turn on the bucket's four Block Public Access settings)" in out
    assert "Security Hub: CRITICAL ACTIVE: S3 bucket watchpost-demo-public is public" in out
    # 2. the Slack message, as the local webhook received it.
    assert re.search(r"Slack \(local webhook sink\) got: 2 interactive logins to production: ec2-user on web-1 \(i-\w+\)", out)
    # 3. isolated, and the group runs a different instance now.
    isolated = re.search(r"decision: isolate (i-\w+) ", out).group(1)
    replacement = re.search(r"web-asg's instance now: \"(i-\w+)\"", out).group(1)
    assert replacement != isolated
    assert f"{isolated}'s interface groups now: " in out and "watchpost-isolation" in out
    # 4. the policy, from the trail's records.
    assert "least privilege: dynamodb:PutItem, s3:GetObject, s3:PutObject, sqs:SendMessage" in out
    assert out.rstrip().endswith("make help                                every target")
