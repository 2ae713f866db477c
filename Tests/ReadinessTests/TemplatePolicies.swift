import Foundation
import TestSupport

/// The IAM statements template.yaml gives its roles and managed policies, read as YAML (PyYAML,
/// CloudFormation's short tags kept as `Fn::…`) and resolved as CloudFormation would in account
/// 111122223333, us-east-1: `!Sub`, `!Ref`, `!GetAtt …Arn`; parameters take their defaults, a
/// resource its logical id as its name. Statements under `!If` are marked conditional.
struct TemplatePolicies: Decodable {
    struct Statement: Decodable {
        let conditional: Bool
        let allow: Bool
        let hasCondition: Bool
        let actions: [String]
        let resources: [String]
    }

    /// Logical id → its statements (a role's inline policies and attached managed policies, or a
    /// managed policy's document).
    let statements: [String: [Statement]]
    /// Logical id → what `{<logical id>}` stands for in a declared call's resource (Ref's value).
    let physical: [String: String]

    static let account = "111122223333", region = "us-east-1"

    static func load() throws -> TemplatePolicies {
        let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../template.yaml").standardized.path
        // The project's Python (TestSupport's): it has PyYAML, cfn-lint's; the system's may not.
        let data = Data(try Run.python(["-c", script, template, account, region]).utf8)
        return try JSONDecoder().decode(TemplatePolicies.self, from: data)
    }

    /// IAM's wildcard match: `*` any run of characters, `?` one; actions case-insensitively.
    static func matches(_ pattern: String, _ value: String, caseInsensitive: Bool = false) -> Bool {
        let p = Array(caseInsensitive ? pattern.lowercased() : pattern), v = Array(caseInsensitive ? value.lowercased() : value)
        var table = Array(repeating: Array(repeating: false, count: v.count + 1), count: p.count + 1)
        table[0][0] = true
        for i in stride(from: 1, through: p.count, by: 1) where p[i - 1] == "*" { table[i][0] = table[i - 1][0] }
        for i in stride(from: 1, through: p.count, by: 1) {
            for j in stride(from: 1, through: v.count, by: 1) {
                switch p[i - 1] {
                case "*": table[i][j] = table[i - 1][j] || table[i][j - 1]
                case "?": table[i][j] = table[i - 1][j - 1]
                default: table[i][j] = table[i - 1][j - 1] && p[i - 1] == v[j - 1]
                }
            }
        }
        return table[p.count][v.count]
    }

    /// An Allow statement of `logicalID`, with no IAM condition (and, unless `conditional`, not under
    /// `!If`), that grants `action` on `resource`.
    func grants(_ logicalID: String, _ action: String, on resource: String, allowingConditional: Bool = false) -> Bool {
        (statements[logicalID] ?? []).contains { statement in
            statement.allow && !statement.hasCondition && (allowingConditional || !statement.conditional)
                && statement.actions.contains { Self.matches($0, action, caseInsensitive: true) }
                && statement.resources.contains { Self.matches($0, resource) }
        }
    }

    private static let script = #"""
import json, re, sys, yaml
path, account, region = sys.argv[1:4]

class Loader(yaml.SafeLoader):
    pass

def tag(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}

Loader.add_multi_constructor("!", tag)
template = yaml.load(open(path), Loader)
resources = template.get("Resources", {})
parameters = {k: str(v.get("Default", k)) for k, v in template.get("Parameters", {}).items()}
pseudo = {"AWS::Partition": "aws", "AWS::Region": region, "AWS::AccountId": account, "AWS::URLSuffix": "amazonaws.com",
          "AWS::StackName": "watchpost"}

def ref(name):
    if name in pseudo: return pseudo[name]
    if name in parameters: return parameters[name]
    kind = resources.get(name, {}).get("Type", "")
    if kind == "AWS::SNS::Topic": return f"arn:aws:sns:{region}:{account}:{name}"
    if kind == "AWS::SQS::Queue": return f"https://sqs.{region}.amazonaws.com/{account}/{name}"
    return name

def arn(name):
    kind = resources.get(name, {}).get("Type", "")
    return {
        "AWS::S3::Bucket": f"arn:aws:s3:::{name}",
        "AWS::Events::EventBus": f"arn:aws:events:{region}:{account}:event-bus/{name}",
        "AWS::SQS::Queue": f"arn:aws:sqs:{region}:{account}:{name}",
        "AWS::SNS::Topic": f"arn:aws:sns:{region}:{account}:{name}",
        "AWS::KMS::Key": f"arn:aws:kms:{region}:{account}:key/{name}",
        "AWS::IAM::Role": f"arn:aws:iam::{account}:role/{name}",
        "AWS::Lambda::Function": f"arn:aws:lambda:{region}:{account}:function:{name}",
        "AWS::Kinesis::Stream": f"arn:aws:kinesis:{region}:{account}:stream/{name}",
    }.get(kind, f"arn:unresolved:{name}")

NO_VALUE = object()

def resolve(value):
    """A value with its intrinsic functions worked out; Fn::If gives both branches, as a list."""
    if isinstance(value, dict) and len(value) == 1:
        (key, arg), = value.items()
        if key == "Ref":
            return NO_VALUE if arg == "AWS::NoValue" else ref(arg)
        if key == "Fn::GetAtt":
            return arn(arg[0]) if arg[1] == "Arn" else f"{arg[0]}.{arg[1]}"
        if key == "Fn::Sub":
            text, names = (arg, {}) if isinstance(arg, str) else (arg[0], {k: resolve(v) for k, v in arg[1].items()})
            def one(m):
                name = m.group(1)
                if name in names: return str(names[name])
                if "." in name:
                    logical, attribute = name.split(".", 1)
                    return arn(logical) if attribute == "Arn" else name
                return ref(name)
            return re.sub(r"\$\{([^}!]+)\}", one, text)
        if key == "Fn::If":
            return [resolve(arg[1]), resolve(arg[2])]
        if key == "Fn::Join":
            return arg[0].join(str(resolve(v)) for v in arg[1])
    return value

def flat(value):
    value = resolve(value)
    if value is NO_VALUE or value is None: return []
    if isinstance(value, list): return [x for v in value for x in flat(v)]
    return [value]

def statements(document):
    found = []
    for entry in (document or {}).get("Statement", []):
        conditional = isinstance(entry, dict) and list(entry) == ["Fn::If"]
        for statement in (flat(entry) if conditional else [entry]):
            if not isinstance(statement, dict): continue
            found.append({"conditional": conditional, "allow": statement.get("Effect") == "Allow",
                          "hasCondition": "Condition" in statement,
                          "actions": [str(a) for a in flat(statement.get("Action"))],
                          "resources": [str(r) for r in flat(statement.get("Resource"))]})
    return found

out = {}
for name, resource in resources.items():
    properties = resource.get("Properties", {})
    if resource.get("Type") == "AWS::IAM::Role":
        out[name] = [s for p in properties.get("Policies", []) for s in statements(p.get("PolicyDocument"))]
    elif resource.get("Type") == "AWS::IAM::ManagedPolicy":
        out[name] = statements(properties.get("PolicyDocument"))
# A role holds the statements of the managed policies it attaches too (one under !If: conditional).
for name, resource in resources.items():
    if resource.get("Type") != "AWS::IAM::Role": continue
    for entry in resource.get("Properties", {}).get("ManagedPolicyArns", []):
        conditional = isinstance(entry, dict) and list(entry) == ["Fn::If"]
        for policy in (flat(entry) if conditional else [entry.get("Ref") if isinstance(entry, dict) else None]):
            if isinstance(policy, str) and policy in out:
                out[name] += [dict(s, conditional=s["conditional"] or conditional) for s in out[policy]]
print(json.dumps({"statements": out, "physical": {**{name: ref(name) for name in resources},
                                                **{f"{name}.Arn": arn(name) for name in resources}}}))
"""#
}
