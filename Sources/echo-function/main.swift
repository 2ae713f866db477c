// A test-only function whose behaviour the event chooses: the runtime's end-to-end tests,
// `make bench` and the early `make demo` run it. See EchoEvent for the vocabulary.
import FoundationEssentials
import LambdaRuntime

await Lambda.run { try EchoHandler(environment: ProcessInfo.processInfo.environment) }
