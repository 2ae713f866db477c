"""Least privilege in the other direction: what watchpost's own roles can do that their functions
never need. Every role of both stacks is resolved from template.yaml for every combination of the
template's switches (template_iam.every_deployment) and evaluated as IAM evaluates it against the
known IAM privilege-escalation methods, aimed at the role itself, the other watchpost roles and
policies, an unrelated admin role, user, group and policy, and the evidence and trail buckets.
The attacker is assumed to control the function: every request key it can choose (tags in the
request, the configured image and subnet) is chosen to get through; what it cannot choose (the
tags a target already has) is what the target really has - none, for the unrelated ones.

Access levels and resource types come from the Service Authorization Reference as parliament
ships it (parliament's iam_definition.json), not from a list kept here."""
import pytest

from template_iam import (FUNCTIONS, MEMBER_ROLES, SECURITY_ACCOUNT, Deployment, Request, allowed, as_list,
                          every_deployment, sar, statement_applies, trusted)

DEPLOYMENTS = list(every_deployment())
SAR = sar()


def roles(parameters):
    deployment = Deployment(parameters)
    return deployment, {function: deployment.role_documents(role) for function, role in deployment.roles().items()}


def label(parameters):
    return ",".join(f"{k}={v}" for k, v in parameters.items() if k in ("DeploymentRole", "Remediation", "PolicyApply",
                                                                       "RevokeRoleSessions", "ReleaseRestoresProfile", "ForensicAmi"))


def escalations(deployment, function):
    """(name, requests): the escalation works when every request is allowed."""
    account = deployment.account
    p = deployment.parameters
    iam = f"arn:aws:iam::{account}"
    ec2 = f"arn:aws:ec2:us-east-1:{account}"
    instance = f"{ec2}:instance/i-0attacker000000000"
    own = deployment.role_arn(deployment.roles()[function])
    watchpost_roles = [deployment.role_arn(r) for r in deployment.roles().values()]
    watchpost_roles += [f"arn:aws:iam::{a}:role/watchpost-member-{f}" for a in (account, "444455556666") for f in FUNCTIONS]
    watchpost_roles += [deployment.role_arn(r) for r in deployment.service_roles()]
    target_roles = sorted(set(watchpost_roles + [own, f"{iam}:role/admin"]))
    policies = [deployment.physical[l] for l, r in deployment.template["Resources"].items()
                if r["Type"] == "AWS::IAM::ManagedPolicy" and deployment.exists(l)] + [f"{iam}:policy/admin"]
    user, group = f"{iam}:user/admin", f"{iam}:group/admins"
    out = []
    for role in target_roles:
        for action in ("PutRolePolicy", "AttachRolePolicy", "UpdateAssumeRolePolicy", "DeleteRolePermissionsBoundary",
                       "PutRolePermissionsBoundary", "TagRole", "UntagRole", "UpdateRole", "DeleteRole"):
            out.append((f"iam:{action} on {role}", [Request(f"iam:{action}", role)]))
        for service, actions in (("ec2.amazonaws.com", [Request("ec2:AssociateIamInstanceProfile", instance)]),
                                 ("lambda.amazonaws.com", [Request("lambda:CreateFunction", f"arn:aws:lambda:us-east-1:{account}:function:x")]),
                                 ("cloudformation.amazonaws.com", [Request("cloudformation:CreateStack", f"arn:aws:cloudformation:us-east-1:{account}:stack/x/y")]),
                                 ("glue.amazonaws.com", [Request("glue:CreateDevEndpoint", f"arn:aws:glue:us-east-1:{account}:devEndpoint/x")])):
            out.append((f"iam:PassRole {role} to {service} with {actions[0].action}",
                        [Request("iam:PassRole", role, **{"iam:PassedToService": service, "iam:AssociatedResourceArn": instance})] + actions))
        out.append((f"iam:PassRole {role} to a new instance (ec2:RunInstances)",
                    [Request("iam:PassRole", role, **{"iam:PassedToService": "ec2.amazonaws.com", "iam:AssociatedResourceArn": instance})]
                    + run_instances(deployment, profile=f"{iam}:instance-profile/admin")))
    for policy in policies:
        for action in ("CreatePolicyVersion", "SetDefaultPolicyVersion", "DeletePolicy", "TagPolicy"):
            out.append((f"iam:{action} on {policy}", [Request(f"iam:{action}", policy)]))
    for action in ("PutUserPolicy", "AttachUserPolicy", "CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile"):
        out.append((f"iam:{action} on {user}", [Request(f"iam:{action}", user)]))
    out.append((f"iam:AddUserToGroup {group}", [Request("iam:AddUserToGroup", group)]))
    # A disk watchpost did not take, copied onto a machine watchpost did not launch.
    tagged = {"aws:RequestTag/watchpost:incident": "i", "aws:TagKeys": ["watchpost:incident"]}
    out.append(("a volume from a snapshot watchpost did not take",
                [Request("ec2:CreateVolume", "arn:aws:ec2:us-east-1::snapshot/snap-0other00000000000"),
                 Request("ec2:CreateVolume", f"{ec2}:volume/vol-0new000000000000", **tagged)]))
    out.append(("a volume attached to an instance watchpost did not launch",
                [Request("ec2:AttachVolume", f"{ec2}:volume/vol-0evidence00000000", **{"aws:ResourceTag/watchpost:incident": "i"}),
                 Request("ec2:AttachVolume", instance)]))
    out.append(("an instance tagged as watchpost's workstation after the fact",
                [Request("ec2:CreateTags", instance, **{"aws:RequestTag/watchpost:forensic-workstation-for": "i",
                                                        "aws:TagKeys": ["watchpost:forensic-workstation-for"]})]))
    out.append(("a snapshot tagged as watchpost's after the fact",
                [Request("ec2:CreateTags", "arn:aws:ec2:us-east-1::snapshot/snap-0other00000000000",
                         **{"aws:RequestTag/watchpost:incident": "i", "aws:TagKeys": ["watchpost:incident"]})]))
    out.append(("a security group watchpost did not create opened",
                [Request("ec2:AuthorizeSecurityGroupIngress", f"{ec2}:security-group/sg-0other0000000000")]))
    out.append(("a security group tagged as watchpost's after the fact",
                [Request("ec2:CreateTags", f"{ec2}:security-group/sg-0other0000000000",
                         **{"aws:RequestTag/watchpost:group": "isolation", "aws:TagKeys": ["watchpost:group"]})]))
    out.append(("an instance launched without the configured image", run_instances(deployment, image="ami-0other000000000000")))
    out.append(("an instance launched outside the configured subnet", run_instances(deployment, subnet="subnet-0other0000000000")))
    buckets = ([deployment.physical["EvidenceBucket"]] if p["DeploymentRole"] == "security-account" else []) + \
              ([p["TrailBucket"]] if p["TrailBucket"] else [])
    for bucket in buckets:
        for action, context in (("PutBucketPolicy", {}), ("DeleteBucketPolicy", {}), ("PutBucketPublicAccessBlock", {}),
                                ("PutBucketAcl", {"s3:x-amz-acl": "public-read"}), ("PutBucketAcl", {"s3:x-amz-acl": "private"}),
                                ("PutBucketOwnershipControls", {})):
            out.append((f"s3:{action} on watchpost's bucket {bucket}",
                        [Request(f"s3:{action}", f"arn:aws:s3:::{bucket}", **{"aws:ResourceAccount": account}, **context)]))
    for other in FUNCTIONS:
        if other != function:
            out.append((f"sts:AssumeRole of {other}'s member role",
                        [Request("sts:AssumeRole", f"arn:aws:iam::444455556666:role/watchpost-member-{other}")]))
    out.append(("kms:Decrypt with any key", [Request("kms:Decrypt", f"arn:aws:kms:us-east-1:{account}:key/other",
                                                     **{"kms:ViaService": "ssm.us-east-1.amazonaws.com"})]))
    out.append(("ssm:GetParameter of any parameter", [Request("ssm:GetParameter", f"arn:aws:ssm:us-east-1:{account}:parameter/prod/db-password")]))
    return out


def run_instances(deployment, image=None, subnet=None, profile=None):
    """RunInstances as an attacker would send it: watchpost's tags in the request, the configured
    image and subnet unless told otherwise, and watchpost's own group."""
    p, account = deployment.parameters, deployment.account
    ec2 = f"arn:aws:ec2:us-east-1:{account}"
    tags = {"aws:RequestTag/watchpost:incident": "i", "aws:RequestTag/watchpost:forensic-workstation-for": "i",
            "aws:TagKeys": ["watchpost:incident", "watchpost:forensic-workstation-for"]}
    instance_context = {**tags, **({"ec2:InstanceProfile": profile} if profile else {})}
    return [Request("ec2:RunInstances", f"arn:aws:ec2:us-east-1::image/{image or p['ForensicAmi'] or 'ami-0configured0000000'}"),
            Request("ec2:RunInstances", f"{ec2}:subnet/{subnet or p['ForensicSubnet'] or 'subnet-0configured000000'}"),
            Request("ec2:RunInstances", f"{ec2}:network-interface/*", **tags),
            Request("ec2:RunInstances", f"{ec2}:security-group/sg-0watchpost0000000", **{"aws:ResourceTag/watchpost:group": "forensic"}),
            Request("ec2:RunInstances", f"{ec2}:volume/*", **tags),
            Request("ec2:RunInstances", f"{ec2}:instance/*", **instance_context)]


def accepted(parameters, function, name):
    """The one escalation a switch opens on purpose, documented in the README and beside the
    statement: ReleaseRestoresProfile=true lets forensic-isolator pass any role of the account
    (but watchpost's) to an existing instance, which is what re-attaching a profile is."""
    return (parameters["ReleaseRestoresProfile"] == "true" and function == "forensic-isolator"
            and name.startswith("iam:PassRole") and name.endswith("with ec2:AssociateIamInstanceProfile")
            and "/watchpost" not in name)


@pytest.mark.parametrize("parameters", DEPLOYMENTS, ids=[f"{i}:{label(d)}" for i, d in enumerate(DEPLOYMENTS)])
def test_no_role_can_escalate(parameters):
    deployment, documents = roles(parameters)
    assert documents, "no role resolved"
    open_paths = []
    for function, policies in documents.items():
        for name, requests in escalations(deployment, function):
            if all(allowed(policies, r) for r in requests) and not accepted(parameters, function, name):
                open_paths.append(f"{function}: {name}")
    assert open_paths == []


def test_the_accepted_escalation_is_real_and_only_behind_its_switch():
    """The exception above is not a blind spot: with the switch on, the check sees the path."""
    base = {**DEPLOYMENTS[0], "ReleaseRestoresProfile": "true"}
    deployment, documents = roles(base)
    names = [n for n, requests in escalations(deployment, "forensic-isolator")
             if all(allowed(documents["forensic-isolator"], r) for r in requests)]
    assert names == ["iam:PassRole arn:aws:iam::111122223333:role/admin to ec2.amazonaws.com with ec2:AssociateIamInstanceProfile"]


def allow_actions(documents):
    return {a.lower() for d in documents for s in as_list(d["Statement"]) if s["Effect"] == "Allow" for a in as_list(s["Action"])}


def writes(documents, prefixes):
    """Allowed actions of these services that are not reads, by the SAR's access level."""
    return {a for a in allow_actions(documents) if a.split(":")[0] in prefixes and SAR[a][0] not in ("Read", "List")}


def expected_writes(parameters, function):
    """What each switch turns on, and nothing else (lowercase, as IAM compares actions)."""
    on = lambda name: parameters[name] == "true"
    expected = {
        "s3-policy-checker": ({"s3:putbucketpublicaccessblock"} if parameters["Remediation"] == "block-public-access" else set())
        | ({"s3:putbucketpolicy", "s3:deletebucketpolicy", "s3:putbucketacl"}
           if parameters["Remediation"] == "remove-public-statements" else set()),
        "login-notifier": set(),
        "forensic-isolator": ({"iam:putrolepolicy", "iam:deleterolepolicy"} if on("RevokeRoleSessions") else set())
        | ({"iam:passrole"} if on("ReleaseRestoresProfile") else set()),
        "policy-generator": ({"iam:createpolicy", "iam:createpolicyversion", "iam:deletepolicyversion"} if on("PolicyApply") else set())
        | ({"iam:putrolepolicy", "iam:putuserpolicy"} if on("PolicyApply") and parameters["PolicyPrincipals"] else set()),
    }
    return expected[function]


@pytest.mark.parametrize("parameters", DEPLOYMENTS, ids=[f"{i}:{label(d)}" for i, d in enumerate(DEPLOYMENTS)])
def test_iam_and_bucket_access_writes_exist_only_when_their_switch_is_on(parameters):
    deployment, documents = roles(parameters)
    got = {f: writes(d, {"iam"}) | {a for a in writes(d, {"s3"}) if SAR[a][0] == "Permissions management"}
           for f, d in documents.items()}
    assert got == {f: expected_writes(deployment.parameters, f) for f in documents}


@pytest.mark.parametrize("parameters", DEPLOYMENTS[::7], ids=[label(d) for d in DEPLOYMENTS[::7]])
def test_resource_star_only_where_the_action_has_no_resource_type(parameters):
    _, documents = roles(parameters)
    for function, policies in documents.items():
        for document in policies:
            for statement in as_list(document["Statement"]):
                if statement["Effect"] == "Allow":
                    for action in as_list(statement["Action"]):
                        assert "*" not in action, f"{function}: wildcard action {action}"
                        assert action.lower() in SAR, f"{function}: {action} is not an IAM action"
                    if "*" in as_list(statement["Resource"]):
                        scoped = [a for a in as_list(statement["Action"]) if SAR[a.lower()][1]]
                        assert scoped == [], f"{function} {statement.get('Sid')}: {scoped} have resource types"


def test_the_defaults_write_no_iam_and_change_no_bucket_in_either_stack():
    for stack in ({"DeploymentRole": "security-account"}, {"DeploymentRole": "member-account", "SecurityAccountId": SECURITY_ACCOUNT}):
        _, documents = roles(stack)
        assert {f: writes(d, {"iam"}) | {a for a in writes(d, {"s3"}) if SAR[a][0] == "Permissions management"}
                for f, d in documents.items()} == {f: set() for f in FUNCTIONS}
        assert all("sts:getcalleridentity" not in allow_actions(d) for d in documents.values())


@pytest.mark.parametrize("function", FUNCTIONS)
def test_each_member_role_trusts_exactly_its_own_functions_role(function):
    deployment = Deployment({"DeploymentRole": "member-account", "SecurityAccountId": SECURITY_ACCOUNT})
    trust = deployment.trust(MEMBER_ROLES[function])
    role = lambda stack, f: f"arn:aws:iam::{SECURITY_ACCOUNT}:role/{stack}-{f}"
    assert trusted(trust, role("watchpost", function), SECURITY_ACCOUNT)
    assert not trusted(trust, role("watchpost-dev", function), SECURITY_ACCOUNT), "a side-by-side stack's role"
    assert not trusted(trust, f"arn:aws:iam::{SECURITY_ACCOUNT}:user/admin", SECURITY_ACCOUNT)
    for other in FUNCTIONS:
        if other != function:
            assert not trusted(trust, role("watchpost", other), SECURITY_ACCOUNT), other
    assert not trusted(trust, role("watchpost", function).replace(SECURITY_ACCOUNT, "444455556666"), "444455556666")


def test_the_evaluator_sees_what_it_is_meant_to_see():
    """The checks above are only as good as the evaluation: known answers, both ways."""
    document = [{"Statement": [
        {"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "arn:aws:ec2:*:1:instance/*",
         "Condition": {"ForAllValues:StringLike": {"aws:TagKeys": ["watchpost:*"]}, "Null": {"aws:TagKeys": "false"}}},
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}},
        {"Effect": "Deny", "Action": "iam:Pass*", "Resource": "arn:aws:iam::1:role/watchpost-*"}]}]
    instance = "arn:aws:ec2:us-east-1:1:instance/i-1"
    assert allowed(document, Request("ec2:CreateTags", instance, **{"aws:TagKeys": ["watchpost:a", "watchpost:b"]}))
    assert not allowed(document, Request("ec2:CreateTags", instance, **{"aws:TagKeys": ["watchpost:a", "Owner"]}))
    assert not allowed(document, Request("ec2:CreateTags", instance))
    assert not allowed(document, Request("ec2:createtags", "arn:aws:ec2:us-east-1:1:volume/v"))
    assert allowed(document, Request("IAM:PassRole", "arn:aws:iam::1:role/admin", **{"iam:PassedToService": "ec2.amazonaws.com"}))
    assert not allowed(document, Request("iam:PassRole", "arn:aws:iam::1:role/admin", **{"iam:PassedToService": "lambda.amazonaws.com"}))
    assert not allowed(document, Request("iam:PassRole", "arn:aws:iam::1:role/watchpost-x", **{"iam:PassedToService": "ec2.amazonaws.com"}))
    with pytest.raises(NotImplementedError):
        allowed([{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "1"}}}]}],
                Request("s3:GetObject", "x"))


def service_role_requests(deployment, role):
    """(what the service must be able to do with the role, what it must not): the one delivery each
    role exists for, against its neighbours."""
    p, account = deployment.parameters, deployment.account
    stream, key = deployment.physical["LoginStream.Arn"], deployment.physical["AlertsKey.Arn"]
    via_kinesis = {"kms:ViaService": "kinesis.us-east-1.amazonaws.com"}
    group = lambda name: f"arn:aws:logs:us-east-1:{account}:log-group:{name}:*"
    bus = f"arn:aws:events:us-east-1:{p['SecurityAccountId']}:event-bus/{p['SecurityEventBusName']}"
    return {
        "LoginDeliveryRole": (
            [Request("kinesis:PutRecord", stream), Request("kms:GenerateDataKey", key, **via_kinesis)],
            [Request("kinesis:PutRecord", stream.replace("-logins", "-other")), Request("kinesis:PutRecords", stream),
             Request("kinesis:GetRecords", stream), Request("kinesis:DeleteStream", stream),
             Request("kms:GenerateDataKey", key), Request("kms:GenerateDataKey", key, **{"kms:ViaService": "s3.us-east-1.amazonaws.com"}),
             Request("kms:Decrypt", key, **via_kinesis), Request("kms:GenerateDataKey", key.replace("00000000-", "11111111-"), **via_kinesis),
             Request("logs:PutLogEvents", group("/aws/lambda/watchpost-login-notifier"))]),
        "LoginSubscriptionRole": (
            [Request("logs:PutLogEvents", group(p["SshLogGroupName"])), Request("logs:PutLogEvents", group(p["RdpLogGroupName"]))],
            [Request("logs:PutLogEvents", group("/prod/app")), Request("logs:CreateLogGroup", group("/prod/app")),
             Request("logs:PutSubscriptionFilter", group(p["SshLogGroupName"])), Request("logs:DeleteLogGroup", group(p["SshLogGroupName"]))]),
        "ForwardingRole": (
            [Request("events:PutEvents", bus)],
            [Request("events:PutEvents", bus.replace(p["SecurityAccountId"], "444455556666")),
             Request("events:PutRule", f"arn:aws:events:us-east-1:{account}:rule/x")]),
    }[role]


@pytest.mark.parametrize("parameters", DEPLOYMENTS[::7], ids=[label(d) for d in DEPLOYMENTS[::7]])
def test_the_roles_services_deliver_with_do_that_delivery_and_nothing_else(parameters):
    """The roles CloudWatch Logs and EventBridge assume to deliver to watchpost are no function's
    (test_permissions_derived holds those): each is trusted by its service alone, allows its one
    delivery, and nothing beside it - nor any escalation above."""
    deployment = Deployment(parameters)
    roles = deployment.service_roles()
    assert roles, "no service role resolved"
    for role, service in roles.items():
        for statement in as_list(deployment.trust(role)["Statement"]):
            assert statement["Principal"] == {"Service": service} and statement["Action"] == "sts:AssumeRole", role
        policies = deployment.role_documents(role)
        needed, refused = service_role_requests(deployment, role)
        assert [r for r in needed if not allowed(policies, r)] == [], role
        assert [r for r in refused if allowed(policies, r)] == [], role
        reachable = [name for name, requests in escalations(deployment, "login-notifier" if role.startswith("Login") else "s3-policy-checker")
                     if all(allowed(policies, r) for r in requests)]
        assert reachable == [], role


@pytest.mark.parametrize("settings, admitted, refused", [
    ({"OrganizationId": "o-exampleorg1"}, [{"aws:SourceOrgID": "o-exampleorg1"}], [{"aws:SourceOrgID": "o-otherorg000"}, {}]),
    ({"LogSourceAccounts": "123456789012,210987654321"}, [{"aws:SourceAccount": a} for a in (SECURITY_ACCOUNT, "123456789012", "210987654321")],
     [{"aws:SourceAccount": "444455556666"}, {"aws:SourceOrgID": "o-exampleorg1"}]),
    ({}, [{"aws:SourceAccount": SECURITY_ACCOUNT}], [{"aws:SourceAccount": "123456789012"}]),
])
def test_cloudwatch_logs_takes_the_delivery_role_only_for_the_admitted_accounts(settings, admitted, refused):
    """The organization when OrganizationId is set, else the listed accounts and this one (whose
    destination gets CloudWatch Logs' test message); from any region, as each region's destination
    delivers to the one stream."""
    trust = Deployment({"DeploymentRole": "security-account", **settings}).trust("LoginDeliveryRole")
    source = lambda context, region="us-east-1": Request("sts:AssumeRole", "*", **{
        "aws:SourceArn": f"arn:aws:logs:{region}:{context.get('aws:SourceAccount', '123456789012')}:destination:watchpost-logins",
        **context})
    takes = lambda request: any(statement_applies({**s, "Resource": "*"}, request) for s in as_list(trust["Statement"]))
    assert all(takes(source(c)) for c in admitted)
    assert not any(takes(source(c)) for c in refused)
    assert takes(source(admitted[0], region="eu-west-1")), "another region's destination"


def test_only_login_notifier_reads_the_slack_signing_secret():
    """The signing secret verifies Slack's callbacks, which only login-notifier receives: no other
    function's role may read it (or decrypt it), whether or not a webhook is configured too."""
    secret = f"arn:aws:ssm:us-east-1:{SECURITY_ACCOUNT}:parameter/watchpost/slack-signing"
    webhook = f"arn:aws:ssm:us-east-1:{SECURITY_ACCOUNT}:parameter/watchpost/slack-webhook"
    for settings in ({"SlackSigningSecretParameter": "/watchpost/slack-signing"},
                     {"SlackSigningSecretParameter": "/watchpost/slack-signing", "SlackWebhookParameter": "/watchpost/slack-webhook"}):
        deployment, documents = roles({"DeploymentRole": "security-account", **settings})
        for function in FUNCTIONS:
            reads = allowed(documents[function], Request("ssm:GetParameter", secret))
            assert reads == (function == "login-notifier"), (function, settings)
            assert allowed(documents[function], Request("ssm:GetParameter", webhook)) == ("SlackWebhookParameter" in settings), function


SECURITY_DEPLOYMENTS = [d for d in DEPLOYMENTS if d["DeploymentRole"] == "security-account"]


@pytest.mark.parametrize("parameters", SECURITY_DEPLOYMENTS[::12], ids=[label(d) for d in SECURITY_DEPLOYMENTS[::12]])
def test_the_sweep_tally_reaches_its_own_folder_of_the_evidence_bucket_and_nothing_else(parameters):
    """s3-policy-checker keeps a sweep's records under sweeps/ of the evidence bucket: it may write,
    read and list there, and nowhere else of it (forensic evidence, kept policies, the rest)."""
    deployment, documents = roles(parameters)
    evidence = f"arn:aws:s3:::{deployment.physical['EvidenceBucket']}"
    checker = documents["s3-policy-checker"]
    for action in ("s3:PutObject", "s3:GetObject"):
        assert allowed(checker, Request(action, f"{evidence}/sweeps/5e0f8a8e/pages/111122223333/1+0.json"))
        for key in ("forensic-isolator/i-0abc/evidence.json", "policies/app.json", "summary.json", "sweeps", "sweepsX/a"):
            assert not allowed(checker, Request(action, f"{evidence}/{key}")), f"{action} on {key}"
    assert allowed(checker, Request("s3:ListBucket", evidence, **{"s3:prefix": "sweeps/5e0f8a8e/pages/"}))
    assert not allowed(checker, Request("s3:ListBucket", evidence, **{"s3:prefix": "forensic-isolator/"}))
    assert not allowed(checker, Request("s3:ListBucket", evidence)), "listing the whole bucket"
    # No other function reaches the tally.
    for function, other in documents.items():
        if function != "s3-policy-checker":
            assert not allowed(other, Request("s3:PutObject", f"{evidence}/sweeps/5e0f8a8e/summary.json")), function
