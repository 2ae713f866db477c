import Primitives
/// The key sshd names after a publickey or hostbased authentication:
/// `<type> <fingerprint>`, or for a certificate
/// `<type> <fingerprint> ID <key id> (serial <n>) CA <type> <fingerprint>` (OpenSSH 8.x+;
/// before that the certificate's own fingerprint was not logged), optionally followed by
/// `, <method info>` (hostbased: `client user "…", client host "…"`).
struct SSHKeyDescription: Equatable, Sendable {
    var keyType: String
    var fingerprint: String?
    var certificate: SSHCertificate?

    static func parse(_ text: Substring) -> SSHKeyDescription? {
        parse(text, certificates: CertificateSuffix(text))
    }

    /// `text` a suffix of the line `certificates` was found in: each try costs the words it
    /// reads, not the rest of the line.
    static func parse(_ text: Substring, certificates: CertificateSuffix) -> SSHKeyDescription? {
        var scanner = Scanner(text)
        let keyType = scanner.word()
        guard isKeyType(keyType), scanner.skip(" ") || scanner.isAtEnd else { return nil }
        if scanner.skip("ID ") { return certificates.certificate(keyType: keyType, fingerprint: nil, scanner.rest) }
        let fingerprint = scanner.take { $0 != " " && $0 != "," }
        guard isFingerprint(fingerprint) else { return nil }
        if scanner.isAtEnd || scanner.rest.hasPrefix(", ") {
            return SSHKeyDescription(keyType: String(keyType), fingerprint: String(fingerprint))
        }
        guard scanner.skip(" ID ") else { return nil }
        return certificates.certificate(keyType: keyType, fingerprint: fingerprint, scanner.rest)
    }

    /// `<key id> (serial <n>) CA <type> <fingerprint>[, …]`. The key id is free text chosen by
    /// whoever signed the certificate, so the fixed-shape suffix is found from the right. Whether
    /// a ` (serial ` starts a valid suffix depends only on what follows it, so the rightmost
    /// valid one in a line answers for every suffix of the line that contains it: found once.
    struct CertificateSuffix {
        let found: (range: Range<Substring.Index>, serial: UInt64, caType: Substring, caFingerprint: Substring)?

        init(_ line: Substring) {
            for range in line.overlappingRanges(of: " (serial ").reversed() {
                var scanner = Scanner(line[range.upperBound...])
                guard let serialDigits = scanner.digits(1...20), let serial = UInt64(serialDigits),
                      scanner.skip(") CA ") else { continue }
                let caType = scanner.word()
                guard isKeyType(caType), scanner.skip(" ") else { continue }
                let caFingerprint = scanner.take { $0 != " " && $0 != "," }
                guard isFingerprint(caFingerprint), scanner.isAtEnd || scanner.rest.hasPrefix(", ") else { continue }
                found = (range, serial, caType, caFingerprint)
                return
            }
            found = nil
        }

        func certificate(keyType: Substring, fingerprint: Substring?, _ text: Substring) -> SSHKeyDescription? {
            guard let found, found.range.lowerBound >= text.startIndex, found.range.upperBound <= text.endIndex else { return nil }
            let certificate = SSHCertificate(id: String(text[..<found.range.lowerBound]), serial: found.serial,
                                             caType: String(found.caType), caFingerprint: String(found.caFingerprint))
            return SSHKeyDescription(keyType: String(keyType), fingerprint: fingerprint.map(String.init), certificate: certificate)
        }
    }

    /// `sshkey_type()` names: RSA, ECDSA, ED25519, ECDSA-SK, ED25519-SK, their -CERT forms, DSA.
    static func isKeyType(_ text: Substring) -> Bool {
        guard let first = text.first, first.isASCII, first.isUppercase else { return false }
        return text.allSatisfy { ($0.isASCII && $0.isUppercase) || $0.isASCIIDigit || $0 == "-" } && !text.hasSuffix("-")
    }

    /// `SHA256:` + 43 unpadded base64 characters, `MD5:` + 16 hex pairs, or the bare hex
    /// pairs of OpenSSH before 6.8.
    static func isFingerprint(_ text: Substring) -> Bool {
        if text.hasPrefix("SHA256:") {
            let digest = text.dropFirst("SHA256:".count)
            return digest.count == 43 && digest.allSatisfy { $0.isASCIIAlphanumeric || $0 == "+" || $0 == "/" }
        }
        let hex = text.hasPrefix("MD5:") ? text.dropFirst("MD5:".count) : text
        let pairs = hex.split(separator: ":", omittingEmptySubsequences: false)
        return pairs.count == 16 && pairs.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
    }
}
