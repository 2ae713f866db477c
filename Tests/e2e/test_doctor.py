"""`make doctor` end to end: the real watchpost-doctor binary against moto, the account's
state set up and checked with boto3. The doctor only reads; every test starts from an empty
moto account."""
import json
import os
import re
import subprocess

import pytest

from conftest import EXAMPLE_SECRET, REGION

ROW = re.compile(r"^(pass|WARN|FAIL|skip)\s+(\S+)\s+(\S+(?: \S+)*?)\s{2,}(.*)$")


class Report:
    def __init__(self, completed):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.rows = []
        for line in completed.stdout.splitlines():
            match = ROW.match(line)
            if match:
                self.rows.append({"status": match[1].lower(), "check": match[2], "scope": match[3], "detail": match[4],
                                  "fix": None})
            elif line.strip().startswith("fix: ") and self.rows:
                self.rows[-1]["fix"] = line.strip()[len("fix: "):]

    def row(self, check, scope=None):
        found = [r for r in self.rows if r["check"] == check and (scope is None or r["scope"] == scope)]
        assert len(found) == 1, (check, scope, self.stdout)
        return found[0]

    def statuses(self, check):
        return {r["scope"]: r["status"] for r in self.rows if r["check"] == check}


@pytest.fixture
def doctor(moto, bin_dir, tmp_path):
    def run(**settings):
        env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "AWS_MAX_ATTEMPTS": "2"}
        env.update(moto.env(**settings))
        completed = subprocess.run([os.path.join(bin_dir, "watchpost-doctor")], env=env, capture_output=True, text=True,
                                   timeout=120)
        report = Report(completed)
        assert EXAMPLE_SECRET not in completed.stdout + completed.stderr
        return report
    return run


def enabled_regions(moto):
    """The regions an account of the aws partition can use, as EC2 lists them."""
    regions = moto.client("ec2").describe_regions(AllRegions=True)["Regions"]
    return sorted(r["RegionName"] for r in regions
                  if r.get("OptInStatus") != "not-opted-in" and not r["RegionName"].startswith(("us-gov-", "cn-")))


def ready_trail(moto, name="main", bucket="trail-logs", multi_region=True):
    moto.client("s3").create_bucket(Bucket=bucket)
    cloudtrail = moto.client("cloudtrail")
    cloudtrail.create_trail(Name=name, S3BucketName=bucket, IsMultiRegionTrail=multi_region)
    cloudtrail.put_event_selectors(TrailName=name, EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}])
    cloudtrail.start_logging(Name=name)


def test_guardduty_in_one_region_only_fails_every_other_enabled_region(moto, doctor):
    detector = moto.client("guardduty", region_name="eu-west-1").create_detector(Enable=True)["DetectorId"]
    report = doctor()

    regions = enabled_regions(moto)
    statuses = report.statuses("guardduty")
    checked = {scope: status for scope, status in statuses.items() if not scope.endswith(" regions")}
    assert sorted(checked) == regions
    assert checked.pop("eu-west-1") == "pass"
    assert set(checked.values()) == {"fail"}
    assert report.row("guardduty", "eu-west-1")["detail"] == f"detector {detector} enabled"
    assert report.row("guardduty", "us-west-2")["fix"] == "aws guardduty create-detector --enable --region us-west-2"
    # The regions the account has not opted into are listed once, not checked.
    skipped = [r for r in report.rows if r["check"] == "guardduty" and r["status"] == "skip"]
    assert len(skipped) == 1 and "il-central-1" in skipped[0]["detail"]
    assert report.returncode == 1


def test_a_suspended_detector_fails_with_the_command_that_resumes_it(moto, doctor):
    guardduty = moto.client("guardduty", region_name="us-east-2")
    detector = guardduty.create_detector(Enable=True)["DetectorId"]
    guardduty.update_detector(DetectorId=detector, Enable=False)
    row = doctor().row("guardduty", "us-east-2")
    assert row["status"] == "fail"
    assert row["fix"] == f"aws guardduty update-detector --detector-id {detector} --enable --region us-east-2"


def test_no_trail_fails_with_the_fix_and_a_multi_region_trail_with_management_events_passes(moto, doctor):
    row = doctor().row("cloudtrail")
    assert row["status"] == "fail"
    assert row["detail"] == "no trail: management events are not recorded"
    assert "create-trail" in row["fix"] and "--is-multi-region-trail" in row["fix"]

    # Homed in another region: the doctor reads its configuration there.
    moto.client("s3").create_bucket(Bucket="trail-logs")
    cloudtrail = moto.client("cloudtrail", region_name="eu-west-1")
    cloudtrail.create_trail(Name="main", S3BucketName="trail-logs", IsMultiRegionTrail=True)
    cloudtrail.put_event_selectors(TrailName="main", EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}])
    row = doctor().row("cloudtrail")
    assert row["status"] == "fail" and row["detail"] == "trail main is not logging"
    assert row["fix"] == "aws cloudtrail start-logging --name arn:aws:cloudtrail:eu-west-1:123456789012:trail/main --region eu-west-1"

    cloudtrail.start_logging(Name="main")
    report = doctor(TRAIL_BUCKET="trail-logs")
    assert report.row("cloudtrail")["status"] == "pass"
    assert report.row("cloudtrail")["detail"] == "trail main (multi-region, home eu-west-1) logs all management events"
    assert report.row("trail-bucket")["status"] == "pass"


def test_single_region_trails_and_trails_without_management_events_fail(moto, doctor):
    ready_trail(moto, name="local", multi_region=False)
    row = doctor().row("cloudtrail")
    assert row["status"] == "fail" and "logs us-east-1 only" in row["detail"]
    assert "--is-multi-region-trail" in row["fix"]

    ready_trail(moto, name="data-only", bucket="data-logs")
    moto.client("cloudtrail").put_event_selectors(TrailName="data-only", EventSelectors=[{
        "ReadWriteType": "All", "IncludeManagementEvents": False,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
    report = doctor(S3_DATA_EVENTS="true", TRAIL_BUCKET="trail-logs")
    row = report.row("cloudtrail")
    assert row["status"] == "fail" and row["detail"].endswith("logs no management events")
    assert "put-event-selectors" in row["fix"]
    assert report.row("s3-data-events")["status"] == "pass"
    # The bucket policy-generator is given gets a trail, but not a working one.
    assert report.row("trail-bucket")["status"] == "fail"


def test_missing_log_groups_fail_present_ones_pass(moto, doctor):
    moto.client("logs").create_log_group(logGroupName="/watchpost/ssh")
    report = doctor(SSH_LOG_GROUP="/watchpost/ssh", RDP_LOG_GROUP="/watchpost/rdp")
    assert report.row("ssh-log-group")["status"] == "pass"
    rdp = report.row("rdp-log-group")
    assert rdp["status"] == "fail"
    assert rdp["fix"].endswith(f"aws logs create-log-group --log-group-name /watchpost/rdp --region {REGION}")
    assert report.returncode == 1
    assert doctor().row("ssh-log-group")["status"] == "skip"


def test_security_hub_off_fails_when_wanted_and_on_passes(moto, doctor):
    assert doctor().row("security-hub")["status"] == "skip"
    row = doctor(SECURITY_HUB="true").row("security-hub")
    assert row["status"] == "fail"
    assert row["fix"] == f"aws securityhub enable-security-hub --region {REGION}"
    moto.client("securityhub").enable_security_hub()
    assert doctor(SECURITY_HUB="true").row("security-hub")["status"] == "pass"


def test_a_ready_account_exits_zero(moto, doctor):
    for region in enabled_regions(moto):
        moto.client("guardduty", region_name=region).create_detector(Enable=True)
    ready_trail(moto)
    moto.client("logs").create_log_group(logGroupName="/watchpost/ssh")
    moto.client("securityhub").enable_security_hub()
    report = doctor(SECURITY_HUB="true", TRAIL_BUCKET="trail-logs", SSH_LOG_GROUP="/watchpost/ssh")
    assert [r for r in report.rows if r["status"] in ("fail", "warn")] == [], report.stdout
    assert report.returncode == 0, report.stdout


def test_a_stack_whose_roles_cannot_be_simulated_is_skipped_and_an_absent_stack_fails(moto, doctor):
    row = doctor(STACK="absent").row("role")
    assert row["status"] == "fail" and "ValidationError" in row["detail"]

    role = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}}
    # moto's CloudFormation gives an AWS::Events::EventBus no physical id (AWS gives its name), and
    # the doctor needs only that name: a topic stands in for the bus here.
    template = {"Resources": {"LoginNotifierRole": role, "AlertsTopic": {"Type": "AWS::SNS::Topic"},
                              "IncidentsTopic": {"Type": "AWS::SNS::Topic"}, "EventBus": {"Type": "AWS::SNS::Topic"},
                              "LoginStream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}}}}
    moto.client("cloudformation").create_stack(StackName="watchpost", TemplateBody=json.dumps(template))
    # moto has no policy simulator: the roles are reported as not checkable, not as failing.
    row = doctor(STACK="watchpost").row("role", "login-notifier")
    assert row["status"] == "skip"
    assert row["detail"].startswith("SimulatePrincipalPolicy is not available here")


def test_bad_settings_exit_two_before_any_check(doctor):
    report = doctor(SECURITY_HUB="maybe")
    assert report.returncode == 2
    assert report.rows == []
    assert "SECURITY_HUB=maybe is not true or false" in report.stderr


def test_the_organization_path_names_the_member_accounts_without_the_member_stack(moto, doctor):
    """ORGANIZATION=true: the accounts are listed as the sweep lists them, and every active member
    account must hold a current instance of the member StackSet (moto runs StackSets in-process)."""
    assert doctor().row("organization")["status"] == "skip"
    failed = doctor(ORGANIZATION="true").row("organization")
    # AWS refuses (AWSOrganizationsNotInUseException); moto lists no account. Either fails.
    assert failed["status"] == "fail" and ("NotInUse" in failed["detail"] or "no active account" in failed["detail"]), failed
    assert "register-delegated-administrator" in failed["fix"]

    organizations = moto.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    members = [organizations.create_account(AccountName=f"m{i}", Email=f"m{i}@example.com")["CreateAccountStatus"]["AccountId"]
               for i in range(3)]
    cloudformation = moto.client("cloudformation")
    cloudformation.create_stack_set(StackSetName="watchpost-member", TemplateBody=json.dumps(
        {"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "watchpost-member-marker"}}}}))
    cloudformation.create_stack_instances(StackSetName="watchpost-member", Accounts=members[:2], Regions=["us-east-1"])
    report = doctor(ORGANIZATION="true")
    assert report.row("organization")["status"] == "pass" and report.row("organization")["detail"].startswith("4 active accounts")
    row = report.row("member-stacks")
    assert row["status"] == "fail" and members[2] in row["detail"] and members[0] not in row["detail"], row
    assert "create-stack-instances" in row["fix"]
    cloudformation.create_stack_instances(StackSetName="watchpost-member", Accounts=members[2:], Regions=["us-east-1"])
    assert doctor(ORGANIZATION="true").row("member-stacks")["status"] == "pass"


def test_each_function_is_asked_to_assume_its_member_role_and_the_member_logins_must_reach_the_destination(
        moto, doctor, bin_dir):
    """ORGANIZATION=true with STACK: a member role trusts only its function's role, so the doctor
    asks each deployed function (Lambda Invoke, the shell's member-role probe) in a sample of the
    accounts. moto runs functions only in Docker: `stand_ins.ScriptedLambda` serves Invoke with the
    real executables, and `stand_ins.RefusingSTS` refuses one account's member role as AWS does.
    The login subscriptions: the stack's destination exists and the member StackSet subscribes."""
    from stand_ins import RefusingSTS, ScriptedLambda

    organizations = moto.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    members = sorted(organizations.create_account(AccountName=f"m{i}", Email=f"m{i}@example.com")
                     ["CreateAccountStatus"]["AccountId"] for i in range(4))
    own = moto.client("sts").get_caller_identity()["Account"]
    cloudformation = moto.client("cloudformation")
    cloudformation.create_stack_set(StackSetName="watchpost-member", TemplateBody=json.dumps(
        {"Parameters": {"SshLogGroupName": {"Type": "String", "Default": ""},
                        "SecurityAccountId": {"Type": "String", "Default": ""},
                        "SecurityStackName": {"Type": "String", "Default": "watchpost"}},
         "Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "watchpost-member-marker"}}}}),
        Parameters=[{"ParameterKey": "SecurityAccountId", "ParameterValue": own}])
    cloudformation.create_stack_instances(StackSetName="watchpost-member", Accounts=members, Regions=["us-east-1"])
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    function = {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "python3.12", "Handler": "index.handler", "Role": {"Fn::GetAtt": ["Role", "Arn"]},
        "Code": {"ZipFile": "def handler(event, context): pass"}}}
    cloudformation.create_stack(StackName="wp", TemplateBody=json.dumps({"Resources": {
        "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": trust}},
        "S3PolicyChecker": {**function, "Properties": {**function["Properties"], "FunctionName": "wp-s3-policy-checker"}},
        "LoginNotifier": {**function, "Properties": {**function["Properties"], "FunctionName": "wp-login-notifier"}},
        # Not watchpost's: never sent the probe.
        "Unrelated": {**function, "Properties": {**function["Properties"], "FunctionName": "wp-unrelated"}}}}))

    refusing = members[1]
    sts = RefusingSTS(moto.endpoint, {refusing}, caller=own)
    functions = ScriptedLambda(bin_dir, {"wp-s3-policy-checker": "s3-policy-checker", "wp-login-notifier": "login-notifier"},
                               moto.env(AWS_ENDPOINT_URL_STS=sts.url))
    try:
        settings = {"ORGANIZATION": "true", "STACK": "wp", "AWS_ENDPOINT_URL_LAMBDA": functions.url}
        report = doctor(MEMBER_ROLE_SAMPLE="all", **settings)
        assert set(report.statuses("member-roles")) == {"wp-s3-policy-checker", "wp-login-notifier"}
        for name in ("wp-s3-policy-checker", "wp-login-notifier"):
            row = report.row("member-roles", name)
            assert row["status"] == "fail" and refusing in row["detail"] and "AccessDenied" in row["detail"], row
            assert "refused in 1 of the 4 accounts asked (all 4 member accounts)" in row["detail"] and "StackSet" in row["fix"], row
        assert sorted(functions.invocations) == sorted(
            (name, {"watchpostProbe": "member-roles", "accounts": members}) for name in ("wp-s3-policy-checker", "wp-login-notifier"))

        # A sample of two, spread over the sorted accounts: the refusing one is not among them.
        functions.invocations.clear()
        sampled = doctor(MEMBER_ROLE_SAMPLE="2", **settings)
        assert sampled.row("member-roles", "wp-s3-policy-checker") == {
            "status": "pass", "check": "member-roles", "scope": "wp-s3-policy-checker", "fix": None,
            "detail": "assumed watchpost-member in 2 sampled of 4 member accounts"}
        assert {tuple(event["accounts"]) for _, event in functions.invocations} == {(members[0], members[2])}

        # Log subscriptions: no destination yet, then a StackSet that names no group, then ready.
        assert "no destination wp-logins" in report.row("log-subscriptions")["detail"]
        moto.client("logs").put_destination(
            destinationName="wp-logins", targetArn=f"arn:aws:kinesis:{REGION}:{own}:stream/wp-logins",
            roleArn=f"arn:aws:iam::{own}:role/wp-logins-delivery")
        row = doctor(**settings).row("log-subscriptions")
        assert row["status"] == "fail" and "names no SshLogGroupName" in row["detail"], row
        assert "update-stack-set --stack-set-name watchpost-member" in row["fix"]
        cloudformation.update_stack_set(StackSetName="watchpost-member", UsePreviousTemplate=True, Parameters=[
            {"ParameterKey": "SecurityAccountId", "ParameterValue": own},
            {"ParameterKey": "SshLogGroupName", "ParameterValue": "/prod/ssh"}])
        row = doctor(**settings).row("log-subscriptions")
        # The instances would send to the default stack's destination, not this one's.
        assert row["status"] == "fail" and 'its SecurityStackName is "watchpost", not wp' in row["detail"], row
        cloudformation.update_stack_set(StackSetName="watchpost-member", UsePreviousTemplate=True, Parameters=[
            {"ParameterKey": "SecurityAccountId", "ParameterValue": own},
            {"ParameterKey": "SecurityStackName", "ParameterValue": "wp"},
            {"ParameterKey": "SshLogGroupName", "ParameterValue": "/prod/ssh"}])
        row = doctor(**settings).row("log-subscriptions")
        assert row["status"] == "pass" and "subscribes /prod/ssh" in row["detail"], row
    finally:
        functions.stop()
        sts.stop()

    # Without STACK the functions are unknown: both checks say so rather than pass.
    unstacked = doctor(ORGANIZATION="true")
    assert unstacked.row("member-roles")["status"] == "skip" and unstacked.row("log-subscriptions")["status"] == "skip"
