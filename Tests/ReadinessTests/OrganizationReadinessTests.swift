import AWSClient
import Foundation
import Testing
@testable import Readiness

/// The organization path's pure checks: which accounts a doctor asks about, how a function's
/// answer (or its failure) reads, and when the member accounts' logins reach the stack.
struct OrganizationReadinessTests {
    static let members = (1...9).map { String(format: "1111222233%02d", $0) }
    static let own = "999988887777"

    @Test func aSampleSpreadsOverTheSortedMembersAndLeavesOutTheOwnAccount() {
        let accounts = Self.members.reversed() + [Self.own, Self.members[0]]
        #expect(MemberRoleReadiness.sample(accounts, own: Self.own, size: 3) == [Self.members[0], Self.members[3], Self.members[6]])
        #expect(MemberRoleReadiness.sample(accounts, own: Self.own, size: nil) == Self.members)
        #expect(MemberRoleReadiness.sample(accounts, own: Self.own, size: 50) == Self.members)
        #expect(MemberRoleReadiness.sample([Self.own], own: Self.own, size: 10).isEmpty)
    }

    @Test(arguments: [
        (["MEMBER_ROLE_SAMPLE": "all"], Int?.none), (["MEMBER_ROLE_SAMPLE": "3"], 3), ([:], 10),
    ] as [([String: String], Int?)])
    func theSampleSizeIsASetting(environment: [String: String], size: Int?) throws {
        #expect(try DoctorSettings(environment: environment).memberRoleSample == size)
    }

    @Test(arguments: ["0", "-2", "some"])
    func aSampleThatIsNotAPositiveNumberIsRefused(value: String) {
        #expect(throws: DoctorSettings.Invalid(description: "MEMBER_ROLE_SAMPLE=\(value) is not a positive number or all")) {
            try DoctorSettings(environment: ["MEMBER_ROLE_SAMPLE": value])
        }
    }

    static func verdict(_ payload: String, error: String? = nil) -> CheckResult {
        MemberRoleReadiness.verdict(function: "wp-login-notifier", sample: Array(members.prefix(2)), of: 9,
                                    invoked: .success(Lambda.Invoked(payload: Array(payload.utf8), functionError: error)))
    }

    @Test func aFunctionsAnswerIsReadAndAnythingElseFails() {
        let both = #"{"memberRole":"wp-login","memberRoles":[{"account":"111122223301","assumed":true},{"account":"111122223302","assumed":true}]}"#
        #expect(Self.verdict(both) == CheckResult("member-roles", scope: "wp-login-notifier", .pass, "assumed wp-login in 2 sampled of 9 member accounts"))
        let one = #"{"memberRole":"wp-login","memberRoles":[{"account":"111122223301","assumed":true},"#
            + #"{"account":"111122223302","assumed":false,"reason":"its member role cannot be assumed: AccessDenied"}]}"#
        let refused = Self.verdict(one)
        #expect(refused.status == .fail && refused.detail == "wp-login refused in 1 of the 2 accounts asked (2 sampled of 9 member accounts): 111122223302 (its member role cannot be assumed: AccessDenied)")
        // An error document: its type only, never its text.
        let failed = Self.verdict(#"{"errorType":"UnsupportedEvent","errorMessage":"<script>anything</script>"}"#, error: "Unhandled")
        #expect(failed.status == .fail && failed.detail == "the function failed to answer (Unhandled: UnsupportedEvent)")
        // Another answer, or one about other accounts, is not this probe's.
        for other in [#"{"planned":{"accounts":1}}"#, #"{"memberRole":"r","memberRoles":[{"account":"111122223301","assumed":true}]}"#, "not json"] {
            #expect(Self.verdict(other).detail == "the function's answer is not an answer to the probe")
        }
        let unreachable = MemberRoleReadiness.verdict(function: "f", sample: ["111122223301"], of: 1,
                                                      invoked: .failure(CallFailure(operation: "Lambda Invoke", code: "AccessDeniedException", httpStatus: 403)))
        #expect(unreachable.status == .fail && unreachable.detail == "the function cannot be asked: Lambda Invoke: AccessDeniedException (HTTP 403)")
    }

    @Test func memberLoginsReachTheStackOnlyWhenTheStackSetSendsThemHere() {
        func verdict(_ destinations: Fact<[String]>, _ parameters: [String: String]) -> CheckResult {
            LogSubscriptionReadiness.verdict(stack: "wp", own: Self.own, stackSet: "watchpost-member", destinations: destinations,
                                             parameters: .success(parameters))
        }
        let ready = ["SshLogGroupName": "/prod/ssh", "RdpLogGroupName": "", "SecurityAccountId": Self.own, "SecurityStackName": "wp"]
        #expect(verdict(.success(["wp-logins"]), ready).status == .pass)
        #expect(verdict(.success(["wp-logins-old"]), ready).detail == "no destination wp-logins: member accounts' logins have nowhere to go")
        #expect(verdict(.failure(CallFailure(operation: "CloudWatchLogs DescribeDestinations", code: "AccessDeniedException")), ready).status == .fail)
        let elsewhere = verdict(.success(["wp-logins"]), ready.merging(["SecurityAccountId": "111122223301", "SecurityStackName": "watchpost"]) { $1 })
        #expect(elsewhere.detail == #"the member StackSet watchpost-member sends no logins here: its SecurityAccountId is "111122223301", not 999988887777; its SecurityStackName is "watchpost", not wp"#)
        // A stack named by default is "watchpost" when the StackSet leaves the parameter out.
        let defaultStack = LogSubscriptionReadiness.verdict(stack: "watchpost", own: Self.own, stackSet: "s", destinations: .success(["watchpost-logins"]),
                                                            parameters: .success(["SshLogGroupName": "/ssh", "SecurityAccountId": Self.own]))
        #expect(defaultStack.status == .pass)
    }
}
