#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// SIGTERM ends the loop cleanly: at once while waiting for an event, or right after the
/// invocation in progress has been reported. The signal may land on any thread, so the
/// handler does not rely on interrupting the loop's blocking read; it exits itself when idle.
enum Termination {
    private static let requested = Atomic<Bool>(false)
    private static let idle = Atomic<Bool>(false)

    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            Termination.requested.store(true, ordering: .sequentiallyConsistent)
            if Termination.idle.load(ordering: .sequentiallyConsistent) {
                _exit(0)  // async-signal-safe; nothing is in flight
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGTERM, &action, nil)
    }

    /// Marks the loop as waiting for an event; returns false if termination was asked for.
    static func enterIdle() -> Bool {
        idle.store(true, ordering: .sequentiallyConsistent)
        return !requested.load(ordering: .sequentiallyConsistent)
    }

    static func leaveIdle() {
        idle.store(false, ordering: .sequentiallyConsistent)
    }
}
