"""template.yaml held exactly to the permissions derived from the code. Each function declares the
AWS calls it can make in each mode beside the code that makes them; `watchpost-doctor permissions
--json` derives from them what its roles must allow. For every deployment (both stacks, every
parameter set: template_iam.every_deployment), each function's role is allowed exactly what its
function needs in the modes those parameters give it: none missing, none extra.

What a role is allowed: the actions of its Allow statements, less those an unconditional Deny
takes back on every resource (a switch that is off: the ...Off statements). A Deny on named
resources (GuardrailsPolicy) or under a condition leaves the action allowed elsewhere, so it
stays; the resources and conditions themselves are test_escalation's and the doctor's to check.

DryRun: the template gives a dry-run stack its real run's role (test_escalation holds each write to
its own switch, whatever DryRun says), so a dry-run deployment is held to its real run's needs,
and what the dry run itself calls must be a part of them."""
import copy
import json
import os
import subprocess

import pytest

from template_iam import FUNCTIONS, TEMPLATE, Deployment, as_list, every_deployment, matches, sar

DEPLOYMENTS = list(every_deployment())
SAR = sar()
# The function resources of the security stack, whose Environment is what each function is told.
FUNCTION_RESOURCES = {"s3-policy-checker": "S3PolicyChecker", "login-notifier": "LoginNotifier",
                      "forensic-isolator": "ForensicIsolator", "policy-generator": "PolicyGenerator"}


@pytest.fixture(scope="module")
def derivation(bin_dir):
    out = subprocess.run([os.path.join(bin_dir, "watchpost-doctor"), "permissions", "--json"],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    return json.loads(out)


def needs(derivation, function, mode):
    """(the function's own role, its member role): the derived actions, lowercase as IAM compares them."""
    found = [d for d in derivation["derivations"] if d["function"] == function and d["mode"] == mode]
    assert len(found) == 1, f"{function}: no single derivation for {mode}"
    return {a.lower() for a in found[0]["role"]}, {a.lower() for a in found[0]["memberRole"]}


def modes(parameters):
    """Each function's mode in a deployment: what the template tells the function (its Environment,
    resolved for these parameters; a member stack's roles serve the functions of a security stack
    deployed with the same switches), and what it may apply, which is the stack's choice
    (PolicyApply, PolicyPrincipals) rather than a setting of the function."""
    security = Deployment({**parameters, "DeploymentRole": "security-account"},
                          physical={"EventBus.Name": "watchpost-events"})
    env = {f: security.value(TEMPLATE["Resources"][r]["Properties"]["Environment"]["Variables"]) for f, r in FUNCTION_RESOURCES.items()}
    on = lambda value: "true" if value else "false"

    def shared(e):
        return {"alertTopic": on(e["ALERT_TOPIC_ARN"]), "slackWebhookParameter": on(e["SLACK_WEBHOOK_PARAMETER"]),
                "securityHub": e["SECURITY_HUB"], "eventBus": on(e["EVENT_BUS_NAME"])}

    s3, login, forensics, policy = (env[f] for f in FUNCTIONS)
    apply = parameters["PolicyApply"] == "true"
    return {
        "s3-policy-checker": {"remediation": s3["REMEDIATION"], "dryRun": s3["DRY_RUN"], "evidenceBucket": on(s3["EVIDENCE_BUCKET"]),
                              "organizationRole": on(s3["ORGANIZATION_ROLE_ARN"]), **shared(s3)},
        "login-notifier": {"dryRun": login["DRY_RUN"], "incidentTopic": on(login["INCIDENT_TOPIC_ARN"]),
                           "signingSecretParameter": on(login["SLACK_SIGNING_SECRET_PARAMETER"]), **shared(login)},
        "forensic-isolator": {"revokeRoleSessions": forensics["REVOKE_ROLE_SESSIONS"],
                              "restoreInstanceProfile": forensics["RESTORE_INSTANCE_PROFILE"],
                              "workstation": on(forensics["FORENSIC_AMI"] and forensics["FORENSIC_SUBNET"]),
                              "dryRun": forensics["DRY_RUN"], "evidenceBucket": on(forensics["EVIDENCE_BUCKET"]), **shared(forensics)},
        "policy-generator": {"trailBucket": on(policy["TRAIL_BUCKET"]), "applyManagedPolicies": on(apply),
                             "applyInlinePolicies": on(apply and policy["POLICY_PRINCIPALS"]), "dryRun": policy["DRY_RUN"],
                             "outputBucket": on(policy["POLICY_OUTPUT_BUCKET"]), **shared(policy)},
    }


def granted(documents):
    """(allowed, revoked): the actions a role's Allows grant, less those an unconditional Deny takes
    back on every resource; and those taken back."""
    statements = [s for d in documents for s in as_list(d["Statement"])]
    assert all("Action" in s for s in statements if s["Effect"] == "Allow"), "an Allow without Action cannot be compared"
    allows = {a.lower() for s in statements if s["Effect"] == "Allow" for a in as_list(s["Action"])}
    everywhere = [s for s in statements if s["Effect"] == "Deny" and "Condition" not in s and "*" in as_list(s.get("Resource"))]
    revoked = {a for a in allows if any(matches(p, a, case_sensitive=False) for s in everywhere for p in as_list(s["Action"]))}
    return allows - revoked, revoked


def differences(deployment, function, derivation):
    """(missing, extra) between the role the deployment gives the function and what it needs there."""
    member = deployment.parameters["DeploymentRole"] == "member-account"
    mode = modes(deployment.parameters)[function]
    role, member_role = needs(derivation, function, {**mode, "dryRun": "false"})
    need = member_role if member else role
    allowed, _ = granted(deployment.role_documents(deployment.roles()[function]))
    return need - allowed, allowed - need


def label(parameters):
    return ",".join(f"{k}={v}" for k, v in parameters.items() if k in (
        "DeploymentRole", "Remediation", "PolicyApply", "RevokeRoleSessions", "ReleaseRestoresProfile", "SecurityHub", "DryRun",
        "ForensicAmi"))


@pytest.mark.parametrize("parameters", DEPLOYMENTS, ids=[f"{i}:{label(d)}" for i, d in enumerate(DEPLOYMENTS)])
def test_every_role_allows_exactly_what_its_function_needs(parameters, derivation):
    deployment = Deployment(parameters)
    wrong = {}
    for function in deployment.roles():
        missing, extra = differences(deployment, function, derivation)
        if missing or extra:
            wrong[function] = {"missing": sorted(missing), "extra": sorted(extra)}
    assert wrong == {}


def test_every_role_is_a_functions_or_a_delivering_services():
    """No role escapes both checks: a function's role is held to its derivation here; a role an AWS
    service assumes to deliver to watchpost (CloudWatch Logs, EventBridge) runs no code of ours and
    is held to its one delivery in test_escalation."""
    for parameters in (DEPLOYMENTS[0], DEPLOYMENTS[-1]):
        deployment = Deployment(parameters)
        roles = {logical for logical, resource in TEMPLATE["Resources"].items()
                 if resource["Type"] == "AWS::IAM::Role" and deployment.exists(logical)}
        assert roles == set(deployment.roles().values()) | set(deployment.service_roles()), parameters["DeploymentRole"]


@pytest.mark.parametrize("parameters", [d for d in DEPLOYMENTS if d["DryRun"] == "true"][::5])
def test_a_dry_run_needs_a_part_of_what_its_real_run_does(parameters, derivation):
    for function, mode in modes(parameters).items():
        dry, dry_member = needs(derivation, function, mode)
        real, real_member = needs(derivation, function, {**mode, "dryRun": "false"})
        assert dry <= real and dry_member <= real_member, function


@pytest.mark.parametrize("parameters", DEPLOYMENTS[::3], ids=[label(d) for d in DEPLOYMENTS[::3]])
def test_a_switch_that_is_off_denies_only_what_another_mode_needs(parameters, derivation):
    """An ...Off statement stands for a switch: it takes back nothing the current mode needs (that
    would show as missing above) and nothing no mode of the function ever needs."""
    deployment = Deployment(parameters)
    member = parameters["DeploymentRole"] == "member-account"
    for function, role in deployment.roles().items():
        ever = {a.lower() for d in derivation["derivations"] if d["function"] == function
                for a in d["memberRole" if member else "role"]}
        _, revoked = granted(deployment.role_documents(role))
        assert revoked <= ever, f"{function}: {sorted(revoked - ever)} denied by a switch no mode has"


def test_every_declared_action_is_an_iam_action_and_star_only_where_it_has_no_resource(derivation):
    for call in derivation["calls"]:
        for action in call["actions"]:
            assert action.lower() in SAR, f"{call['operation']}: {action} is not an IAM action"
            if call["resource"] == "*":
                assert SAR[action.lower()][1] == [], f"{call['operation']}: {action} has resource types, declared on *"
    for permission in derivation["platform"]:
        assert all(a.lower() in SAR for a in permission["actions"]), permission


def test_the_comparison_finds_an_extra_and_a_missing_action(derivation):
    """The check above is not vacuous: a role given one action no code needs and denied one it does
    is reported, both ways."""
    parameters = DEPLOYMENTS[0]
    deployment = Deployment(parameters)
    assert differences(deployment, "s3-policy-checker", derivation) == (set(), set())
    doctored = copy.deepcopy(TEMPLATE)
    statements = doctored["Resources"]["S3PolicyCheckerRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    alert = next(s for s in statements if isinstance(s, dict) and s.get("Sid") == "Alert")
    statements.remove(alert)
    statements.append({"Effect": "Allow", "Action": "s3:PutBucketVersioning", "Resource": "*"})
    deployment.template = doctored
    assert differences(deployment, "s3-policy-checker", derivation) == ({"sns:publish"}, {"s3:putbucketversioning"})
    # Denied everywhere is not granted, whatever Allow says.
    statements.append({"Effect": "Deny", "Action": "s3:Get*", "Resource": "*"})
    missing, _ = differences(deployment, "s3-policy-checker", derivation)
    assert {"s3:getbucketpolicy", "s3:getbucketacl"} <= missing
