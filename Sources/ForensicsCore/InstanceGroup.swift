/// A finding that names several instances, split into one request per instance, each judged by
/// the rules a single-instance finding gets; at most `limit` of them are isolated, in the order
/// the finding names them, and the rest are reported with why. Pure: no AWS call.
public enum InstanceGroup {
    public struct Member: Sendable, Equatable {
        public var request: IsolationRequest
        public var verdict: FindingVerdict
    }

    public static func split(_ request: IsolationRequest, minSeverity: Double, limit: Int) -> [Member] {
        var isolating = 0
        return request.instances.map { named in
            var single = request
            single.resource = .instance(id: named.id)
            single.account = named.account ?? request.account
            single.region = named.region ?? request.region
            single.instances = []
            do throws(ForensicsError) {
                try Identifiers.validate(instanceId: named.id, account: single.account, region: single.region)
            } catch {
                return Member(request: single, verdict: .skip("not acted on: \(error.errorMessage)"))
            }
            var verdict = FindingVerdict.judge(single, minSeverity: minSeverity)
            if verdict == .isolate {
                if isolating < limit {
                    isolating += 1
                } else {
                    verdict = .report(
                        "named by the finding but not isolated: MAX_INSTANCES_PER_FINDING (\(limit)) instances are already being isolated for it")
                }
            }
            return Member(request: single, verdict: verdict)
        }
    }
}
