import Testing
@testable import AWSClient

/// IAM returns policy documents URL-encoded (RFC 3986).
struct IAMDocumentTests {
    @Test func decodesPercentEncodedDocuments() {
        #expect(IAM.percentDecoded("%7B%22Version%22%3A%222012-10-17%22%7D") == #"{"Version":"2012-10-17"}"#)
        #expect(IAM.percentDecoded(#"{"a":"b"}"#) == #"{"a":"b"}"#)
        #expect(IAM.percentDecoded("caf%C3%A9%20%2") == "café %2")
        #expect(IAM.percentDecoded("a+b") == "a+b")
    }
}
