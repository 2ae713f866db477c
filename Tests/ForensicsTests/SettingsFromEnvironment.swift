@testable import ForensicsCore
import WatchpostCore

extension ForensicsSettings {
    /// The settings as the function shell reads them from one environment: the shared ones
    /// (`FunctionSettings`, whose refusal is an InvalidConfiguration naming the variable too), then these.
    init(environment: [String: String]) throws(ForensicsError) {
        let shared: FunctionSettings
        do {
            shared = try FunctionSettings(product: "forensic-isolator", environment: environment)
        } catch {
            throw .configuration(error.message)
        }
        try self.init(environment: environment, shared: shared)
    }
}
