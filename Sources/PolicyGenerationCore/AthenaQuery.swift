import AWSModels

/// The Athena (Trino) query that reads a principal's activity from the organization trail's
/// table, built from fixed text and values checked by `SQLLiteral` only.
///
/// It prunes to the principal's account, the requested regions (plus us-east-1) and the
/// window's delivery days (the table's projected partitions, as the S3 path lists folders),
/// keeps the window's records of the principal (a role by its session issuer, a user by its ARN
/// or as issuer; any path, the name in any case, as `Principal.made` decides), and groups them
/// into the distinct shapes `ActionMapper` and `RecordClassifier` read, with counts. Each row
/// becomes one `ActivityRecord` (`AthenaRows`), so the S3 path's mapper decides here too, and
/// re-checks window, regions and principal exactly.
public struct AthenaQuery: Sendable, Equatable {
    /// The result's columns, by the names the query gives them.
    public enum Column: String, CaseIterable, Sendable {
        case eventSource = "eventsource", eventName = "eventname", eventType = "eventtype", errorCode = "errorcode"
        /// Whether `errorMessage` says the call was refused: the only thing the classifier reads in it.
        case notAuthorized = "notauthorized"
        case awsRegion = "awsregion", recipientAccountId = "recipientaccountid", identityAccount = "identityaccount"
        /// `userIdentity.arn` when it is an IAM user's; a session's ARN names the session and
        /// would split one shape into as many rows as sessions (the mapper reads only its partition).
        case identityARN = "identityarn"
        case issuerARN = "issuerarn", requestParameters = "requestparameters"
        /// `resources[].arn` as a JSON array.
        case resourceARNs = "resourcearns"
        /// The earliest record of the shape: in the window, like all of them.
        case eventTime = "eventtime"
        case records = "records"
    }

    public let text: String

    public init(request: PolicyRequest, table: AthenaTable) throws(AthenaQueryError) {
        let principal = request.principal
        let account = try SQLLiteral.quoted(principal.account, as: .account)
        let days = TrailLayout.days(request.window)
        let firstDay = try SQLLiteral.quoted(days[0], as: .day)
        let lastDay = try SQLLiteral.quoted(days[days.count - 1], as: .day)
        let start = try SQLLiteral.quoted(request.window.startText, as: .time)
        let end = try SQLLiteral.quoted(request.window.endText, as: .time)
        var partitions = ["account = \(account)", "\"date\" BETWEEN \(firstDay) AND \(lastDay)"]
        if let requested = request.regions {
            var regions: [String] = []
            for region in requested.union([GlobalServices.region]).sorted() {
                regions.append(try SQLLiteral.quoted(region, as: .region))
            }
            partitions.insert("region IN (\(regions.joined(separator: ", ")))", at: 1)
        }
        let issuer = "useridentity.sessioncontext.sessionissuer.arn"
        let madeBy: String
        switch principal.kind {
        case .role: madeBy = try Self.isPrincipal(issuer, principal)
        case .user: madeBy = "(\(try Self.isPrincipal("useridentity.arn", principal)) OR \(try Self.isPrincipal(issuer, principal)))"
        }
        let shape = Column.allCases.filter { $0 != .eventTime && $0 != .records }.map(\.rawValue).joined(separator: ", ")
        text = """
            SELECT \(shape), min(eventtime) AS eventtime, count(*) AS records
            FROM (
              SELECT eventsource, eventname, eventtype, errorcode,
                strpos(errormessage, '\(RecordClassifier.notAuthorizedPhrase)') > 0 AS notauthorized,
                awsregion, recipientaccountid, useridentity.accountid AS identityaccount,
                CASE WHEN useridentity.arn LIKE 'arn:%:iam::%' THEN useridentity.arn END AS identityarn,
                \(issuer) AS issuerarn, requestparameters,
                json_format(CAST(transform(resources, r -> r.arn) AS JSON)) AS resourcearns, eventtime
              FROM "\(table.database)"."\(table.table)"
              WHERE \(partitions.joined(separator: "\n    AND "))
                AND eventtime >= \(start) AND eventtime < \(end)
                AND \(madeBy)
            )
            GROUP BY \(shape)
            """
    }

    /// `column` names the principal: its partition, account and kind, any path, its name in
    /// any case (IAM names are unique case-insensitively).
    private static func isPrincipal(_ column: String, _ principal: Principal) throws(AthenaQueryError) -> String {
        let partition = try SQLLiteral.checked(principal.partition, as: .partition)
        let account = try SQLLiteral.checked(principal.account, as: .account)
        let name = try SQLLiteral.quoted(principal.name.lowercased(), as: .principalName)
        return "(\(column) LIKE 'arn:\(partition):iam::\(account):\(principal.kind.rawValue)/%'"
            + " AND lower(element_at(split(\(column), '/'), -1)) = \(name))"
    }

    /// Whether a query id given to resume names this query in this workgroup. Compared with
    /// whitespace runs folded, in case Athena hands back the text re-spaced; no checked value
    /// holds whitespace, so folding cannot make two different queries equal.
    public func check(resuming execution: AthenaQueryExecution, workGroup: String) throws(AthenaQueryError) {
        if let ran = execution.workGroup, ran != workGroup {
            throw .queryMismatch(id: execution.id, why: "it ran in workgroup \(ran), not \(workGroup)")
        }
        guard Self.folded(execution.query) == Self.folded(text) else {
            throw .queryMismatch(id: execution.id, why: "its text is not this principal's, window's and regions' query")
        }
    }

    static func folded(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
