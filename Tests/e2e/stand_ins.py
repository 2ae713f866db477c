"""Loopback stand-ins for AWS behaviour moto does not have, each following AWS's documented
responses and passing everything else through to moto or to the real executables.

- `RefusingSTS`: moto's STS assumes any role in any account, so a missing or refusing member
  role cannot happen there; this answers AssumeRole into the `refused` accounts as AWS documents
  (HTTP 403, `AccessDenied` in the Query protocol's ErrorResponse) and passes every other request
  to moto unchanged.
- `ScriptedLambda`: moto runs a function's code only in Docker, which is not here; this serves
  Lambda's Invoke (`POST /2015-03-31/functions/<name>/invocations`, RequestResponse) by running
  the real executable under lambda-local, and answers as Lambda does: 200 with the response, or
  200 with `X-Amz-Function-Error: Unhandled` and the error document, or 404
  `ResourceNotFoundException` for a function it does not know.
"""
import http.server
import json
import os
import subprocess
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid


class _LoopbackServer:
    def __init__(self, handler):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def _answer(handler, status, body, content_type, headers=()):
    handler.send_response(status)
    handler.send_header("content-type", content_type)
    handler.send_header("content-length", str(len(body)))
    for name, value in headers:
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


class RefusingSTS(_LoopbackServer):
    """Passes requests to moto, except AssumeRole into `refused` accounts, which it refuses as
    AWS refuses `caller`."""

    def __init__(self, upstream, refused, caller):
        self.refused_calls = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                form = urllib.parse.parse_qs(body.decode())
                role = form.get("RoleArn", [""])[0]
                if form.get("Action") == ["AssumeRole"] and role.split(":")[4:5] and role.split(":")[4] in refused:
                    outer.refused_calls.append(role)
                    answer = (f"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                              f"<Code>AccessDenied</Code><Message>User: arn:aws:iam::{caller}:user/sweeper is not authorized "
                              f"to perform: sts:AssumeRole on resource: {role}</Message></Error>"
                              f"<RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>").encode()
                    return _answer(self, 403, answer, "text/xml")
                request = urllib.request.Request(upstream + self.path, data=body, method="POST",
                                                 headers={k: v for k, v in self.headers.items() if k.lower() != "host"})
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        status, headers, data = response.status, response.headers, response.read()
                except urllib.error.HTTPError as error:
                    status, headers, data = error.code, error.headers, error.read()
                _answer(self, status, data, headers.get("content-type", "text/xml"))

            def log_message(self, *args):
                pass

        super().__init__(Handler)


class ScriptedLambda(_LoopbackServer):
    """Invoke for the functions in `functions` (deployed name → executable name), each run by
    lambda-local from `bin_dir` with `env`. `invocations` records (name, event) as received."""

    def __init__(self, bin_dir, functions, env):
        self.invocations = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                parts = urllib.parse.unquote(self.path).split("/")
                name = parts[3] if len(parts) == 5 and parts[1:3] == ["2015-03-31", "functions"] else None
                if name not in functions or parts[4] != "invocations":
                    error = json.dumps({"Type": "User", "Message": f"Function not found: {name}"}).encode()
                    return _answer(self, 404, error, "application/json", [("x-amzn-errortype", "ResourceNotFoundException")])
                outer.invocations.append((name, json.loads(body)))
                with tempfile.NamedTemporaryFile("wb", suffix=".json") as event:
                    event.write(body)
                    event.flush()
                    completed = subprocess.run(
                        [os.path.join(bin_dir, "lambda-local"), "--timeout", "60",
                         os.path.join(bin_dir, functions[name]), event.name],
                        env={"PATH": os.environ["PATH"], "HOME": tempfile.gettempdir(), **env},
                        capture_output=True, text=True, timeout=120)
                line = next(json.loads(l) for l in completed.stdout.splitlines() if l.startswith("{"))
                if line.get("ok"):
                    return _answer(self, 200, json.dumps(line["response"]).encode(), "application/json")
                _answer(self, 200, json.dumps(line["error"]).encode(), "application/json",
                        [("X-Amz-Function-Error", "Unhandled")])

            def log_message(self, *args):
                pass

        super().__init__(Handler)
