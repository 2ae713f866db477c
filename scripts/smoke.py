#!/usr/bin/env python3
"""make smoke STACK=<name>: proves a deployed watchpost stack is live, without changing anything.

It reads the stack (status, outputs, resources), invokes each function once on an event that
cannot make it act, reads back what each one said, and checks the alarms and the dead-letter
queue. Every AWS call goes through one guard that lets only reads (and lambda:Invoke) through,
and everything touched is printed at the end.

The events:
  s3-policy-checker   a CloudTrail "PutBucketPublicAccessBlock" event naming the stack's own
                      evidence bucket (private: nothing to alert on, nothing to fix)
  login-notifier      a CloudWatch Logs batch holding one sshd line that is not a login
  forensic-isolator   {"instanceId": "i-00000000000000000"}: no such instance, so it must fail
                      with InstanceNotFound before any step (the error proves it reached EC2)
  policy-generator    a request for its own role over a 91-day LookupEvents window: refused
                      with InvalidWindow before any call (a real run would write the generated
                      policy to the evidence bucket and post a summary, so it is not made)

WATCHPOST_SMOKE_INVOKE swaps how a function is invoked: a command run as
`COMMAND FUNCTION_NAME EXECUTABLE EVENT_FILE` that prints one lambda-local result line
(`{"ok": ..., "response" | "error": ...}`); scripts/invoke-local.py is one (the built binaries,
with the deployed function's environment, through lambda-local). Unset: lambda:Invoke.

Exit status: 0 when every check passed, 1 when one failed, 2 on bad usage or no such stack.
"""
import argparse
import base64
import datetime
import gzip
import json
import os
import shlex
import subprocess
import sys
import tempfile

import boto3
import botocore.exceptions

FUNCTIONS = {  # logical id in the template -> executable
    "S3PolicyChecker": "s3-policy-checker",
    "LoginNotifier": "login-notifier",
    "ForensicIsolator": "forensic-isolator",
    "PolicyGenerator": "policy-generator",
}
# Which alarms the template gives each function: (namespace, metric, dimension name).
EXPECTED_ALARMS = {
    logical: [("watchpost", "ActionsFailed", "Function"), ("AWS/Lambda", "Errors", "FunctionName")]
    for logical in FUNCTIONS
}
EXPECTED_ALARMS["ForensicIsolator"].append(("watchpost", "Decision.isolate", "Function"))

# The only operations smoke may call: reads, and Invoke on the events above.
ALLOWED = {
    "cloudformation": {"DescribeStacks", "ListStackResources"},
    "lambda": {"GetFunctionConfiguration", "Invoke"},
    "cloudwatch": {"DescribeAlarms"},
    "sqs": {"GetQueueAttributes"},
    "s3": {"HeadBucket"},
    "sts": {"GetCallerIdentity"},
}
NO_INSTANCE = "i-00000000000000000"
SAYS = {"S3PolicyChecker": "a PutBucketPublicAccessBlock event about the evidence bucket",
        "LoginNotifier": "one sshd line that is no login",
        "ForensicIsolator": f"instance {NO_INSTANCE}, which does not exist",
        "PolicyGenerator": "its own role over a 91-day window, refused unread"}


class Touched:
    """Every AWS call made, refused unless it is one of ALLOWED: smoke cannot change anything."""

    def __init__(self):
        self.calls = []

    def guard(self, model, params, **_):
        service = model.service_model.service_name
        if model.name not in ALLOWED.get(service, ()):
            raise RuntimeError(f"smoke refuses {service}:{model.name}: it only reads")
        target = next((str(params[k]) for k in ("StackName", "FunctionName", "QueueUrl", "Bucket", "AlarmNames")
                       if k in params), "")
        self.calls.append(f"{service}:{model.name} {target}".strip())

    def client(self, session, service):
        client = session.client(service)
        client.meta.events.register("before-parameter-build", self.guard)
        return client


class Smoke:
    def __init__(self, stack, session, invoker=None):
        self.stack = stack
        self.session = session
        self.invoker = invoker
        self.touched = Touched()
        self.failures = []
        self.clients = {}

    def aws(self, service):
        if service not in self.clients:
            self.clients[service] = self.touched.client(self.session, service)
        return self.clients[service]

    def check(self, ok, what, detail=""):
        print(f"  {'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail else ""))
        if not ok:
            self.failures.append(what)
        return ok

    # ------------------------------------------------------------------ the stack
    def read_stack(self):
        cfn = self.aws("cloudformation")
        stack = cfn.describe_stacks(StackName=self.stack)["Stacks"][0]
        self.status = stack["StackStatus"]
        self.outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
        self.parameters = {p["ParameterKey"]: p.get("ParameterValue", "") for p in stack.get("Parameters", [])}
        self.resources = []
        for page in cfn.get_paginator("list_stack_resources").paginate(StackName=self.stack):
            self.resources += page["StackResourceSummaries"]
        self.physical = {r["LogicalResourceId"]: r.get("PhysicalResourceId") for r in self.resources}
        self.resources = list({r["LogicalResourceId"]: r for r in self.resources}.values())
        self.region = self.session.region_name
        print(f"stack {self.stack} ({self.region}): {self.status}, {len(self.resources)} resources, "
              f"role {self.parameters.get('DeploymentRole', 'security-account')}")
        self.check(self.status in ("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE"), "stack is complete", self.status)
        unhealthy = [f"{r['LogicalResourceId']} {r['ResourceStatus']}" for r in self.resources
                     if not r["ResourceStatus"].endswith("_COMPLETE")]
        self.check(not unhealthy, "every resource is complete", ", ".join(unhealthy))

    def is_security_account(self):
        return self.parameters.get("DeploymentRole", "security-account") == "security-account"

    def function_name(self, logical):
        return self.outputs.get(f"{logical}Name") or self.physical.get(logical)

    # ------------------------------------------------------------------ the functions
    def events(self, account, configurations):
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        evidence = self.outputs.get("EvidenceBucketName") or self.physical.get("EvidenceBucket")
        log_batch = {"messageType": "DATA_MESSAGE", "owner": account, "logGroup": "/watchpost/smoke",
                     "logStream": "watchpost-smoke", "subscriptionFilters": ["watchpost-smoke"],
                     "logEvents": [{"id": "0", "timestamp": int(now.timestamp() * 1000),
                                    "message": f"{now:%b %d %H:%M:%S} watchpost-smoke sshd[1]: Server listening on 0.0.0.0 port 22."}]}
        role = configurations["PolicyGenerator"]["Role"]
        return {
            "S3PolicyChecker": {
                "version": "0", "id": "watchpost-smoke", "detail-type": "AWS API Call via CloudTrail", "source": "aws.s3",
                "account": account, "time": f"{now:%Y-%m-%dT%H:%M:%SZ}", "region": self.region, "resources": [],
                "detail": {
                    "eventVersion": "1.10", "eventTime": f"{now:%Y-%m-%dT%H:%M:%SZ}", "eventSource": "s3.amazonaws.com",
                    "eventName": "PutBucketPublicAccessBlock", "awsRegion": self.region, "sourceIPAddress": "192.0.2.1",
                    "userIdentity": {"type": "AssumedRole", "arn": f"arn:aws:sts::{account}:assumed-role/watchpost-smoke/smoke",
                                     "accountId": account},
                    "requestParameters": {"bucketName": evidence, "PublicAccessBlockConfiguration": {
                        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}},
                    "responseElements": None, "eventID": "watchpost-smoke", "readOnly": False, "eventType": "AwsApiCall",
                    "recipientAccountId": account,
                    "resources": [{"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{evidence}"}]}},
            "LoginNotifier": {"awslogs": {"data": base64.b64encode(gzip.compress(json.dumps(log_batch).encode())).decode()}},
            "ForensicIsolator": {"instanceId": NO_INSTANCE, "reason": "watchpost smoke test: no such instance"},
            "PolicyGenerator": {"principalArn": role, "source": "lookup-events", "regions": [self.region],
                                "start": f"{now - datetime.timedelta(days=91):%Y-%m-%dT%H:%M:%SZ}",
                                "end": f"{now:%Y-%m-%dT%H:%M:%SZ}"},
        }

    def invoke(self, name, executable, event):
        if self.invoker:
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                json.dump(event, f)
            try:
                command = shlex.split(self.invoker)
                if command[0].endswith(".py"):  # a Python script runs with this interpreter (the project's .venv)
                    command = [sys.executable, *command]
                run = subprocess.run([*command, name, executable, f.name],
                                     capture_output=True, text=True, timeout=300)
            finally:
                os.unlink(f.name)
            lines = [l for l in run.stdout.splitlines() if l.startswith("{")]
            if not lines:
                return {"ok": False, "error": {"errorType": "InvokerFailed", "errorMessage": run.stderr.strip()[-500:]}}
            line = json.loads(lines[-1])
            return {"ok": bool(line.get("ok")), "response": line.get("response"), "error": line.get("error")}
        result = self.aws("lambda").invoke(FunctionName=name, Payload=json.dumps(event).encode())
        raw = result["Payload"].read()
        try:
            payload = json.loads(raw)
        except ValueError:
            # moto answers lambda:Invoke with nothing when it cannot run functions (it needs Docker).
            return {"ok": False, "error": {"errorType": "NoAnswer", "errorMessage":
                    f"lambda:Invoke answered {raw[:80]!r}, not JSON; against moto without Docker set "
                    "WATCHPOST_SMOKE_INVOKE=scripts/invoke-local.py to run the built executables "
                    "with the deployed configuration"}}
        if result.get("FunctionError"):
            return {"ok": False, "error": payload}
        return {"ok": True, "response": payload}

    def functions(self):
        lam = self.aws("lambda")
        configurations = {}
        for logical in FUNCTIONS:
            name = self.function_name(logical)
            configurations[logical] = lam.get_function_configuration(FunctionName=name)
        account = self.aws("sts").get_caller_identity()["Account"]
        events = self.events(account, configurations)
        print("functions")
        for logical, executable in FUNCTIONS.items():
            configuration = configurations[logical]
            name = configuration["FunctionName"]
            variables = configuration.get("Environment", {}).get("Variables", {})
            settings = ", ".join(f"{k}={variables[k]}" for k in ("DRY_RUN", "REMEDIATION", "SECURITY_HUB", "EVENT_BUS_NAME")
                                 if k in variables)
            print(f"  {executable}: {name} ({configuration.get('Runtime')}, {configuration.get('State', 'Active')}; {settings})")
            result = self.invoke(name, executable, events[logical])
            self.touched.calls.append(f"invoked {name} with {SAYS[logical]}")
            self.report_delivery(name, result)
            getattr(self, "judge_" + executable.replace("-", "_"))(result)

    def report_delivery(self, name, result):
        """What the function itself wrote besides its answer, as its response's `delivery` says:
        with SecurityHub on, s3-policy-checker files the evidence bucket's finding (archived:
        not public), which is a write, so it is listed with the rest."""
        delivery = (result.get("response") or {}).get("delivery") or {}
        hub, events = delivery.get("securityHub"), delivery.get("events")
        if hub and (hub.get("imported") or hub.get("failed")):
            self.touched.calls.append(f"{name} imported {hub.get('imported', 0)} Security Hub finding(s)"
                                      + (f", {len(hub['failed'])} refused" if hub.get("failed") else ""))
        if events and (events.get("sent") or events.get("failed")):
            self.touched.calls.append(f"{name} put {events.get('sent', 0)} event(s) on its bus")

    def judge_s3_policy_checker(self, result):
        response = result.get("response") or {}
        if not self.check(result["ok"], "s3-policy-checker answered", "" if result["ok"] else json.dumps(result.get("error"))):
            return
        acted = [a for a in response.get("actions", []) if a.get("status") in ("done", "failed")]
        self.check(response.get("verdict") == "not-public" and not acted,
                   "s3-policy-checker: the evidence bucket is not public, nothing done",
                   f"verdict {response.get('verdict')}, effective {response.get('effectiveVerdict')}, actions {json.dumps(response.get('actions'))}")

    def judge_login_notifier(self, result):
        response = result.get("response") or {}
        if not self.check(result["ok"], "login-notifier answered", "" if result["ok"] else json.dumps(result.get("error"))):
            return
        self.check(not response.get("logins") and not response.get("failures") and not response.get("notifications"),
                   "login-notifier: no login in the line, nobody notified",
                   f"ignored {response.get('ignored')}, notifications {json.dumps(response.get('notifications'))}")

    def judge_forensic_isolator(self, result):
        error = result.get("error") or {}
        self.check(not result["ok"] and error.get("errorType") == "InstanceNotFound",
                   f"forensic-isolator: {NO_INSTANCE} not found, nothing done",
                   error.get("errorMessage") or json.dumps(result.get("response")))

    def judge_policy_generator(self, result):
        error = result.get("error") or {}
        self.check(not result["ok"] and error.get("errorType") == "InvalidWindow",
                   "policy-generator: its own role's request was read and refused before any call (InvalidWindow)",
                   error.get("errorMessage") or json.dumps(result.get("response"))[:300])

    # ------------------------------------------------------------------ alarms, dead letters
    def alarms(self):
        topic = self.outputs.get("AlertsTopicArn") or self.physical.get("AlertsTopic")
        names = {self.function_name(logical): logical for logical in FUNCTIONS}
        found = {}
        for page in self.aws("cloudwatch").get_paginator("describe_alarms").paginate(AlarmTypes=["MetricAlarm"]):
            for alarm in page["MetricAlarms"]:
                for dimension in alarm.get("Dimensions", []):
                    if dimension["Value"] in names:
                        found[(names[dimension["Value"]], alarm["Namespace"], alarm["MetricName"], dimension["Name"])] = alarm
        print("alarms")
        for logical, expected in EXPECTED_ALARMS.items():
            for namespace, metric, dimension in expected:
                alarm = found.get((logical, namespace, metric, dimension))
                what = f"alarm {namespace} {metric} on {FUNCTIONS[logical]}"
                if alarm is None:
                    self.check(False, what, "missing")
                    continue
                self.check(topic in alarm.get("AlarmActions", []) and alarm.get("TreatMissingData") == "notBreaching",
                           what, f"{alarm['AlarmName']}: {alarm['StateValue']}, to {', '.join(alarm.get('AlarmActions', []))}")
        firing = [a["AlarmName"] for a in found.values() if a["StateValue"] == "ALARM"]
        if firing:
            print(f"  note: in ALARM now: {', '.join(firing)}")

    def dead_letters(self):
        url = self.outputs.get("DeadLetterQueueUrl") or self.physical.get("DeadLetterQueue")
        if not url:
            return
        attributes = self.aws("sqs").get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
        waiting = int(attributes.get("ApproximateNumberOfMessages", 0))
        print(f"dead-letter queue: {waiting} message(s) waiting" + (" - events a function could not handle" if waiting else ""))

    def run(self):
        self.read_stack()
        if self.is_security_account():
            self.functions()
            self.alarms()
            self.dead_letters()
        else:
            role = self.outputs.get("MemberRoleArn")
            self.check(bool(role), "member role exists", role or "no MemberRoleArn output")
        print("touched (every AWS call smoke made, all reads and Invoke on the events above; and what the functions wrote):")
        for call in self.touched.calls:
            print(f"  {call}")
        if self.invoker:
            print(f"  invocations through {self.invoker} (WATCHPOST_SMOKE_INVOKE), not lambda:Invoke")
        print(f"smoke {self.stack}: " + ("ok" if not self.failures else f"{len(self.failures)} check(s) failed"))
        return 0 if not self.failures else 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stack")
    parser.add_argument("--region", default=None)
    args = parser.parse_args(argv)
    session = boto3.session.Session(region_name=args.region or os.environ.get("AWS_REGION"))
    smoke = Smoke(args.stack, session, os.environ.get("WATCHPOST_SMOKE_INVOKE") or None)
    try:
        return smoke.run()
    except botocore.exceptions.ClientError as error:
        print(f"smoke {args.stack}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    try:
        sys.exit(main())
    except botocore.exceptions.BotoCoreError as error:  # no region, no credentials, no endpoint
        print(f"smoke: {error} (the AWS settings come from the environment, as for the aws CLI)", file=sys.stderr)
        sys.exit(2)
