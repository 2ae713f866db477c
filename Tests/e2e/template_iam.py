"""template.yaml's IAM, resolved for one deployment, and evaluated as IAM evaluates it.

`Deployment(parameters)` resolves the intrinsic functions of the template for one parameter set
(both stacks: DeploymentRole picks which), so tests read the roles' policies from the template
itself, never a copy. `allowed(documents, request)` is IAM's documented evaluation for one
principal's identity policies: an explicit Deny wins, then any Allow, else denied; Action,
NotAction, Resource and the condition operators the template uses. An operator it does not know
raises, so a new kind of condition cannot pass unnoticed.
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)"""
import fnmatch
import glob
import itertools
import json
import os
import re

try:
    from cfnlint.decode import decode_str
except ImportError:  # the IAM checkers' own environment has cfn-flip's loader instead
    decode_str = None

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACCOUNT = "123456789012"
SECURITY_ACCOUNT = "111122223333"
REGION = "us-east-1"
FUNCTIONS = ["s3-policy-checker", "login-notifier", "forensic-isolator", "policy-generator"]
SECURITY_ROLES = {"s3-policy-checker": "S3PolicyCheckerRole", "login-notifier": "LoginNotifierRole",
                  "forensic-isolator": "ForensicIsolatorRole", "policy-generator": "PolicyGeneratorRole"}
MEMBER_ROLES = {"s3-policy-checker": "MemberS3PolicyCheckerRole", "login-notifier": "MemberLoginNotifierRole",
                "forensic-isolator": "MemberForensicIsolatorRole", "policy-generator": "MemberPolicyGeneratorRole"}
# The roles AWS services assume to deliver to watchpost (no function runs with them), by stack.
SECURITY_SERVICE_ROLES = {"LoginDeliveryRole": "logs.amazonaws.com"}
MEMBER_SERVICE_ROLES = {"ForwardingRole": "events.amazonaws.com", "LoginSubscriptionRole": "logs.amazonaws.com"}
NO_VALUE = object()


def template():
    with open(os.path.join(ROOT, "template.yaml")) as f:
        text = f.read()
    if decode_str is None:
        from cfn_flip import to_json
        return json.loads(to_json(text))
    parsed, matches = decode_str(text)
    assert not matches, matches
    return parsed


TEMPLATE = template()


class Deployment:
    """The template's intrinsic functions evaluated for one stack and parameter set. `physical`
    names the stack's resources (a logical id, or "<id>.<attribute>"); unnamed ones get a
    plausible ARN or name so that every policy resolves."""

    def __init__(self, parameters=None, physical=None, stack="watchpost", account=None):
        self.template = TEMPLATE
        self.parameters = {name: spec.get("Default", "") for name, spec in self.template["Parameters"].items()}
        self.parameters.update(parameters or {})
        self.stack = stack
        member = self.parameters["DeploymentRole"] == "member-account"
        self.account = account or (ACCOUNT if member else SECURITY_ACCOUNT)
        self.physical = {**self.default_physical(), **(physical or {})}

    def default_physical(self):
        arn = f"arn:aws:{{}}:{REGION}:{self.account}:{{}}"
        names = {"AlertsTopic": arn.format("sns", f"{self.stack}-alerts"), "IncidentsTopic": arn.format("sns", f"{self.stack}-incidents"),
                 "EvidenceBucket": f"{self.stack}-evidence", "EvidenceBucket.Arn": f"arn:aws:s3:::{self.stack}-evidence",
                 "AlertsKey.Arn": arn.format("kms", "key/00000000-0000-0000-0000-000000000000"),
                 "DeadLetterQueue.Arn": arn.format("sqs", f"{self.stack}-dlq"),
                 "SweepQueue": f"https://sqs.{REGION}.amazonaws.com/{self.account}/{self.stack}-sweep",
                 "SweepQueue.Arn": arn.format("sqs", f"{self.stack}-sweep"),
                 "LoginStream": f"{self.stack}-logins", "LoginStream.Arn": arn.format("kinesis", f"stream/{self.stack}-logins"),
                 "LoginDestination.Arn": arn.format("logs", f"destination:{self.stack}-logins"),
                 "EventBus": f"{self.stack}-events", "EventBus.Arn": arn.format("events", f"event-bus/{self.stack}-events"),
                 "TrailDatabase": self.parameters["TrailDatabaseName"], "TrailTable": "cloudtrail", "TrailWorkGroup": f"{self.stack}-policy-generator",
                 "AthenaResultsBucket": f"{self.stack}-athena-results",
                 "AthenaResultsBucket.Arn": f"arn:aws:s3:::{self.stack}-athena-results"}
        for logical, resource in self.template["Resources"].items():
            if resource["Type"] == "AWS::IAM::ManagedPolicy":
                name = self.value(resource["Properties"]["ManagedPolicyName"], names)
                names[logical] = f"arn:aws:iam::{self.account}:policy/{name}"
            if resource["Type"] == "AWS::IAM::Role" and "RoleName" in resource["Properties"]:
                name = self.value(resource["Properties"]["RoleName"], names)
                names[f"{logical}.Arn"] = f"arn:aws:iam::{self.account}:role/{name}"
        return names

    def condition(self, name):
        return self.value(self.template["Conditions"][name])

    def exists(self, logical):
        condition = self.template["Resources"][logical].get("Condition")
        return condition is None or self.condition(condition)

    def value(self, node, physical=None):
        physical = self.physical if physical is None else physical
        if isinstance(node, list):
            return [v for v in (self.value(item, physical) for item in node) if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, argument), = node.items()
            if key == "Ref":
                if argument in self.template["Resources"] and self.template["Resources"][argument]["Type"] == "AWS::IAM::ManagedPolicy":
                    return physical[argument]
                return self.ref(argument, physical)
            if key == "Fn::Sub":
                text, variables = (argument, {}) if isinstance(argument, str) else argument
                variables = {name: self.value(v, physical) for name, v in variables.items()}
                # ${!name} is CloudFormation's escape for a literal ${name}.
                return re.sub(r"\$\{([^}]+)\}", lambda m: "${" + m.group(1)[1:] + "}" if m.group(1).startswith("!")
                              else str(variables[m.group(1)] if m.group(1) in variables else self.ref(m.group(1), physical)), text)
            if key == "Fn::GetAtt":
                logical, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
                return physical[f"{logical}.{attribute}"]
            if key == "Fn::Join":
                return argument[0].join(self.value(argument[1], physical))
            if key == "Fn::Split":
                return self.value(argument[1], physical).split(argument[0])
            if key == "Fn::If":
                name, yes, no = argument
                return self.value(yes if self.condition(name) else no, physical)
            if key == "Fn::Equals":
                return self.value(argument[0], physical) == self.value(argument[1], physical)
            if key == "Fn::Not":
                return not self.value(argument[0], physical)
            if key == "Fn::And":
                return all(self.value(a, physical) for a in argument)
            if key == "Fn::Or":
                return any(self.value(a, physical) for a in argument)
            if key == "Condition":
                return self.condition(argument)
        return {k: v for k, v in ((k, self.value(v, physical)) for k, v in node.items()) if v is not NO_VALUE}

    def ref(self, name, physical):
        pseudo = {"AWS::AccountId": self.account, "AWS::Region": REGION, "AWS::Partition": "aws",
                  "AWS::NoValue": NO_VALUE, "AWS::StackName": self.stack}
        if name in pseudo:
            return pseudo[name]
        if name in self.parameters:
            value = self.parameters[name]
            if self.template["Parameters"][name]["Type"] == "CommaDelimitedList":
                return [v for v in value.split(",")] if isinstance(value, str) else value
            return str(value)
        return physical[name]

    def role_documents(self, role):
        """Every identity policy document of the role: inline and attached managed ones."""
        return [document for _, document in self.role_policies(role)]

    def role_policies(self, role):
        """(logical id of the resource that holds it, document) for each of the role's policies."""
        properties = self.template["Resources"][role]["Properties"]
        policies = [(role, self.value(p["PolicyDocument"])) for p in properties.get("Policies", [])]
        managed = {self.physical[logical]: logical for logical, resource in self.template["Resources"].items()
                   if resource["Type"] == "AWS::IAM::ManagedPolicy"}
        for arn in self.value(properties.get("ManagedPolicyArns", [])):
            policies.append((managed[arn], self.value(self.template["Resources"][managed[arn]]["Properties"]["PolicyDocument"])))
        return policies

    def trust(self, role):
        return self.value(self.template["Resources"][role]["Properties"]["AssumeRolePolicyDocument"])

    def roles(self):
        """function -> role logical id, of the stack this deployment is."""
        table = MEMBER_ROLES if self.parameters["DeploymentRole"] == "member-account" else SECURITY_ROLES
        return {f: r for f, r in table.items() if self.exists(r)}

    def service_roles(self):
        """role logical id -> the AWS service that assumes it, of the stack this deployment is."""
        table = MEMBER_SERVICE_ROLES if self.parameters["DeploymentRole"] == "member-account" else SECURITY_SERVICE_ROLES
        return {r: service for r, service in table.items() if self.exists(r)}

    def role_arn(self, role):
        return self.physical[f"{role}.Arn"]


def sar():
    """The Service Authorization Reference: {"prefix:Action": (access level, [resource types])}."""
    candidates = glob.glob(os.path.join(ROOT, ".venv*", "lib", "python3*", "site-packages", "parliament", "iam_definition.json"))
    try:
        import parliament
        candidates.insert(0, os.path.join(os.path.dirname(parliament.__file__), "iam_definition.json"))
    except ImportError:
        pass
    assert candidates, "parliament's iam_definition.json is needed (make setup installs parliament)"
    with open(candidates[0]) as f:
        services = json.load(f)
    return {f"{s['prefix']}:{p['privilege']}".lower(): (p["access_level"], [r["resource_type"] for r in p["resource_types"] if r["resource_type"]])
            for s in services for p in s["privileges"]}


def as_list(value):
    return value if isinstance(value, list) else [value]


def matches(pattern, value, case_sensitive=True):
    """IAM's wildcards: * any run of characters, ? any one character."""
    if not case_sensitive:
        pattern, value = pattern.lower(), value.lower()
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))


class Request:
    """One authorization: an action on a resource, with the request context's keys (a list value
    is a multi-valued key, such as aws:TagKeys)."""

    def __init__(self, action, resource, **context):
        self.action, self.resource, self.context = action, resource, context

    def __repr__(self):
        return f"{self.action} on {self.resource} {self.context or ''}"


def condition_holds(operator, key, expected, context):
    expected = [str(e).lower() if isinstance(e, bool) else str(e) for e in as_list(expected)]
    present = key in context and context[key] is not None
    if operator == "Null":
        return (not present) == (expected[0] == "true")
    qualifier, _, base = operator.rpartition(":")
    values = as_list(context[key]) if present else []
    if base in ("StringEquals", "ArnEquals", "Bool"):
        test = lambda v: any(v == e for e in expected)
    elif base in ("StringLike", "ArnLike"):
        test = lambda v: any(matches(e, v) for e in expected)
    elif base == "StringNotEquals":
        test = lambda v: all(v != e for e in expected)
    else:
        raise NotImplementedError(f"condition operator {operator}")
    if qualifier == "ForAllValues":
        return all(test(str(v)) for v in values)
    if qualifier == "ForAnyValue":
        return any(test(str(v)) for v in values)
    if qualifier:
        raise NotImplementedError(f"condition qualifier {qualifier}")
    return present and any(test(str(v)) for v in values)


def statement_applies(statement, request):
    if "Action" in statement:
        if not any(matches(a, request.action, case_sensitive=False) for a in as_list(statement["Action"])):
            return False
    elif any(matches(a, request.action, case_sensitive=False) for a in as_list(statement["NotAction"])):
        return False
    if "Resource" in statement:
        if not any(matches(r, request.resource) for r in as_list(statement["Resource"])):
            return False
    elif any(matches(r, request.resource) for r in as_list(statement["NotResource"])):
        return False
    for operator, keys in statement.get("Condition", {}).items():
        for key, expected in keys.items():
            if not condition_holds(operator, key, expected, request.context):
                return False
    return True


def allowed(documents, request):
    statements = [s for d in documents for s in as_list(d["Statement"])]
    applying = [s for s in statements if statement_applies(s, request)]
    if any(s["Effect"] == "Deny" for s in applying):
        return False
    return any(s["Effect"] == "Allow" for s in applying)


def trusted(trust_document, principal_arn, account):
    """Whether a principal of `account` with this ARN may assume the role (the trust policy alone:
    the caller's own sts:AssumeRole grant is checked separately)."""
    for statement in as_list(trust_document["Statement"]):
        principal = statement.get("Principal", {}).get("AWS")
        if principal is None:
            continue
        if not any(p in (principal_arn, f"arn:aws:iam::{account}:root", account, "*") for p in as_list(principal)):
            continue
        if statement_applies({**statement, "Resource": "*"}, Request("sts:AssumeRole", "x", **{"aws:PrincipalArn": principal_arn})):
            return statement["Effect"] == "Allow"
    return False


# The template's switches, each with the values a deployment can give it. Every combination is a
# deployment someone can make.
SWITCHES = {
    "Remediation": ["alert", "block-public-access", "remove-public-statements"],
    "PolicyApply": ["false", "true"],
    "RevokeRoleSessions": ["false", "true"],
    "ReleaseRestoresProfile": ["false", "true"],
    "SecurityHub": ["false", "true"],
    "DryRun": ["false", "true"],
}
# Settings that are names rather than switches: empty, or set.
SETTINGS = [
    {},
    {"SlackWebhookParameter": "/watchpost/slack-webhook", "SlackSigningSecretParameter": "/watchpost/slack-signing",
     "SlackParameterKeyArn": f"arn:aws:kms:{REGION}:{SECURITY_ACCOUNT}:key/11111111-1111-1111-1111-111111111111",
     "ForensicAmi": "ami-0123456789abcdef0", "ForensicSubnet": "subnet-0123456789abcdef0",
     "TrailBucket": "org-trail", "PolicyPrincipals": f"arn:aws:iam::{ACCOUNT}:role/app,arn:aws:iam::{SECURITY_ACCOUNT}:role/app",
     "OrganizationRoleArn": "arn:aws:iam::222222222222:role/watchpost-organization-read", "SweepAccounts": ACCOUNT,
     "OrganizationId": "o-exampleorg1", "LogSourceAccounts": ACCOUNT, "SshLogGroupName": "/watchpost/ssh",
     "RdpLogGroupName": "/watchpost/rdp"},
]
STACKS = [{"DeploymentRole": "security-account"},
          {"DeploymentRole": "member-account", "SecurityAccountId": SECURITY_ACCOUNT}]


def every_deployment():
    """Every stack × every combination of switches × names empty or set."""
    names = list(SWITCHES)
    for stack, settings, values in itertools.product(STACKS, SETTINGS, itertools.product(*SWITCHES.values())):
        yield {**stack, **settings, **dict(zip(names, values))}
