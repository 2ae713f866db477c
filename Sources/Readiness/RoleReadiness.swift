import AWSClient

/// The deployed functions' roles, simulated with IAM's policy simulator against what each
/// function needs (`DerivedPermissions`): a role edited by hand, a permissions boundary or an SCP
/// shows up here rather than as a failed step during an incident.
public enum RoleReadiness {
    /// One SimulatePrincipalPolicy call: actions on one resource.
    public struct Simulation: Sendable, Equatable {
        public let actions: [String]
        public let resource: String
    }

    /// A function whose role the stack holds, and what to ask the simulator about it.
    public struct Subject: Sendable, Equatable {
        public let function: String
        public let roleName: String
        public let roleARN: String
        public let simulations: Result<[Simulation], ResourcePattern.MissingValue>
    }

    /// The functions of `resources` (a stack's) to simulate, with every resource pattern filled in.
    public static func subjects(stack resources: [CloudFormation.StackResource], partition: String, region: String,
                                account: String, securityHub: Bool) -> [Subject] {
        var values = ["partition": partition, "region": region, "account": account]
        for resource in resources where !resource.physicalID.isEmpty { values[resource.logicalID] = resource.physicalID }
        // A queue's physical id is its URL, `https://sqs.<region>.amazonaws.com/<account>/<name>`.
        for queue in resources where queue.type == "AWS::SQS::Queue" {
            if let name = queue.physicalID.split(separator: "/").last { values["\(queue.logicalID).Arn"] = "arn:\(partition):sqs:\(region):\(account):\(name)" }
        }
        return DeployedFunction.all.compactMap { function in
            guard let role = resources.first(where: { $0.logicalID == function.roleLogicalID && $0.type == "AWS::IAM::Role" }),
                !role.physicalID.isEmpty
            else { return nil }
            return Subject(function: function.name, roleName: role.physicalID,
                           roleARN: "arn:\(partition):iam::\(account):role/\(role.physicalID)",
                           simulations: simulations(of: function, securityHub: securityHub, values: values))
        }
    }

    /// What to ask about a function's role: the calls of the mode template.yaml deploys by default
    /// (Security Hub as SECURITY_HUB says), grouped by resource. Left out: the member accounts'
    /// roles (the member stacks' to grant), the platform's needs (no call of the function's), and a
    /// call IAM holds to the request's tags or context (`AWSCall.only`), which the simulator is not given.
    static func simulations(of function: DeployedFunction, securityHub: Bool,
                            values: [String: String]) -> Result<[Simulation], ResourcePattern.MissingValue> {
        let derived = DerivedPermissions(function, function.templateDefault, .templateDefault(securityHub: securityHub))
        var patterns: [String] = []
        var actions: [String: [String]] = [:]
        for call in derived.calls where call.account != .members && call.only == nil {
            if !patterns.contains(call.resource) { patterns.append(call.resource) }
            for action in call.operation.iamActions where actions[call.resource]?.contains(action) != true {
                actions[call.resource, default: []].append(action)
            }
        }
        var simulations: [Simulation] = []
        for pattern in patterns {
            switch ResourcePattern.resolve(pattern, values: values) {
            case .success(let resource): simulations.append(Simulation(actions: actions[pattern] ?? [], resource: resource))
            case .failure(let missing): return .failure(missing)
            }
        }
        return .success(simulations)
    }

    public static func notRequested() -> CheckResult {
        CheckResult("role", scope: "functions", .skip, "STACK not set: the deployed functions' roles are not checked")
    }

    /// The stack (or the account it is in) could not be read; `allowing` is the read that failed.
    public static func stackUnreadable(_ stack: String, _ failure: CallFailure, allowing action: String) -> CheckResult {
        // CloudFormation answers ValidationError for a stack that does not exist.
        CheckResult("role", scope: stack, .fail, "could not read: \(failure.summary)",
                    fix: failure.code == "ValidationError" ? "check STACK names a deployed watchpost stack in this region"
                        : failure.fix(allowing: action))
    }

    public static func noFunctionRoles(_ stack: String) -> CheckResult {
        CheckResult("role", scope: stack, .skip, "the stack has no function roles (a member-account stack?)")
    }

    /// The verdict on one role from the simulator's answers (or why there are none).
    public static func verdict(_ subject: Subject, evaluations: Fact<[IAM.Evaluation]>) -> CheckResult {
        if case .failure(let missing) = subject.simulations {
            return CheckResult("role", scope: subject.function, .fail, "the stack has no \(missing.name), which the function uses",
                               fix: "redeploy the stack from this template (make deploy STACK=…)")
        }
        switch evaluations {
        case .failure(let failure) where failure.isUnavailable:
            return CheckResult("role", scope: subject.function, .skip,
                               "SimulatePrincipalPolicy is not available here (\(failure.summary))")
        case .failure(let failure):
            return CheckResult("role", scope: subject.function, .fail, "could not simulate \(subject.roleName): \(failure.summary)",
                               fix: failure.fix(allowing: "iam:SimulatePrincipalPolicy"))
        case .success(let evaluations):
            let denied = evaluations.filter { $0.decision != "allowed" }
            guard !denied.isEmpty else {
                return CheckResult("role", scope: subject.function, .pass,
                                   "\(subject.roleName) allows the \(Set(evaluations.map(\.action)).count) actions it needs")
            }
            let list = denied.map { "\($0.action) (\($0.decision))" }.joined(separator: ", ")
            return CheckResult("role", scope: subject.function, .fail, "\(subject.roleName) is denied \(list)",
                               fix: "redeploy the stack from this template (make deploy STACK=…); an explicit deny comes from "
                                   + "a permissions boundary or an SCP")
        }
    }
}
