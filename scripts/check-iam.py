#!/usr/bin/env python3
"""make template-check's IAM gate: third-party reviewers over watchpost's own roles.

- parliament (with its community auditors) and cloudsplaining over every role policy of both
  stacks (the functions' and the services' that deliver to them), resolved from template.yaml for every combination of the template's switches
  (Tests/e2e/template_iam.py). cloudsplaining flags only a literal "*"; a resource that is as
  broad (arn:aws:s3:::*, role/*, instance/*) is shown to it as "*", so it cannot hide there.
- cfripper --resolve over the template for each parameter set that changes what it contains.

Every finding must be accepted beside the statement it is about: the resource holding the
statement lists it under Metadata "watchpost-checks" as {accepts: "<tool>:<finding>", sid, reason}.
A finding nothing accepts fails the gate; so does an acceptance that matches no finding any more.
Runs in the reviewers' own environment (.venv-iam)."""
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "e2e"))

from cloudsplaining.scan.policy_document import PolicyDocument  # noqa: E402
from parliament import analyze_policy_string  # noqa: E402
from template_iam import SWITCHES, TEMPLATE, Deployment, as_list, every_deployment  # noqa: E402

# An ARN whose resource part is only a wildcard, after its type: as broad as "*" for that type.
# (S3's ARNs have no type: there only arn:aws:s3:::* is.)
BROAD = re.compile(r"^arn:[^:]+:(?:s3:::|(?!s3:)[^:]+:[^:]*:[^:]*:(?:[A-Za-z-]+[/:])?)\*$")
CLOUDSPLAINING = {
    "privilege-escalation": lambda d: sorted({a for p in d.allows_privilege_escalation for a in p["actions"]}),
    "permissions-management": lambda d: d.permissions_management_without_constraints,
    "write": lambda d: d.write_actions_without_constraints,
    "tagging": lambda d: d.tagging_actions_without_constraints,
    "data-exfiltration": lambda d: d.allows_data_exfiltration_actions,
    "credentials-exposure": lambda d: d.credentials_exposure,
}


def acceptances():
    """(tool:finding, logical id, sid or None) -> reason, from the template's resources."""
    accepted = {}
    for logical, resource in TEMPLATE["Resources"].items():
        for entry in resource.get("Metadata", {}).get("watchpost-checks", []):
            assert entry.get("reason", "").strip(), f"{logical}: an acceptance without a reason: {entry}"
            accepted[(entry["accepts"], logical, entry.get("sid"))] = entry["reason"]
    return accepted


def broadened(statement):
    if "Resource" not in statement:
        return statement
    return {**statement, "Resource": ["*" if BROAD.match(r) or r == "*" else r for r in as_list(statement["Resource"])]}


def grants(policies, action):
    """(logical id, sid) of every Allow statement granting this action (IAM compares case-blind)."""
    found = []
    for logical, document in policies:
        for statement in as_list(document["Statement"]):
            if statement["Effect"] == "Allow" and any(a.lower() == action.lower() for a in as_list(statement.get("Action", []))):
                found.append((logical, statement.get("Sid")))
    return found


def accepted_by(accepted, finding, policies, actions):
    """The acceptance that covers this finding, or None. A finding that combines actions (an
    escalation path: PutRolePolicy with AssumeRole) is accepted where one of them is granted; a
    list of unconstrained actions, only where every one of them is."""
    matches = []
    for action in actions:
        sources = grants(policies, action)
        matches.append([(finding, l, s) for l, s in sources if (finding, l, s) in accepted]
                       + [(finding, l, None) for l, _ in sources if (finding, l, None) in accepted])
    if finding.endswith("PRIVILEGE_ESCALATION") and finding.startswith("parliament:"):
        keys = [k for m in matches for k in m]
        return keys or None
    return None if [] in matches else [k for m in matches for k in m]


def review_policies(accepted, used):
    failures, seen = [], set()
    for parameters in every_deployment():
        deployment = Deployment(parameters)
        # The function roles, and the roles AWS services deliver to watchpost with (by logical id).
        for function, role in {**deployment.roles(), **{r: r for r in deployment.service_roles()}}.items():
            policies = deployment.role_policies(role)
            statements = [s for _, d in policies for s in as_list(d["Statement"])]
            key = json.dumps(statements, sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
            where = f"{parameters['DeploymentRole']} {function} ({', '.join(f'{k}={parameters[k]}' for k in SWITCHES)})"
            document = {"Version": "2012-10-17", "Statement": statements}
            found = []
            for issue in analyze_policy_string(json.dumps(document), include_community_auditors=True).findings:
                # Some auditors name their actions only in the detail.
                actions = issue.location.get("actions") or [d["action"] for d in issue.detail if "action" in d] \
                    if isinstance(issue.detail, list) else issue.location.get("actions") or re.findall(r"\b[a-z0-9-]+:[A-Za-z]+\b", str(issue.detail))
                found.append((f"parliament:{issue.issue}", actions, issue.detail))
            splain = PolicyDocument({"Version": "2012-10-17", "Statement": [broadened(s) for s in statements]})
            for name, read in CLOUDSPLAINING.items():
                actions = read(splain)
                if actions:
                    found.append((f"cloudsplaining:{name}", actions, ""))
            for finding, actions, detail in found:
                keys = accepted_by(accepted, finding, policies, actions) if actions else None
                if keys is None:
                    failures.append(f"{where}: {finding} {sorted(actions)} {detail or ''}".rstrip())
                else:
                    used.update(keys)
    return failures, len(seen)


# The parameter sets that change what cfripper sees: each stack with its defaults and with every
# switch and name on, and the two switches a reviewer asks about first on their own.
CFRIPPER_SETS = [{"DeploymentRole": "security-account"},
                 {"DeploymentRole": "member-account", "SecurityAccountId": "111122223333"}]
CFRIPPER_SETS += [{**s, **{k: v[-1] for k, v in SWITCHES.items()}, "SlackWebhookParameter": "/watchpost/slack",
                   "SlackParameterKeyArn": "arn:aws:kms:us-east-1:111122223333:key/11111111-1111-1111-1111-111111111111",
                   "ForensicAmi": "ami-0123456789abcdef0", "ForensicSubnet": "subnet-0123456789abcdef0",
                   "TrailBucket": "org-trail", "PolicyPrincipals": "arn:aws:iam::111122223333:role/app",
                   "OrganizationId": "o-exampleorg1", "SshLogGroupName": "/watchpost/ssh", "RdpLogGroupName": "/watchpost/rdp"}
                  for s in list(CFRIPPER_SETS)]
CFRIPPER_SETS += [{"DeploymentRole": "security-account", "Remediation": "block-public-access"},
                  {"DeploymentRole": "security-account", "PolicyApply": "true"},
                  {"DeploymentRole": "security-account", "LogSourceAccounts": "123456789012,210987654321"}]


def review_template(accepted, used):
    failures = []
    cfripper = os.path.join(os.path.dirname(sys.executable), "cfripper")
    with tempfile.TemporaryDirectory() as scratch:
        for index, parameters in enumerate(CFRIPPER_SETS):
            path = os.path.join(scratch, f"parameters-{index}.json")
            with open(path, "w") as f:
                json.dump(parameters, f)
            run = subprocess.run([cfripper, os.path.join(ROOT, "template.yaml"), "--resolve", "--resolve-parameters", path,
                                  "--format", "json"], capture_output=True, text=True)
            report = json.loads(run.stdout.strip().splitlines()[-1])
            for failure in report["failures"]:
                for logical in failure["resource_ids"]:
                    key = (f"cfripper:{failure['rule']}", logical, None)
                    if key in accepted:
                        used.add(key)
                    else:
                        failures.append(f"cfripper {json.dumps(parameters)}: {failure['rule']} on {logical}: {failure['reason']}")
    return failures


def main():
    accepted, used = acceptances(), set()
    failures, documents = review_policies(accepted, used)
    failures += review_template(accepted, used)
    for key in sorted(set(accepted) - used, key=str):
        failures.append(f"{key[1]} accepts {key[0]}{' for ' + key[2] if key[2] else ''}, which nothing finds any more")
    print(f"IAM review: {documents} distinct role policies over {sum(1 for _ in every_deployment())} parameter sets, "
          f"cfripper over {len(CFRIPPER_SETS)}; {len(used)} accepted findings, {len(failures)} not accepted")
    for failure in failures:
        print(f"  {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
