"""Reading back what a function delivered besides its response: Security Hub findings and
EventBridge events (through boto3), and its CloudWatch Embedded Metric Format lines."""
import json


def findings(moto, generator):
    """Every Security Hub finding of one watchpost function, across pages."""
    client, found, arguments = moto.client("securityhub"), [], {"MaxResults": 100}
    while True:
        page = client.get_findings(**arguments)
        found += [f for f in page["Findings"] if f["GeneratorId"] == generator]
        if not page.get("NextToken"):
            return found
        arguments["NextToken"] = page["NextToken"]


def event_bus(moto, name="watchpost-out"):
    """A bus with a rule that sends every watchpost event to an SQS queue; returns the bus name
    and a function that drains the queue into a list of events."""
    events, sqs = moto.client("events"), moto.client("sqs")
    events.create_event_bus(Name=name)
    queue = sqs.create_queue(QueueName=f"{name}-copy")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="everything-watchpost", EventBusName=name, EventPattern=json.dumps({"source": ["watchpost"]}))
    events.put_targets(Rule="everything-watchpost", EventBusName=name, Targets=[{"Id": "copy", "Arn": queue_arn}])

    def received():
        out = []
        while True:
            messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
            if not messages:
                return out
            for message in messages:
                out.append(json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])

    return name, received


def metrics_lines(stderr):
    """The EMF lines in a run's log, each checked the way CloudWatch reads them: the
    `_aws.CloudWatchMetrics` directive names metrics that are numbers in the same object, in
    namespace watchpost, with a value for each dimension. Returns {metric: value} per line."""
    lines = []
    for text in stderr.splitlines():
        if not text.startswith('{"_aws"'):
            continue
        line = json.loads(text)
        assert isinstance(line["_aws"]["Timestamp"], int)
        [directive] = line["_aws"]["CloudWatchMetrics"]
        assert directive["Namespace"] == "watchpost"
        assert directive["Dimensions"] == [["Function"]]
        assert isinstance(line["Function"], str) and line["Function"]
        values = {}
        for metric in directive["Metrics"]:
            assert metric["Unit"] in ("Count", "Milliseconds")
            value = line[metric["Name"]]
            assert isinstance(value, (int, float)) and not isinstance(value, bool), metric["Name"]
            values[metric["Name"]] = value
        values["Function"] = line["Function"]
        lines.append(values)
    return lines
