/// The CloudWatch agent names streams `{instance_id}` by default; setups that add a suffix
/// or prefix (`{instance_id}/secure`, `web/{instance_id}`) keep it as a component.
public enum LogStreamName {
    public static func instanceId(in stream: String) -> String? {
        stream.split(whereSeparator: { !($0.isASCIIAlphanumeric || $0 == "-") })
            .map(String.init)
            .first(where: LoginReference.isInstanceId)
    }
}
