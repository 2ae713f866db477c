"""Every sample event, run as its function's role and nothing more: the scenario beside the event
creates the AWS state; then moto's request authentication is turned on and the function runs as
a user holding exactly its role's policies from template.yaml, resolved for the settings the
scenario gives it (test_least_privilege.for_moto: moto's S3 action names, and "*" for the
services moto does not authorize by ARN). The decision must still be the documented one.
A member-account event runs through its function's member role, built in the member account
from the member stack's policies."""
import json
import os
import sys
import urllib.request

import pytest

from conftest import ROOT
from template_iam import Deployment
from test_least_privilege import ACCOUNT, MEMBER, for_moto

sys.path.insert(0, os.path.join(ROOT, "scripts"))
from scenario import Scenario, sample_events  # noqa: E402

FUNCTIONS = ["s3-policy-checker", "login-notifier", "forensic-isolator", "policy-generator"]
EVENTS = [e for e in sample_events() if os.path.basename(os.path.dirname(e)) in FUNCTIONS]


def template_parameters(env, event):
    """The stack parameters that give a function the settings this scenario runs it with."""
    on = lambda name: "true" if env.get(name) == "true" else "false"
    principals = env.get("POLICY_PRINCIPALS") or (event.get("principalArn") if isinstance(event, dict) else None) or ""
    return {"Remediation": env.get("REMEDIATION", "alert"), "RevokeRoleSessions": on("REVOKE_ROLE_SESSIONS"),
            "ReleaseRestoresProfile": on("RESTORE_INSTANCE_PROFILE"), "SecurityHub": on("SECURITY_HUB"),
            "ForensicAmi": env.get("FORENSIC_AMI", ""), "ForensicSubnet": env.get("FORENSIC_SUBNET", ""),
            "PolicyApply": "true" if isinstance(event, dict) and event.get("apply") else "false",
            "PolicyPrincipals": principals,
            "TrailBucket": env.get("TRAIL_BUCKET") or (event.get("trailBucket", "") if isinstance(event, dict) else ""),
            "SlackWebhookParameter": env.get("SLACK_WEBHOOK_PARAMETER", ""),
            "SlackSigningSecretParameter": env.get("SLACK_SIGNING_SECRET_PARAMETER", "")}


def stack_resources(env):
    """The stack's resources as this scenario names them (placeholders where it names none)."""
    topic = env.get("ALERT_TOPIC_ARN") or f"arn:aws:sns:us-east-1:{ACCOUNT}:watchpost-alerts"
    bucket = env.get("EVIDENCE_BUCKET") or env.get("POLICY_OUTPUT_BUCKET") or "watchpost-evidence"
    bus = env.get("EVENT_BUS_NAME") or "watchpost-events"
    return {"AlertsTopic": topic, "IncidentsTopic": env.get("INCIDENT_TOPIC_ARN") or topic, "EvidenceBucket": bucket,
            "EvidenceBucket.Arn": f"arn:aws:s3:::{bucket}", "EventBus": bus,
            "EventBus.Arn": f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/{bus}"}


def user_with(iam, name, documents):
    iam.create_user(UserName=name)
    for index, document in enumerate(for_moto(documents)):
        iam.put_user_policy(UserName=name, PolicyName=f"policy-{index}", PolicyDocument=json.dumps(document))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


@pytest.mark.parametrize("event_path", EVENTS, ids=[os.path.relpath(e, os.path.join(ROOT, "events")) for e in EVENTS])
def test_the_sample_event_gives_its_decision_with_exactly_the_functions_role(bin_dir, event_path):
    function = os.path.basename(os.path.dirname(event_path))
    with Scenario(function, event_path, bin_dir) as scenario:
        scenario.setup()
        env = scenario.environment()
        parameters = template_parameters(env, scenario.names["event"])
        security = Deployment(parameters, stack_resources(env), account=ACCOUNT)
        keys = user_with(scenario.emulator.client("iam"), function,
                         security.role_documents(security.roles()[function]))
        member_role = f"watchpost-member-{function}"  # as the template names it and sets WATCHPOST_MEMBER_ROLE
        member = Deployment({**parameters, "DeploymentRole": "member-account", "SecurityAccountId": ACCOUNT}, account=MEMBER)
        iam = scenario.emulator.client("iam", MEMBER)
        iam.create_role(RoleName=member_role, AssumeRolePolicyDocument=json.dumps(member.trust(member.roles()[function])))
        for index, document in enumerate(for_moto(member.role_documents(member.roles()[function]))):
            iam.put_role_policy(RoleName=member_role, PolicyName=f"policy-{index}", PolicyDocument=json.dumps(document))
        urllib.request.urlopen(urllib.request.Request(scenario.emulator.endpoint + "/moto-api/reset-auth", data=b"0",
                                                      method="POST", headers={"Content-Type": "text/plain"}))
        scenario.emulator.env = lambda: {"AWS_ENDPOINT_URL": scenario.emulator.endpoint, "AWS_ACCESS_KEY_ID": keys[0],
                                         "AWS_SECRET_ACCESS_KEY": keys[1], "AWS_REGION": "us-east-1",
                                         "WATCHPOST_MEMBER_ROLE": member_role}
        line = scenario.run(event_path)
        assert scenario.mismatches(line) == [], json.dumps(line)[:3000]
        refusals = [s for s in json.dumps(line).split('"') if "AccessDenied" in s]
        assert refusals == [], refusals
