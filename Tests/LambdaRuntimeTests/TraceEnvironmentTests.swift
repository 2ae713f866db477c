import Glibc
import Testing
@testable import LambdaRuntime

struct TraceEnvironmentTests {
    func current() -> String? {
        getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) }
    }

    @Test func theVariableFollowsEachInvocation() {
        TraceEnvironment.export("Root=1-a-b;Sampled=0")
        #expect(current() == "Root=1-a-b;Sampled=0")
        TraceEnvironment.export("Root=1-c")
        #expect(current() == "Root=1-c")
        let long = "Root=1-" + String(repeating: "f", count: 600)  // outgrows the first buffer
        TraceEnvironment.export(long)
        #expect(current() == long)
        TraceEnvironment.export(nil)
        #expect(current() == nil)
        TraceEnvironment.export("Root=1-d")
        #expect(current() == "Root=1-d")
        TraceEnvironment.export(nil)
    }
}
