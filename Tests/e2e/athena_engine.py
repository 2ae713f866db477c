"""Athena for the end-to-end tests, made of parts that really run SQL.

`TrailEngine` is the template's CloudTrail table (its columns, types and storage layout, read
from template.yaml) as a DuckDB view over the trail's gzipped files, `read_json` over their
`Records` arrays: a query the function sends is transpiled from Athena's dialect (Trino) with
sqlglot and executed on the same files the S3 path reads.

`AthenaProxy` stands in front of moto's Athena. moto runs no query: it serves results a test
injects (POST /moto-api/static/athena/query-results), queued and handed to the next
StartQueryExecution. The proxy catches each StartQueryExecution, runs its exact text with the
engine, injects the rows (with Athena's column-label row first), then lets moto start the query.
moto also answers GetQueryResults in one piece whatever MaxResults and NextToken say: the proxy
pages its answer as Athena does (labels on the first page only), a few rows a page, so the
function's pagination is exercised.

botocore 1.44 models Athena as REST-JSON only (POST /query-executions, …), and moto 5.2.6 routes
every request by botocore's model but registers Athena's handlers on "/" alone: with that model
no Athena call reaches moto at all (404). Athena's JSON 1.1 protocol (X-Amz-Target:
AmazonAthena.<Operation>), which the function speaks, is what moto's handlers implement:
`athena_json_model_home` gives moto's process the same model in that protocol, from ~/.aws/models,
where botocore's loader looks first. `athena_call` makes the tests' own Athena calls that way."""
import glob
import gzip
import http.client
import http.server
import json
import os
import re
import threading
import urllib.request

import duckdb
import sqlglot

from template_iam import Deployment

PAGE_ROWS = 3


def athena_json_model_home(home):
    """Writes, under `home`, botocore's own Athena model with its protocol set to JSON 1.1:
    every operation a POST to "/" named by X-Amz-Target, every member in the body."""
    import botocore
    source = max(glob.glob(os.path.join(os.path.dirname(botocore.__file__), "data", "athena", "*", "service-2.json*")))
    model = json.load(gzip.open(source) if source.endswith(".gz") else open(source))
    model["metadata"].update({"protocol": "json", "protocols": ["json"], "jsonVersion": "1.1", "targetPrefix": "AmazonAthena"})
    for operation in model["operations"].values():
        operation["http"] = {"method": "POST", "requestUri": "/"}
    for shape in model["shapes"].values():
        for member in shape.get("members", {}).values():
            member.pop("location", None)
            member.pop("locationName", None)
    folder = os.path.join(home, ".aws", "models", "athena", os.path.basename(os.path.dirname(source)))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "service-2.json"), "w") as out:
        json.dump(model, out)


def athena_call(moto, operation, body, region="us-east-1"):
    """One Athena JSON 1.1 call to moto (which routes by the Authorization header's scope and
    checks no signature unless told to)."""
    request = urllib.request.Request(moto.endpoint + "/", data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"AmazonAthena.{operation}",
        "Authorization": f"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261120/{region}/athena/aws4_request, "
                         "SignedHeaders=host, Signature=0"})
    return json.loads(urllib.request.urlopen(request).read() or b"{}")


def split_top(text):
    """`a:x,b:struct<c:y,d:z>` → ["a:x", "b:struct<c:y,d:z>"]: commas outside angle brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += {"<": 1, ">": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return parts + [text[start:]]


# CloudTrail writes its keys in camelCase; Athena's JSON SerDe matches them to the table's
# lowercase names whatever their case, DuckDB's json_transform only as spelled. So the engine
# spells each name as CloudTrail writes it (the CloudTrail record contents reference).
CLOUDTRAIL_SPELLING = {name.lower(): name for name in [
    "eventVersion", "userIdentity", "principalId", "accountId", "invokedBy", "accessKeyId", "userName", "onBehalfOf",
    "userId", "identityStoreArn", "sessionContext", "mfaAuthenticated", "creationDate", "sessionIssuer",
    "ec2RoleDelivery", "webIdFederationData", "federatedProvider", "sourceIdentity", "eventTime", "eventSource",
    "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters",
    "responseElements", "additionalEventData", "requestID", "eventID", "readOnly", "eventType", "apiVersion",
    "recipientAccountId", "serviceEventDetails", "sharedEventID", "vpcEndpointId", "vpcEndpointAccountId",
    "eventCategory", "updatedFields", "originalRequestID", "originalEventID", "sessionCredentialFromConsole",
    "edgeDeviceDetails", "tlsDetails", "tlsVersion", "cipherSuite", "clientProvidedHostHeader"]}
# The one key spelled otherwise where it appears: resources[].ARN.
ELEMENT_SPELLING = {"resources": {"arn": "ARN"}}


def spelled(name, parent=None):
    return ELEMENT_SPELLING.get(parent, {}).get(name) or CLOUDTRAIL_SPELLING.get(name, name)


def json_structure(hive, parent=None):
    """A Hive column type as DuckDB's json_transform structure, keys as CloudTrail spells them.
    A string column holding an object gets the object's JSON text, as Athena's SerDe gives it."""
    hive = hive.strip()
    if hive == "string":
        return "VARCHAR"
    if hive.startswith("struct<"):
        return {spelled(name, parent): json_structure(kind) for name, kind in (f.split(":", 1) for f in split_top(hive[7:-1]))}
    if hive.startswith("array<"):
        return [json_structure(hive[6:-1], parent)]
    if hive.startswith("map<"):
        key, value = split_top(hive[4:-1])
        return f"MAP({json_structure(key)}, {json_structure(value)})"
    raise ValueError(f"no DuckDB form for Hive type {hive}")


class TrailEngine:
    """The deployment's TrailTable over `root`, a local copy of the trail bucket."""

    def __init__(self, root, deployment_parameters, database, table="cloudtrail"):
        deployment = Deployment(deployment_parameters)
        properties = deployment.value(deployment.template["Resources"]["TrailTable"]["Properties"])["TableInput"]
        columns = properties["StorageDescriptor"]["Columns"]
        partitions = [key["Name"] for key in properties["PartitionKeys"]]
        location = properties["Parameters"]["storage.location.template"]
        bucket_root = re.match(r"s3://[^/]+/", location).group(0)
        # The layout's folders, every projected value a wildcard: the files, and where each one's
        # partition values are.
        local = location.replace(bucket_root, root.rstrip("/") + "/")
        glob = re.sub(r"\$\{\w+\}", "*", local.replace("${date}", "*/*/*")) + "/*.json.gz"
        placed = re.findall(r"\$\{(\w+)\}", local)
        pattern = "^" + re.sub(r"\\\$\\\{(\w+)\\\}",
                               lambda m: "([0-9]{4}/[0-9]{2}/[0-9]{2})" if m.group(1) == "date" else "([^/]+)",
                               re.escape(local)) + "/"
        structure = json.dumps({spelled(c["Name"]): json_structure(c["Type"], c["Name"]) for c in columns})
        selected = ", ".join(f't."{spelled(c["Name"])}" AS {c["Name"]}' for c in columns)
        located = ", ".join(f"regexp_extract(filename, '{pattern}', {placed.index(p) + 1}) AS \"{p}\"" for p in partitions)
        self.connection = duckdb.connect()
        self.connection.execute(f'CREATE SCHEMA "{database}"')
        self.connection.execute(f"""
            CREATE VIEW "{database}"."{table}" AS
            SELECT {selected}, {", ".join(f'"{p}"' for p in partitions)}
            FROM (SELECT json_transform(record, '{structure}') AS t, {located}
                  FROM (SELECT filename, unnest(Records) AS record
                        FROM read_json('{glob}', columns={{'Records': 'JSON[]'}}, filename=true)))""")

    def run(self, trino_sql):
        """Runs Athena SQL: (column names, rows of text or None, as Athena renders values)."""
        duck_sql = sqlglot.transpile(trino_sql, read="trino", write="duckdb")[0]
        cursor = self.connection.execute(duck_sql)
        names = [d[0] for d in cursor.description]
        rows = [[None if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in row]
                for row in cursor.fetchall()]
        return names, rows


class AthenaProxy:
    """Forwards every request to moto; runs each query it starts (see the module's docstring).
    `state_override(execution)`, when set, may rewrite a GetQueryExecution answer's
    QueryExecution (for the states moto never reaches)."""

    def __init__(self, moto, engine, account="123456789012", region="us-east-1"):
        self.moto, self.engine = moto, engine
        self.queries = []
        self.started = []
        # Every Athena operation asked for, in order.
        self.operations = []
        self.result_pages = 0
        self.state_override = None
        # Operations answered with Athena's throttling error instead of being forwarded.
        self.throttled = set()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                operation = (self.headers.get("X-Amz-Target") or "").rsplit(".", 1)[-1]
                proxy.operations.append(operation)
                if operation == "StartQueryExecution":
                    text = json.loads(body)["QueryString"]
                    proxy.queries.append(text)
                    names, rows = engine.run(text)
                    labels = {"Data": [{"VarCharValue": n} for n in names]}
                    data = [{"Data": [{} if v is None else {"VarCharValue": v} for v in row]} for row in rows]
                    inject = {"account_id": account, "region": region, "results": [
                        {"rows": [labels] + data, "column_info": [{"Name": n, "Label": n, "Type": "varchar"} for n in names]}]}
                    urllib.request.urlopen(urllib.request.Request(
                        moto.endpoint + "/moto-api/static/athena/query-results", data=json.dumps(inject).encode(),
                        method="POST", headers={"Content-Type": "application/json"}))
                if operation in proxy.throttled:
                    status, headers = 400, [("Content-Type", "application/x-amz-json-1.1")]
                    answer = json.dumps({"__type": "TooManyRequestsException", "Message": "Rate exceeded"}).encode()
                else:
                    status, headers, answer = proxy.forward(self.path, self.headers, body)
                if status == 200 and operation == "StartQueryExecution":
                    proxy.started.append(json.loads(answer)["QueryExecutionId"])
                if status == 200 and operation == "GetQueryResults":
                    answer = proxy.page(json.loads(body), json.loads(answer))
                if status == 200 and operation == "GetQueryExecution" and proxy.state_override:
                    payload = json.loads(answer)
                    payload["QueryExecution"] = proxy.state_override(payload["QueryExecution"])
                    answer = json.dumps(payload).encode()
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def forward(self, path, headers, body):
        connection = http.client.HTTPConnection("127.0.0.1", self.moto.port, timeout=30)
        connection.request("POST", path, body=body, headers={k: v for k, v in headers.items() if k.lower() != "host"})
        response = connection.getresponse()
        answer = response.read()
        connection.close()
        return response.status, response.getheaders(), answer

    def page(self, request, answer):
        rows = answer["ResultSet"]["Rows"]
        start = int(request.get("NextToken") or 0)
        answer["ResultSet"]["Rows"] = rows[start:start + PAGE_ROWS]
        answer.pop("NextToken", None)
        if start + PAGE_ROWS < len(rows):
            answer["NextToken"] = str(start + PAGE_ROWS)
        self.result_pages += 1
        return json.dumps(answer).encode()

    def stop(self):
        self.httpd.shutdown()
