import Primitives
/// Windows events as the CloudWatch agent ships them: `event_format: xml` is the rendered
/// event XML (System, EventData or UserData, RenderingInfo); `text` is
/// `[Channel] [LEVEL] [EventID] [Provider] [Computer] [rendered message]`.
enum WindowsSamples {
    static let securityProvider = "<Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/>"

    /// A Security-log event with the given EventData.
    static func securityXML(_ eventID: Int, _ data: [(String, String)], computer: String = "EC2AMAZ-7Q2B4K1") -> String {
        let fields = data.map { "<Data Name='\($0.0)'>\($0.1)</Data>" }.joined()
        return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>\(securityProvider)<EventID>\(eventID)</EventID><Version>2</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2024-05-01T10:00:00.1234567Z'/><EventRecordID>48213</EventRecordID><Correlation ActivityID='{2a1d1e0c-9d3b-0001-6e1e-1d2a3b9dda01}'/><Execution ProcessID='652' ThreadID='2820'/><Channel>Security</Channel><Computer>\(computer)</Computer><Security/></System><EventData>\(fields)</EventData><RenderingInfo Culture='en-US'><Message>An account was successfully logged on.</Message><Level>Information</Level><Task>Logon</Task><Opcode>Info</Opcode><Channel>Security</Channel><Provider>Microsoft Windows security auditing.</Provider><Keywords><Keyword>Audit Success</Keyword></Keywords></RenderingInfo></Event>"
    }

    static func logon4624(user: String, domain: String = "EC2AMAZ-7Q2B4K1", sid: String = "S-1-5-21-1004336348-1177238915-682003330-500",
                          logonType: Int, address: String = "203.0.113.10", port: String = "0") -> String {
        securityXML(4624, [
            ("SubjectUserSid", "S-1-5-18"), ("SubjectUserName", "EC2AMAZ-7Q2B4K1$"), ("SubjectDomainName", "WORKGROUP"),
            ("SubjectLogonId", "0x3e7"), ("TargetUserSid", sid), ("TargetUserName", user), ("TargetDomainName", domain),
            ("TargetLogonId", "0x5a3b1c"), ("LogonType", String(logonType)), ("LogonProcessName", "User32 "),
            ("AuthenticationPackageName", "Negotiate"), ("WorkstationName", "EC2AMAZ-7Q2B4K1"),
            ("LogonGuid", "{00000000-0000-0000-0000-000000000000}"), ("TransmittedServices", "-"),
            ("LmPackageName", "-"), ("KeyLength", "0"), ("ProcessId", "0x1a2c"),
            ("ProcessName", "C:\\Windows\\System32\\svchost.exe"), ("IpAddress", address), ("IpPort", port),
            ("ImpersonationLevel", "%%1833"), ("RestrictedAdminMode", "%%1843"), ("TargetOutboundUserName", "-"),
            ("TargetOutboundDomainName", "-"), ("VirtualAccount", "%%1843"), ("TargetLinkedLogonId", "0x0"),
            ("ElevatedToken", "%%1842"),
        ])
    }

    static func failure4625(user: String, subStatus: String, address: String = "198.51.100.77", port: String = "51234") -> String {
        securityXML(4625, [
            ("SubjectUserSid", "S-1-0-0"), ("SubjectUserName", "-"), ("SubjectDomainName", "-"), ("SubjectLogonId", "0x0"),
            ("TargetUserSid", "S-1-0-0"), ("TargetUserName", user), ("TargetDomainName", ""), ("Status", "0xc000006d"),
            ("FailureReason", "%%2313"), ("SubStatus", subStatus), ("LogonType", "3"), ("LogonProcessName", "NtLmSsp "),
            ("AuthenticationPackageName", "NTLM"), ("WorkstationName", "kali"), ("TransmittedServices", "-"),
            ("LmPackageName", "-"), ("KeyLength", "0"), ("ProcessId", "0x0"), ("ProcessName", "-"),
            ("IpAddress", address), ("IpPort", port),
        ])
    }

    static let reconnect4778 = securityXML(4778, [
        ("AccountName", "Administrator"), ("AccountDomain", "EC2AMAZ-7Q2B4K1"), ("LogonID", "0x5a3b1c"),
        ("SessionName", "RDP-Tcp#3"), ("ClientName", "LAPTOP-42"), ("ClientAddress", "203.0.113.10"),
    ])

    static func sessionManager(_ eventID: Int, user: String, address: String) -> String {
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-TerminalServices-LocalSessionManager' Guid='{5d896912-022d-40aa-a3a8-4fa5515c76d7}'/><EventID>\(eventID)</EventID><Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x1000000000000000</Keywords><TimeCreated SystemTime='2024-05-01T10:00:01.5550000Z'/><EventRecordID>1734</EventRecordID><Correlation ActivityID='{f420f2a1-f3b2-4a5b-8d00-3c5a8f8e0000}'/><Execution ProcessID='1000' ThreadID='3332'/><Channel>Microsoft-Windows-TerminalServices-LocalSessionManager/Operational</Channel><Computer>EC2AMAZ-7Q2B4K1</Computer><Security UserID='S-1-5-18'/></System><UserData><EventXML xmlns='Event_NS'><User>\(user)</User><SessionID>2</SessionID><Address>\(address)</Address></EventXML></UserData><RenderingInfo Culture='en-US'><Message>Remote Desktop Services: Session logon succeeded:&#13;&#10;&#13;&#10;User: \(user)&#13;&#10;Session ID: 2&#13;&#10;Source Network Address: \(address)</Message><Level>Information</Level><Task></Task><Opcode>Info</Opcode><Channel></Channel><Provider>Microsoft-Windows-TerminalServices-LocalSessionManager</Provider><Keywords></Keywords></RenderingInfo></Event>"
    }

    // MARK: text rendering

    static func text4624(user: String, logonType: Int, address: String = "203.0.113.10") -> String {
        "[Security] [INFORMATION] [4624] [Microsoft-Windows-Security-Auditing] [EC2AMAZ-7Q2B4K1] [An account was successfully logged on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-5-18\r\n\tAccount Name:\t\tEC2AMAZ-7Q2B4K1$\r\n\tAccount Domain:\t\tWORKGROUP\r\n\tLogon ID:\t\t0x3E7\r\n\r\nLogon Information:\r\n\tLogon Type:\t\t\(logonType)\r\n\tRestricted Admin Mode:\tNo\r\n\tVirtual Account:\t\tNo\r\n\tElevated Token:\t\tYes\r\n\r\nImpersonation Level:\t\tImpersonation\r\n\r\nNew Logon:\r\n\tSecurity ID:\t\tS-1-5-21-1004336348-1177238915-682003330-500\r\n\tAccount Name:\t\t\(user)\r\n\tAccount Domain:\t\tEC2AMAZ-7Q2B4K1\r\n\tLogon ID:\t\t0x5A3B1C\r\n\tLinked Logon ID:\t\t0x0\r\n\tNetwork Account Name:\t-\r\n\tNetwork Account Domain:\t-\r\n\tLogon GUID:\t\t{00000000-0000-0000-0000-000000000000}\r\n\r\nProcess Information:\r\n\tProcess ID:\t\t0x1a2c\r\n\tProcess Name:\t\tC:\\Windows\\System32\\svchost.exe\r\n\r\nNetwork Information:\r\n\tWorkstation Name:\tEC2AMAZ-7Q2B4K1\r\n\tSource Network Address:\t\(address)\r\n\tSource Port:\t\t0\r\n\r\nDetailed Authentication Information:\r\n\tLogon Process:\t\tUser32 \r\n\tAuthentication Package:\tNegotiate\r\n\tTransited Services:\t-\r\n\tPackage Name (NTLM only):\t-\r\n\tKey Length:\t\t0\r\n\r\nThis event is generated when a logon session is created. It is generated on the computer that was accessed.]"
    }

    static func text4625(user: String, workstation: String = "kali") -> String {
        "[Security] [INFORMATION] [4625] [Microsoft-Windows-Security-Auditing] [EC2AMAZ-7Q2B4K1] [An account failed to log on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-0-0\r\n\tAccount Name:\t\t-\r\n\tAccount Domain:\t\t-\r\n\tLogon ID:\t\t0x0\r\n\r\nLogon Type:\t\t\t3\r\n\r\nAccount For Which Logon Failed:\r\n\tSecurity ID:\t\tS-1-0-0\r\n\tAccount Name:\t\t\(user)\r\n\tAccount Domain:\t\t\r\n\r\nFailure Information:\r\n\tFailure Reason:\t\tUnknown user name or bad password.\r\n\tStatus:\t\t\t0xC000006D\r\n\tSub Status:\t\t0xC0000064\r\n\r\nProcess Information:\r\n\tCaller Process ID:\t0x0\r\n\tCaller Process Name:\t-\r\n\r\nNetwork Information:\r\n\tWorkstation Name:\t\(workstation)\r\n\tSource Network Address:\t198.51.100.77\r\n\tSource Port:\t\t51234\r\n\r\nDetailed Authentication Information:\r\n\tLogon Process:\t\tNtLmSsp \r\n\tAuthentication Package:\tNTLM\r\n\tTransited Services:\t-\r\n\tPackage Name (NTLM only):\t-\r\n\tKey Length:\t\t0]"
    }

    static let text4778 = "[Security] [INFORMATION] [4778] [Microsoft-Windows-Security-Auditing] [EC2AMAZ-7Q2B4K1] [A session was reconnected to a Window Station.\r\n\r\nSubject:\r\n\tAccount Name:\t\tAdministrator\r\n\tAccount Domain:\t\tEC2AMAZ-7Q2B4K1\r\n\tLogon ID:\t\t0x5A3B1C\r\n\r\nSession:\r\n\tSession Name:\t\tRDP-Tcp#3\r\n\r\nAdditional Information:\r\n\tClient Name:\t\tLAPTOP-42\r\n\tClient Address:\t\t203.0.113.10\r\n\r\nThis event is generated when a user reconnects to an existing Terminal Services session, or when a user switches to an existing desktop using Fast User Switching.]"

    static func textSessionManager(_ eventID: Int, user: String, address: String) -> String {
        let what = eventID == 21 ? "Session logon succeeded" : "Session reconnection succeeded"
        return "[Microsoft-Windows-TerminalServices-LocalSessionManager/Operational] [INFORMATION] [\(eventID)] [Microsoft-Windows-TerminalServices-LocalSessionManager] [EC2AMAZ-7Q2B4K1] [Remote Desktop Services: \(what):\r\n\r\nUser: \(user)\r\nSession ID: 2\r\nSource Network Address: \(address)]"
    }
}
