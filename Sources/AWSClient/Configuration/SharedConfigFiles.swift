import FoundationEssentials
import Primitives

/// The AWS CLI's shared files, for local runs: `~/.aws/credentials` and `~/.aws/config`
/// (or `AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE`), profile from `AWS_PROFILE`.
/// Static keys and the region only: a deployed function always has them in its environment.
struct SharedConfigFiles {
    let profile: String
    private let credentials: [String: [String: String]]
    private let config: [String: [String: String]]

    init(environment: [String: String]) {
        let home = environment["HOME"] ?? ""
        profile = environment["AWS_PROFILE"] ?? "default"
        credentials = Self.read(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials")
        config = Self.read(environment["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config")
    }

    /// The profile's keys: the credentials file first, then the config file.
    var profileCredentials: Credentials? {
        let section = credentials[profile] ?? configSection
        guard let section, let keyID = section["aws_access_key_id"], let secret = section["aws_secret_access_key"] else {
            return nil
        }
        return Credentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: section["aws_session_token"])
    }

    var region: String? { configSection?["region"] }

    /// In the config file every profile but the default is named "profile NAME".
    private var configSection: [String: String]? {
        profile == "default" ? (config["default"] ?? config["profile default"]) : config["profile \(profile)"]
    }

    /// A minimal INI reader: `[section]`, `key = value`, `#` and `;` comments.
    static func parse(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast()).trimmingWhitespace()
                sections[current!, default: [:]] = sections[current!] ?? [:]
            } else if let current, let equals = line.firstIndex(of: "=") {
                let key = String(line[..<equals]).trimmingWhitespace().lowercased()
                sections[current]?[key] = String(line[line.index(after: equals)...]).trimmingWhitespace()
            }
        }
        return sections
    }

    private static func read(_ path: String) -> [String: [String: String]] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return parse(String(decoding: data, as: UTF8.self))
    }
}
