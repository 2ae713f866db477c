#!/usr/bin/env python3
"""make deploy STACK=<name> BUCKET=<artifacts bucket> [PARAMETERS="Key=Value ..."]

Uploads the packages in dist/ (only those not already in the bucket: a zip's key is its MD5,
and `make package` gives the same bytes for the same source) and creates or updates the stack.
Nothing changed: nothing is uploaded, no change set is executed, exit 0. The aws CLI's own
output is kept in dist/deploy.log and shown when a step fails.

Region, credentials and AWS_ENDPOINT_URL come from the environment, as for the aws CLI. Against
moto (no AWS account needed): the README's "Try the whole stack without an AWS account"."""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
AWS = os.path.join(os.path.dirname(sys.executable), "aws")


def aws(log, *args):
    """Runs the aws CLI quietly: (exit status, output); the output goes to the log too."""
    run = subprocess.run([AWS if os.path.exists(AWS) else "aws", *args], cwd=ROOT, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL)
    log.write(f"$ aws {' '.join(args)}\n{run.stdout}{run.stderr}\n")
    log.flush()
    return run.returncode, run.stdout + run.stderr


def template_parameters():
    """The template's parameters: {name: (type, default)}, from its Parameters section."""
    with open(os.path.join(ROOT, "template.yaml")) as f:
        text = f.read().split("\nParameters:\n", 1)[1].split("\nConditions:", 1)[0]
    found = {}
    for name, body in re.findall(r"^  (\w+):\n((?:    .*\n|\s*\n)*)", text + "\n", re.M):
        kind = re.search(r"^    Type: (\S+)", body, re.M)
        default = re.search(r"^    Default: (.*)$", body, re.M)
        value = default.group(1).strip() if default else None
        if value is not None and value[:1] == value[-1:] and value[:1] in "\"'" and len(value) >= 2:
            value = value[1:-1]
        found[name] = (kind.group(1) if kind else "String", value)
    return found


def by_value_parameters():
    """The template's list and number parameters."""
    return [name for name, (kind, _) in template_parameters().items() if kind in ("CommaDelimitedList", "Number")]


def deployed(stack):
    """(template text, {parameter: value}) of the stack as deployed, or None when there is none
    to update (never created, or deleted)."""
    import boto3
    from botocore.exceptions import ClientError
    cloudformation = boto3.client("cloudformation")
    try:
        description = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise
    if description["StackStatus"] in ("DELETE_COMPLETE", "REVIEW_IN_PROGRESS"):
        return None
    template = cloudformation.get_template(StackName=stack)["TemplateBody"]
    values = {p["ParameterKey"]: p.get("ParameterValue", "") for p in description.get("Parameters", [])}
    return (template if isinstance(template, str) else None), values


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stack", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--parameters", nargs="*", default=[])
    options = parser.parse_args(argv)
    os.makedirs(os.path.join(ROOT, "dist"), exist_ok=True)
    with open(os.path.join(ROOT, "dist", "deploy.log"), "w") as log:
        print(f"deploy: uploading to s3://{options.bucket} the packages it does not hold yet", file=sys.stderr)
        status, output = aws(log, "cloudformation", "package", "--template-file", "template.yaml",
                             "--s3-bucket", options.bucket, "--output-template-file", "dist/packaged.yaml")
        if status != 0:
            print(output.strip()[-2000:], file=sys.stderr)
            print("deploy: packaging FAILED (full output: dist/deploy.log)", file=sys.stderr)
            return 1
        uploads = len(set(re.findall(r"Uploading to (\S+)", output)))
        print(f"deploy: {uploads} file(s) uploaded" if uploads else "deploy: nothing to upload", file=sys.stderr)
        current = deployed(options.stack)
        parameters = dict(p.split("=", 1) for p in options.parameters)
        if current:
            template, previous = current
            with open(os.path.join(ROOT, "dist", "packaged.yaml")) as f:
                if f.read() == template and all(previous.get(k) == v for k, v in parameters.items()):
                    print(f"deploy: stack {options.stack} is up to date: nothing changed", file=sys.stderr)
                    return 0
            # List and Number parameters are passed on by value, the others keep theirs
            # (UsePreviousValue): the same to CloudFormation; moto's update would split a kept list
            # a second time, and take a kept number (4) for a change from its text ("4").
            parameters = {**{k: previous[k] for k in by_value_parameters() if k in previous}, **parameters}
        else:
            # Every parameter by value on creation, the defaults included: the same stack to
            # CloudFormation, and moto's later updates then see which parameters really changed.
            parameters = {**{k: d for k, (_, d) in template_parameters().items() if d is not None}, **parameters}
        options.parameters = [f"{k}={v}" for k, v in parameters.items()]
        print(f"deploy: {'updating' if current else 'creating'} stack {options.stack}", file=sys.stderr)
        # --s3-bucket: the template is over the 51,200 bytes CloudFormation takes inline.
        status, output = aws(log, "cloudformation", "deploy", "--template-file", "dist/packaged.yaml",
                             "--stack-name", options.stack, "--s3-bucket", options.bucket,
                             "--capabilities", "CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "--no-fail-on-empty-changeset",
                             *(["--parameter-overrides", *options.parameters] if options.parameters else []))
        if status != 0:
            print(output.strip()[-2000:], file=sys.stderr)
            print("deploy: FAILED (full output: dist/deploy.log)", file=sys.stderr)
            return 1
        if "No changes to deploy" in output:
            print(f"deploy: stack {options.stack} is up to date: nothing changed", file=sys.stderr)
        else:
            print(f"deploy: stack {options.stack} {'updated' if current else 'created'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
