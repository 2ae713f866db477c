#!/usr/bin/env python3
"""make destroy STACK=<name> [YES=1]: deletes a watchpost stack, waits until it is gone, then
prints what is left on purpose - found by querying, not recited:

  - the evidence bucket (DeletionPolicy Retain) and the objects in it, by prefix
  - the KMS key that encrypts that evidence (Retain: without it the evidence is unreadable)
  - the function log groups, if any outlived the stack (the template deletes them)
  - in this account and region: quarantined instances (tag watchpost:quarantine), watchpost's
    isolation security groups (tag watchpost:group), incident snapshots and volumes
    (tag watchpost:incident) - the forensic-isolator of any watchpost stack here made them
  - Security Hub findings watchpost imported here (when Security Hub is enabled)

Member accounts keep their own quarantined instances, snapshots and findings: run the same
queries there (`scripts/destroy.py --leftovers-only`).

Asks for confirmation on a terminal unless --yes. Exit status: 0 when deleted, 1 when the
deletion failed, 2 on bad usage or no such stack."""
import argparse
import collections
import os
import sys

import boto3
import botocore.exceptions

FUNCTIONS = ["S3PolicyChecker", "LoginNotifier", "ForensicIsolator", "PolicyGenerator"]


def stack_facts(cfn, stack):
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    resources = []
    for page in cfn.get_paginator("list_stack_resources").paginate(StackName=stack):
        resources += page["StackResourceSummaries"]
    return described, {r["LogicalResourceId"]: r for r in resources}


def evidence_left(session, bucket):
    s3 = session.client("s3")
    try:
        s3.head_bucket(Bucket=bucket)
    except botocore.exceptions.ClientError:
        return [f"evidence bucket {bucket}: gone"]
    prefixes = collections.Counter()
    size = 0
    versions = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for version in page.get("Versions", []):
            versions += 1
            size += version.get("Size", 0)
            if version.get("IsLatest"):
                prefixes[version["Key"].split("/", 1)[0] + "/" if "/" in version["Key"] else version["Key"]] += 1
    lines = [f"evidence bucket {bucket}: kept (DeletionPolicy Retain), {sum(prefixes.values())} object(s), "
             f"{versions} version(s), {size} bytes"]
    lines += [f"  {prefix}: {count} object(s)" for prefix, count in sorted(prefixes.items())]
    if versions:
        lines.append(f"  to remove: empty every version, then `aws s3 rb s3://{bucket}` (object lock may hold some)")
    return lines


def key_left(session, key_id):
    kms = session.client("kms")
    note = "it decrypts the kept evidence - schedule its deletion only after the evidence is gone"
    try:
        metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
        return [f"KMS key {metadata['Arn']}: kept (DeletionPolicy Retain), {metadata.get('KeyState', '?')}; {note}"]
    except botocore.exceptions.ClientError as error:
        if error.response["Error"]["Code"] == "NotFoundException":
            return [f"KMS key {key_id}: gone"]
        reason = error.response["Error"].get("Code") or str(error.response["ResponseMetadata"].get("HTTPStatusCode"))
    keys = [k["KeyId"] for page in kms.get_paginator("list_keys").paginate() for k in page["Keys"]]
    if key_id in keys:
        return [f"KMS key {key_id}: kept (DeletionPolicy Retain), state unreadable ({reason}); {note}"]
    return [f"KMS key {key_id}: not found ({reason})"]


def log_groups_left(session, names):
    logs = session.client("logs")
    lines = []
    for name in names:
        found = [g for g in logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"] if g["logGroupName"] == name]
        lines.append(f"log group {name}: " + (f"kept, {found[0].get('storedBytes', 0)} bytes" if found else "deleted with the stack"))
    return lines


def ec2_left(session):
    ec2 = session.client("ec2")
    lines = []
    instances = [i for r in ec2.describe_instances(Filters=[{"Name": "tag-key", "Values": ["watchpost:quarantine"]}])["Reservations"]
                 for i in r["Instances"] if i["State"]["Name"] != "terminated"]
    for instance in instances:
        tags = {t["Key"]: t["Value"] for t in instance.get("Tags", [])}
        released = " (released)" if "watchpost:released" in tags else ""
        lines.append(f"quarantined instance {instance['InstanceId']} ({instance['State']['Name']}){released}: "
                     f"incident {tags.get('watchpost:quarantine')}")
    groups = ec2.describe_security_groups(Filters=[{"Name": "tag-key", "Values": ["watchpost:group"]}])["SecurityGroups"]
    for group in groups:
        tags = {t["Key"]: t["Value"] for t in group.get("Tags", [])}
        lines.append(f"security group {group['GroupId']} ({tags.get('watchpost:group')}, {group.get('VpcId')})")
    snapshots = ec2.describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag-key", "Values": ["watchpost:incident"]}])["Snapshots"]
    for snapshot in snapshots:
        tags = {t["Key"]: t["Value"] for t in snapshot.get("Tags", [])}
        lines.append(f"snapshot {snapshot['SnapshotId']} of {snapshot.get('VolumeId')}: incident {tags.get('watchpost:incident')}")
    volumes = ec2.describe_volumes(Filters=[{"Name": "tag-key", "Values": ["watchpost:incident"]}])["Volumes"]
    for volume in volumes:
        tags = {t["Key"]: t["Value"] for t in volume.get("Tags", [])}
        lines.append(f"volume {volume['VolumeId']} ({volume['State']}): incident {tags.get('watchpost:incident')}")
    return lines or ["no quarantined instance, isolation group, incident snapshot or volume in this account and region"]


def findings_left(session):
    hub = session.client("securityhub")
    try:
        hub.describe_hub()
    except botocore.exceptions.ClientError as error:
        return [f"Security Hub: not enabled here ({error.response['Error']['Code']})"]
    except botocore.exceptions.EndpointConnectionError:
        return ["Security Hub: unreachable"]
    count = 0
    try:
        for page in hub.get_paginator("get_findings").paginate(
                Filters={"GeneratorId": [{"Value": "watchpost", "Comparison": "PREFIX"}]}):
            count += len(page["Findings"])
    except botocore.exceptions.ClientError as error:
        return [f"Security Hub findings: not readable ({error.response['Error']['Code']})"]
    return [f"Security Hub: {count} watchpost finding(s) kept (they age out under Security Hub's own retention)"]


def leftovers(session, evidence=None, key=None, log_groups=()):
    lines = []
    if evidence:
        lines += evidence_left(session, evidence)
    if key:
        lines += key_left(session, key)
    lines += log_groups_left(session, log_groups)
    lines += ec2_left(session)
    lines += findings_left(session)
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stack", nargs="?")
    parser.add_argument("--region", default=None)
    parser.add_argument("--yes", action="store_true", help="do not ask")
    parser.add_argument("--leftovers-only", action="store_true", help="delete nothing; print what watchpost left here")
    args = parser.parse_args(argv)
    session = boto3.session.Session(region_name=args.region or os.environ.get("AWS_REGION"))
    if args.leftovers_only:
        print("\n".join(leftovers(session)))
        return 0
    if not args.stack:
        parser.error("a stack name is needed")
    cfn = session.client("cloudformation")
    try:
        described, resources = stack_facts(cfn, args.stack)
    except botocore.exceptions.ClientError as error:
        print(f"destroy {args.stack}: {error}", file=sys.stderr)
        return 2
    stack_id = described["StackId"]
    role = next((p.get("ParameterValue") for p in described.get("Parameters", []) if p["ParameterKey"] == "DeploymentRole"),
                "security-account")

    def physical(logical):
        return resources.get(logical, {}).get("PhysicalResourceId")

    evidence, key = physical("EvidenceBucket"), physical("AlertsKey")
    log_groups = [physical(f"{f}Logs") or f"/aws/lambda/{physical(f)}" for f in FUNCTIONS if physical(f)]
    print(f"stack {args.stack} ({session.region_name}, {role}): {described['StackStatus']}, {len(resources)} resources")
    queue = physical("DeadLetterQueue")
    if queue:
        try:
            waiting = session.client("sqs").get_queue_attributes(
                QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"]
            if int(waiting):
                print(f"  the dead-letter queue holds {waiting} unhandled event(s); they are deleted with the stack")
        except botocore.exceptions.ClientError:
            pass
    if not args.yes:
        if not sys.stdin.isatty():
            print("destroy: not a terminal; pass --yes (make destroy ... YES=1) to delete", file=sys.stderr)
            return 2
        if input(f"delete stack {args.stack}? type its name: ").strip() != args.stack:
            print("not deleted")
            return 2
    cfn.delete_stack(StackName=args.stack)
    print(f"deleting {args.stack} ...")
    try:
        cfn.get_waiter("stack_delete_complete").wait(StackName=stack_id, WaiterConfig={"Delay": 5, "MaxAttempts": 360})
    except botocore.exceptions.WaiterError as error:
        print(f"destroy {args.stack}: the deletion did not complete: {error}", file=sys.stderr)
        failed = [e for e in cfn.describe_stack_events(StackName=stack_id)["StackEvents"] if e["ResourceStatus"] == "DELETE_FAILED"]
        for event in failed[:10]:
            print(f"  {event['LogicalResourceId']}: {event.get('ResourceStatusReason', '')}", file=sys.stderr)
        return 1
    print(f"deleted {args.stack}. Left on purpose, found now:")
    for line in leftovers(session, evidence, key, log_groups):
        print(f"  {line}")
    if role == "member-account":
        print("  (a member-account stack keeps nothing itself; the lines above are this account's watchpost traces)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except botocore.exceptions.BotoCoreError as error:  # no region, no credentials, no endpoint
        print(f"destroy: {error} (the AWS settings come from the environment, as for the aws CLI)", file=sys.stderr)
        sys.exit(2)
