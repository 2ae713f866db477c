import Foundation

/// boto3, run as a separate Python process: the independent client that checks our work.
public enum Boto {
    /// Calls `client(service).<method>(**arguments)` and returns the JSON-able result.
    @discardableResult
    public static func call(_ moto: MotoServer, _ service: String, _ method: String, _ arguments: [String: Any] = [:],
                     keyID: String = MotoServer.exampleKeyID, secret: String = MotoServer.exampleSecret) throws -> [String: Any] {
        let script = """
            import boto3, json, re, sys
            args = json.loads(sys.argv[1])
            c = boto3.client(sys.argv[2], region_name="us-east-1", endpoint_url=sys.argv[4],
                             aws_access_key_id=sys.argv[5], aws_secret_access_key=sys.argv[6])
            # S3 Control's endpoint rules put "<account>." before any host: the emulator is one host.
            def one_host(request, **_):
                request.url = re.sub(r"//\\d{12}\\.", "//", request.url, count=1)
            c.meta.events.register("before-send", one_host)
            r = getattr(c, sys.argv[3])(**args)
            r.pop("ResponseMetadata", None)
            for k, v in list(r.items()):
                if hasattr(v, "read"): r[k] = v.read().decode()
            print(json.dumps(r, default=str))
            """
        let arguments = String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)
        let output = try Run.python(["-c", script, arguments, service, method, moto.endpoint, keyID, secret])
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
    }
}

extension Boto {
    /// Runs Python with `s3`, `ec2`, … available as `client(name)`, for set-up too bulky for
    /// one call per process (a thousand objects, say).
    public static func script(_ moto: MotoServer, _ body: String) throws {
        let script = """
            import boto3, sys
            def client(name):
                return boto3.client(name, region_name="us-east-1", endpoint_url=sys.argv[1],
                                    aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
            \(body)
            """
        _ = try Run.python(["-c", script, moto.endpoint, MotoServer.exampleKeyID, MotoServer.exampleSecret])
    }
}
