import Testing
@testable import PolicyGenerationCore
@testable import PolicyGeneration
import SecurityEvents
import Primitives

struct PolicyApplierTests {
    @Test func pathAndNameOfAPolicyARN() {
        #expect(PolicyApplier.pathAndName(of: "arn:aws:iam::111122223333:policy/app-least") == ("/", "app-least"))
        #expect(PolicyApplier.pathAndName(of: "arn:aws:iam::111122223333:policy/team/ci/app-least") == ("/team/ci/", "app-least"))
    }

    @Test func comparesDocumentsAsJSONNotBytes() {
        #expect(PolicyApplier.sameDocument(#"{"Version":"2012-10-17","Statement":[]}"#, #"{ "Statement": [], "Version": "2012-10-17" }"#))
        #expect(!PolicyApplier.sameDocument(#"{"Statement":[{"Action":"s3:GetObject"}]}"#, #"{"Statement":[{"Action":"s3:PutObject"}]}"#))
    }

    @Test func allowedActionsOfADocument() {
        let document: JSONValue = ["Statement": [
            ["Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"]],
            ["Effect": "Deny", "Action": "s3:DeleteObject"],
            ["Effect": "Allow", "Action": "sqs:SendMessage"],
        ]]
        #expect(PolicyApplier.allowedActions(document) == ["s3:GetObject", "s3:ListBucket", "sqs:SendMessage"])
        #expect(PolicyApplier.allowedActions(["Statement": ["Effect": "Allow", "Action": "kms:Decrypt"]]) == ["kms:Decrypt"])
    }
}
