import AWSClient
import FunctionShell
import LoginWatchCore
import Primitives
import SecurityEvents
import WatchpostCore

/// A CloudWatch Logs subscription batch: read the lines, look the instance up (through the
/// member role of the log group's account), have the core assess the logins, alert.
struct LogBatchFlow: Sendable {
    let settings: LoginAssessment.Settings
    /// The Slack signing secret is configured: alerts carry the "was this you?" buttons.
    let askConfirmation: Bool

    /// A subscription batch decompresses to a few MB at most; more is a decompression bomb.
    static let maximumBatchBytes = 64 << 20

    func run(_ logs: CloudWatchLogsEvent, in invocation: Invocation) async throws -> LoginReport {
        let data: CloudWatchLogsData
        do {
            data = try logs.decode(inflate: { try Gzip.decompress($0, outputLimit: Self.maximumBatchBytes) })
        } catch {
            throw LoginNotifierError.invalidEvent(error.description)
        }
        let dryRun = invocation.settings.dryRun
        if data.isControlMessage {
            var report = LoginReport(ignored: data.logEvents.count)
            report.batch = .init(logGroup: data.logGroup, logStream: data.logStream, instance: "none", dryRun: dryRun, controlMessage: true)
            return report
        }
        let verdicts = LoginAssessment.verdicts(data)
        let instanceId = LogStreamName.instanceId(in: data.logStream)
        // Instance facts matter only when something in the batch is a login or a failure.
        let lookup: InstanceLookup = verdicts.allSatisfy { $0 == .ignored }
            ? .unidentified : await lookUp(instanceId, owner: data.owner, invocation)
        let assessment = LoginAssessment.assess(data, verdicts: verdicts, region: invocation.client.region, instanceId: instanceId,
                                                instance: lookup, settings: settings)
        var notifications: [AlertDelivery] = []
        if assessment.needsNotification {
            let message = LoginAlertMessage(assessment: assessment, logGroup: data.logGroup, logStream: data.logStream,
                                            askConfirmation: askConfirmation)
            if dryRun {
                notifications = AlertChannel.allCases.map { AlertDelivery($0, .skipped, "dry run") }
                invocation.logger.info("dry run: alert not sent", ["subject": message.snsSubject])
            } else {
                let sent = await invocation.alerter().send(slack: message.slack, snsSubject: message.snsSubject, snsMessage: message.snsMessage)
                for outcome in sent where outcome.status == .failed {
                    invocation.logger.error("alert delivery failed", ["channel": outcome.step.name, "detail": outcome.detail])
                }
                notifications = sent
            }
        }
        var report = assessment.report(notifications: notifications)
        report.batch = .init(logGroup: data.logGroup, logStream: data.logStream, instance: lookup.summary, dryRun: dryRun, controlMessage: false)
        return report
    }

    /// A Kinesis batch: each record one subscription batch, assessed as if it had come
    /// directly. A record that cannot be read is a batch item failure (retried, then sent to
    /// the on-failure destination); the others' alerts go out regardless.
    func run(_ stream: KinesisEvent, in invocation: Invocation) async -> LoginReport {
        var reports: [LoginReport] = []
        var failures: [BatchItemFailure] = []
        for record in stream.records {
            do {
                reports.append(try await run(CloudWatchLogsEvent(data: record.kinesis.data), in: invocation))
            } catch {
                invocation.logger.error("stream record unreadable", ["sequenceNumber": record.kinesis.sequenceNumber,
                                                                     "error": String(describing: error)])
                failures.append(BatchItemFailure(itemIdentifier: record.kinesis.sequenceNumber))
            }
        }
        return LoginReport.merging(reports, failures: failures)
    }

    func lookUp(_ instanceId: String?, owner: String, _ invocation: Invocation) async -> InstanceLookup {
        guard let instanceId else { return .unidentified }
        guard owner.count == 12, owner.allSatisfy(\.isASCIIDigit) else { return .failed("log owner \(owner.prefix(40)) is not an account id") }
        do {
            let acting = try await invocation.member(owner)
            guard let instance = try await acting.ec2.describeInstances(ids: [instanceId]).first else { return .notFound }
            return .found(tags: instance.tags)
        } catch let error as AWSError where error.code.hasPrefix("InvalidInstanceID") {
            return .notFound
        } catch {
            return .failed(String(describing: error))
        }
    }
}
