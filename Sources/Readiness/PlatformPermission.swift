/// What a deployed function's role needs that no call in its code makes: Lambda and the stack's
/// own wiring act with the function's role. Declared once, for the role of every function in the
/// security account's stack (a member role is only ever assumed by a function, never run as one).
public struct PlatformPermission: Sendable, Encodable {
    public let actions: [String]
    /// As template.yaml names it (`{DeadLetterQueue.Arn}`).
    public let resource: String
    public let why: String

    public static let all = [
        PlatformPermission(
            actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
            resource: "arn:{partition}:logs:{region}:{account}:log-group:/aws/lambda/*",
            why: "Lambda writes the function's logs with its role, into the log group the stack creates for it"),
        PlatformPermission(
            actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resource: "*",
            why: "active tracing (TracingConfig): Lambda sends the function's trace segments with its role, "
                + "and refuses to create a traced function whose role cannot"),
        PlatformPermission(
            actions: ["sqs:SendMessage"], resource: "{DeadLetterQueue.Arn}",
            why: "an asynchronous invocation, or a batch of the logins stream, that fails for good goes to the "
                + "dead-letter queue (EventInvokeConfig's and the stream mapping's on-failure destination), sent with the role"),
        PlatformPermission(
            actions: ["kms:GenerateDataKey", "kms:Decrypt"], resource: "{AlertsKey.Arn}",
            why: "the stack encrypts its topics, queues, logins stream and evidence bucket with AlertsKey: SNS, SQS, "
                + "Kinesis and S3 get a data key from KMS (and decrypt it for a reader) with the permission of whoever writes "
                + "or reads there"),
    ]
}
