"""policy-generator "source": "athena" end to end: the real executable through lambda-local
against moto, with every query the function sends really executed (athena_engine: transpiled
from Trino with sqlglot, run by DuckDB over the trail's own gzipped files, rows served through
moto's Athena). Athena must give the answer the S3 path gives on the same files."""
import json
import os
import urllib.request

import pytest
import sqlglot

from athena_engine import AthenaProxy, TrailEngine, athena_call, athena_json_model_home
from conftest import MotoServer
from template_iam import SECURITY_ACCOUNT, Deployment, Request, allowed
from test_policy_generator import (ACCOUNT, ORG, OTHER_ROLE, ROLE, TRAIL, WINDOW, create_role, day_folder, identity,
                                   put_log_file, rec, seed_org_trail, user_identity)

DATABASE = "watchpost_trail"
WORKGROUP = "watchpost-policy-generator"
USER = f"arn:aws:iam::{ACCOUNT}:user/ci-admin"
# What both sources must agree on (recordsRead differs: the S3 path reads every record of the files).
SAME = ["recordsMatched", "actions", "inferred", "resources", "policy", "denied", "unmapped", "excluded", "unused", "size"]


@pytest.fixture(scope="module")
def athena_moto(tmp_path_factory):
    """moto with Athena's JSON 1.1 model (see athena_engine), for this module's tests."""
    home = str(tmp_path_factory.mktemp("moto-home"))
    athena_json_model_home(home)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", home)
        server = MotoServer()
    yield server
    server.stop()


@pytest.fixture
def moto(athena_moto):
    athena_moto.reset()
    return athena_moto


def seed_shapes(moto):
    """Records that take the mapper down its other paths, in the files the S3 path reads too."""
    s3 = moto.client("s3")
    role = f"arn:aws:iam::{ACCOUNT}:role/api-task"
    folder = day_folder("eu-west-1", 20)
    put_log_file(s3, folder + f"{ACCOUNT}_CloudTrail_eu-west-1_20261120T1105Z_g.json.gz", [
        rec("ecs.amazonaws.com", "RegisterTaskDefinition", {"family": "api", "taskRoleArn": role}),
        # The same call from two sessions is one shape, counted twice.
        rec("ecs.amazonaws.com", "RegisterTaskDefinition", {"family": "api", "taskRoleArn": role}, who=identity(ROLE, "session-2")),
        rec("ec2.amazonaws.com", "RunInstances", {"instanceType": "t3.micro", "iamInstanceProfile": {"name": "web"},
                                                  "tagSpecificationSet": {"items": [{"resourceType": "instance", "tags": [{"key": "team", "value": "orders"}]}]}}),
        rec("s3.amazonaws.com", "GetObject", {"bucketName": "orders-data", "key": "in/2.json", "versionId": "v2"}),
        rec("s3.amazonaws.com", "CopyObject", {"bucketName": "orders-data", "key": "out/2.json", "x-amz-acl": "private",
                                               "x-amz-copy-source": "orders-data/in/2.json"}),
        rec("dynamodb.amazonaws.com", "TransactWriteItems", {"transactItems": [{"put": {"tableName": "orders"}},
                                                                                {"delete": {"tableName": "orders"}}]}),
        rec("lambda.amazonaws.com", "Invoke", {"functionName": "orders-worker"}),
        rec("kms.amazonaws.com", "Decrypt", None,
            resources=[{"ARN": f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab", "accountId": ACCOUNT,
                        "type": "AWS::KMS::Key"}, {"accountId": ACCOUNT}]),
        rec("sqs.amazonaws.com", "ReceiveMessage", {"queueUrl": "q"}, errorCode="Forbidden",
            errorMessage="User: x is not authorized to perform: sqs:ReceiveMessage"),
        rec("sns.amazonaws.com", "Publish", {"topicArn": "t"}, errorCode="InvalidParameter"),
        rec("kms.amazonaws.com", "Decrypt", None, eventType="AwsServiceEvent"),
        # The role by another path and case: the same role to IAM.
        rec("sqs.amazonaws.com", "GetQueueUrl", {"queueName": "orders"},
            who=identity(f"arn:aws:iam::{ACCOUNT}:role/service/Orders-API")),
    ])
    put_log_file(s3, day_folder("us-east-1", 20) + f"{ACCOUNT}_CloudTrail_us-east-1_20261120T1305Z_h.json.gz", [
        rec("sts.amazonaws.com", "AssumeRole", {"roleArn": f"arn:aws:iam::{ACCOUNT}:role/deploy", "roleSessionName": "x",
                                                "tags": [{"key": "team", "value": "orders"}], "sourceIdentity": "alice"},
            region="us-east-1"),
        rec("s3.amazonaws.com", "ListBuckets", None, who=user_identity(USER), region="us-east-1"),
        rec("s3.amazonaws.com", "GetObject", {"bucketName": "ci", "key": "build.zip"}, who=user_identity(USER), region="us-east-1"),
        # A federation session of the user: the user is its issuer.
        rec("sqs.amazonaws.com", "ListQueues", None, region="us-east-1", who={
            "type": "FederatedUser", "arn": f"arn:aws:sts::{ACCOUNT}:federated-user/bob", "accountId": ACCOUNT,
            "sessionContext": {"sessionIssuer": {"type": "IAMUser", "arn": USER, "accountId": ACCOUNT, "userName": "ci-admin"}}}),
    ])


def download(moto, root):
    s3 = moto.client("s3")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=TRAIL):
        for item in page.get("Contents", []):
            path = os.path.join(root, item["Key"])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            s3.download_file(TRAIL, item["Key"], path)


def serve(moto, tmp_path, layout):
    """The trail's files as they are in moto's S3, the template's table over them (`layout`: its
    trail parameters), the workgroup, and the proxy that runs the queries."""
    download(moto, str(tmp_path / "trail"))
    engine = TrailEngine(str(tmp_path / "trail"), {"TrailBucket": TRAIL, **layout}, DATABASE)
    athena_call(moto, "CreateWorkGroup", {"Name": WORKGROUP, "Configuration": {"EnforceWorkGroupConfiguration": True}})
    return AthenaProxy(moto, engine)


@pytest.fixture
def athena(moto, tmp_path):
    """An organization trail in moto's S3 and its Athena table over the same files."""
    seed_org_trail(moto)
    seed_shapes(moto)
    create_role(moto)
    proxy = serve(moto, tmp_path, {"TrailOrganizationId": ORG})
    yield proxy
    proxy.stop()


def athena_env(moto, proxy, **extra):
    return moto.env(ATHENA_DATABASE=DATABASE, ATHENA_TABLE="cloudtrail", ATHENA_WORKGROUP=WORKGROUP,
                    AWS_ENDPOINT_URL_ATHENA=proxy.endpoint, **extra)


def invoke(run_function, event, env, timeout=30):
    invocation = run_function("policy-generator", [event], env=env, timeout=timeout).invocations[0]
    assert invocation.ok, invocation
    return invocation.response


def transition(moto, state):
    """moto's query state: "manual" with many ticks holds it QUEUED; None restores immediate success."""
    path, body = (("unset-transition", {"model_name": "athena::execution"}) if state is None else
                  ("set-transition", {"model_name": "athena::execution", "transition": state}))
    urllib.request.urlopen(urllib.request.Request(moto.endpoint + "/moto-api/state-manager/" + path,
                                                  data=json.dumps(body).encode(), method="POST"))


@pytest.mark.parametrize("principal,regions", [(ROLE, ["eu-west-1"]), (ROLE, None), (USER, None)])
def test_athena_gives_the_s3_paths_answer(moto, athena, run_function, principal, regions):
    event = {"principalArn": principal, **WINDOW, **({"regions": regions} if regions else {})}
    from_s3 = invoke(run_function, {**event, "source": "s3", "trailBucket": TRAIL}, moto.env())
    from_athena = invoke(run_function, {**event, "source": "athena"}, athena_env(moto, athena))

    assert from_s3["actions"], from_s3  # the corpus gives this principal work to do
    assert {field: from_athena[field] for field in SAME} == {field: from_s3[field] for field in SAME}
    assert from_athena["source"] == "athena"
    # One query, exactly as sent, valid Trino; its rows came over several pages.
    assert len(athena.queries) == 1
    sqlglot.parse_one(athena.queries[0], read="trino")
    assert athena.result_pages > 1
    query = from_athena["query"]
    assert query["state"] == "SUCCEEDED" and query["rows"] > 0
    # moto scans nothing and times nothing; the cost of a real scan is unit-tested.
    assert (query["bytesScanned"], query["estimatedCostUSD"], query["engineTimeMs"]) == (0, 0, 0)


def test_a_single_account_trail_gives_the_same_answer_too(moto, tmp_path, run_function):
    seed_org_trail(moto)
    seed_shapes(moto)
    create_role(moto)
    s3 = moto.client("s3")
    for item in s3.list_objects_v2(Bucket=TRAIL)["Contents"]:  # AWSLogs/<account>/… instead
        s3.copy_object(Bucket=TRAIL, Key=item["Key"].replace(f"{ORG}/", ""), CopySource={"Bucket": TRAIL, "Key": item["Key"]})
        s3.delete_object(Bucket=TRAIL, Key=item["Key"])
    proxy = serve(moto, tmp_path, {})
    try:
        event = {"principalArn": ROLE, **WINDOW}
        from_s3 = invoke(run_function, {**event, "source": "s3", "trailBucket": TRAIL}, moto.env())
        from_athena = invoke(run_function, {**event, "source": "athena"}, athena_env(moto, proxy))
    finally:
        proxy.stop()
    assert from_s3["actions"]
    assert {field: from_athena[field] for field in SAME} == {field: from_s3[field] for field in SAME}


def test_the_schedule_reads_athena_when_configured(moto, athena, run_function):
    response = invoke(run_function, "policy-generator/scheduled-weekly.json",
                      athena_env(moto, athena, POLICY_PRINCIPALS=f"{ROLE},{OTHER_ROLE}", POLICY_SOURCE="athena"))
    assert [r["source"] for r in response["results"]] == ["athena", "athena"]
    assert response["results"][1]["actions"] == ["s3:PutObject"]
    assert len(athena.queries) == 2 and "pending" not in response
    # Both queries run side by side: started before either is waited for.
    assert athena.operations[:2] == ["StartQueryExecution", "StartQueryExecution"]


def test_a_query_still_running_at_the_deadline_is_resumed_not_lost(moto, athena, run_function):
    event = {"principalArn": ROLE, **WINDOW, "source": "athena"}
    transition(moto, {"progression": "manual", "times": 100000})
    try:
        pending = invoke(run_function, event, athena_env(moto, athena), timeout=4)
    finally:
        transition(moto, None)
    assert pending["status"] == "query-running" and "policy" not in pending
    assert pending["query"]["state"] in ("QUEUED", "RUNNING")
    query_id = pending["resume"]["queryExecutionId"]
    assert pending["query"]["id"] == query_id

    resumed = invoke(run_function, {**event, **pending["resume"]}, athena_env(moto, athena))
    assert resumed["query"]["id"] == query_id and len(athena.queries) == 1  # read, not started again
    from_s3 = invoke(run_function, {**event, "source": "s3", "trailBucket": TRAIL}, moto.env())
    assert {f: resumed[f] for f in SAME} == {f: from_s3[f] for f in SAME}

    # Another principal's request cannot take this query's rows as its own.
    other = run_function("policy-generator", [{**event, "principalArn": OTHER_ROLE, **pending["resume"]}],
                         env=athena_env(moto, athena)).invocations[0]
    assert not other.ok and other.error["errorType"] == "AthenaQueryMismatch"
    assert query_id in other.error["errorMessage"]


# moto finishes every query it starts; these are the states Athena reports for the failures,
# given to the function as Athena's GetQueryExecution would.
@pytest.mark.parametrize("status,error_type", [
    ({"State": "CANCELLED", "StateChangeReason": "Query cancelled! : Bytes scanned limit was exceeded"}, "AthenaScanLimitExceeded"),
    ({"State": "FAILED", "StateChangeReason": "TABLE_NOT_FOUND: line 6:8: Table 'awsdatacatalog.watchpost_trail.cloudtrail' does not exist",
      "AthenaError": {"ErrorCategory": 2, "ErrorType": 1301,
                      "ErrorMessage": "TABLE_NOT_FOUND: line 6:8: Table 'awsdatacatalog.watchpost_trail.cloudtrail' does not exist"}},
     "AthenaTableMissing"),
    ({"State": "CANCELLED", "StateChangeReason": "Cancelled by the workgroup's administrator"}, "AthenaQueryCancelled"),
])
def test_athena_failures_are_typed_errors_naming_the_query(moto, athena, run_function, status, error_type):
    athena.state_override = lambda execution: {**execution, "Status": {**execution["Status"], **status}}
    run = run_function("policy-generator", [{"principalArn": ROLE, **WINDOW, "source": "athena"}], env=athena_env(moto, athena))
    invocation = run.invocations[0]
    assert not invocation.ok
    assert invocation.error["errorType"] == error_type
    assert len(athena.started) == 1 and athena.started[0] in invocation.error["errorMessage"]


def test_a_value_that_could_change_the_query_is_refused_before_any_query(moto, athena, run_function):
    event = {"principalArn": f"arn:aws:iam::{ACCOUNT}:role/x'OR'1'='1", **WINDOW, "source": "athena"}
    invocation = run_function("policy-generator", [event], env=athena_env(moto, athena)).invocations[0]
    assert not invocation.ok and invocation.error["errorType"] == "UnsafeQueryValue"
    regions = run_function("policy-generator", [{"principalArn": ROLE, **WINDOW, "source": "athena",
                                                 "regions": ["eu-west-1') OR ('1'='1"]}], env=athena_env(moto, athena)).invocations[0]
    assert not regions.ok and regions.error["errorType"] == "UnsafeQueryValue"
    assert athena.queries == []


def test_athena_throttling_past_the_retries_is_a_typed_error_naming_the_query(moto, athena, run_function):
    athena.throttled = {"GetQueryExecution"}
    invocation = run_function("policy-generator", [{"principalArn": ROLE, **WINDOW, "source": "athena"}],
                              env=athena_env(moto, athena, AWS_MAX_ATTEMPTS="2")).invocations[0]
    assert not invocation.ok and invocation.error["errorType"] == "AthenaThrottled"
    assert athena.started[0] in invocation.error["errorMessage"]


def test_the_role_queries_only_its_workgroup_and_table_and_writes_only_its_results():
    """Both directions, as IAM evaluates the role's policies (template_iam): what the Athena
    source needs, and nothing beside it."""
    deployment = Deployment({"TrailBucket": "org-trail", "TrailOrganizationId": ORG})
    documents = deployment.role_documents("PolicyGeneratorRole")
    arn = lambda service, resource: f"arn:aws:{service}:us-east-1:{SECURITY_ACCOUNT}:{resource}"
    results = "arn:aws:s3:::watchpost-athena-results"
    needed = [Request(a, arn("athena", "workgroup/watchpost-policy-generator"))
              for a in ("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults")]
    needed += [Request(a, r) for a in ("glue:GetDatabase", "glue:GetTable", "glue:GetPartitions")
               for r in (arn("glue", "catalog"), arn("glue", "database/watchpost_trail"), arn("glue", "table/watchpost_trail/cloudtrail"))]
    needed += [Request("s3:GetBucketLocation", results), Request("s3:ListBucket", results),
               Request("s3:PutObject", results + "/results/q.csv"), Request("s3:GetObject", results + "/results/q.csv"),
               Request("s3:GetObject", "arn:aws:s3:::org-trail/AWSLogs/x.json.gz")]
    beside = [Request("athena:StartQueryExecution", arn("athena", "workgroup/primary")),
              Request("athena:CreateWorkGroup", arn("athena", "workgroup/mine")),
              Request("athena:UpdateWorkGroup", arn("athena", "workgroup/watchpost-policy-generator")),
              Request("glue:GetTable", arn("glue", "table/watchpost_trail/other")),
              Request("glue:UpdateTable", arn("glue", "table/watchpost_trail/cloudtrail")),
              Request("glue:DeleteTable", arn("glue", "table/watchpost_trail/cloudtrail")),
              Request("s3:PutObject", results + "/elsewhere/x"), Request("s3:DeleteObject", results + "/results/q.csv"),
              Request("s3:PutObject", "arn:aws:s3:::org-trail/AWSLogs/x.json.gz"),
              Request("s3:PutBucketPolicy", results)]
    assert [r.action for r in needed if not allowed(documents, r)] == []
    assert [r.action for r in beside if allowed(documents, r)] == []
    without_trail = Deployment({}).role_documents("PolicyGeneratorRole")
    assert not any(allowed(without_trail, r) for r in needed[:3])
