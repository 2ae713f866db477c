// The AWS Signature Version 4 test suite, header-signing cases, transcribed from the suite as
// published in awslabs/aws-c-auth (tests/aws-signing-test-suite/v4): each case's request.txt,
// context.json, header-canonical-request.txt, header-string-to-sign.txt and signature, with the
// Authorization value the original suite's .authz files give. Credentials AKIDEXAMPLE, region
// us-east-1, service "service", signed at 2015-08-30T12:36:00Z.
import FoundationEssentials
@testable import AWSClient
import Primitives

struct SigV4SuiteCase: Sendable, CustomStringConvertible {
    let name: String
    let method: String
    /// The request-target's path exactly as the suite's request line has it.
    let path: String
    /// The query, percent-decoded.
    let query: [(name: String, value: String)]
    let headers: [(name: String, value: String)]
    let body: String
    let sessionToken: String?
    /// post-sts-header-after: the token is added after signing and is not signed.
    let tokenAddedAfterSigning: Bool
    /// context.json "normalize": false keeps "." / ".." / empty segments in the canonical URI.
    let normalizesPath: Bool
    /// context.json "sign_body": true sends and signs x-amz-content-sha256.
    let signsBody: Bool
    let canonicalRequest: String
    let stringToSign: String
    let authorization: String
    var description: String { name }
}

enum SigV4Suite {
    static let credentials = Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let region = "us-east-1"
    static let service = "service"
    static let host = "example.amazonaws.com"

    static let cases: [SigV4SuiteCase] = [
        SigV4SuiteCase(
            name: "get-header-key-duplicate",
            method: "GET", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com"), ("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            my-header1:value2,value2,value1
            x-amz-date:20150830T123600Z

            host;my-header1;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"
        ),
        SigV4SuiteCase(
            name: "get-header-value-multiline",
            method: "GET", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com"), ("My-Header1", "value1\n  value2\n     value3")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            my-header1:value1 value2 value3
            x-amz-date:20150830T123600Z

            host;my-header1;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            e99419459a677bc11de234014be3c4e72c1ea5b454ceb58b613061f5d7a162e8
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=cfd34249e4b1c8d6b91ef74165d41a32e5fab3306300901bb65a51a73575eefd"
        ),
        SigV4SuiteCase(
            name: "get-header-value-order",
            method: "GET", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com"), ("My-Header1", "value4"), ("My-Header1", "value1"), ("My-Header1", "value3"), ("My-Header1", "value2")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            my-header1:value4,value1,value3,value2
            x-amz-date:20150830T123600Z

            host;my-header1;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"
        ),
        SigV4SuiteCase(
            name: "get-header-value-trim",
            method: "GET", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com"), ("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            my-header1:value1
            my-header2:"a b c"
            x-amz-date:20150830T123600Z

            host;my-header1;my-header2;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"
        ),
        SigV4SuiteCase(
            name: "get-relative-normalized",
            method: "GET", path: "/example/..",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        SigV4SuiteCase(
            name: "get-relative-relative-normalized",
            method: "GET", path: "/example1/example2/../..",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        SigV4SuiteCase(
            name: "get-relative-relative-unnormalized",
            method: "GET", path: "/example1/example2/../..",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: false, signsBody: false,
            canonicalRequest: """
            GET
            /example1/example2/../..

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            76115030c0f3ff06c20fdff5ceb6d5e0b835a1743e00b94fea7c7f381269437b
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=dc33e0856fd4baca4d7aa2146c38958283844764f38c74252a333df5e613003b"
        ),
        SigV4SuiteCase(
            name: "get-relative-unnormalized",
            method: "GET", path: "/example/..",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: false, signsBody: false,
            canonicalRequest: """
            GET
            /example/..

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            0511f456aa502b456d135fcb9d749374a55228f9dbeedda1eacf659e05b0615b
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=eca7ead57bb5aa5c8e28007acd4ff04e1ff9a0ff3b237ec1554a184887ff9282"
        ),
        SigV4SuiteCase(
            name: "get-slash-dot-slash-normalized",
            method: "GET", path: "/./",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        SigV4SuiteCase(
            name: "get-slash-dot-slash-unnormalized",
            method: "GET", path: "/./",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: false, signsBody: false,
            canonicalRequest: """
            GET
            /./

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            d67825e2268bd77a97c7688b8d72c31a3c1855b309808505ba0a9747d2465aa7
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=68714168e6557f8f2de0ef956fc24dc2593a4bd2961f8df51898d8a134695145"
        ),
        SigV4SuiteCase(
            name: "get-slash-normalized",
            method: "GET", path: "//",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        SigV4SuiteCase(
            name: "get-slash-pointless-dot-normalized",
            method: "GET", path: "/./example",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /example

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"
        ),
        SigV4SuiteCase(
            name: "get-slash-pointless-dot-unnormalized",
            method: "GET", path: "/./example",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: false, signsBody: false,
            canonicalRequest: """
            GET
            /./example

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            73895e0e829507e28e39fd24669aedc2434a8e179e547e3c075b42921f952cdb
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=beb03f223f7deae4146464f06e29eebbee9c8afbe15c290cf07aa8b119e14cff"
        ),
        SigV4SuiteCase(
            name: "get-slash-unnormalized",
            method: "GET", path: "//",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: false, signsBody: false,
            canonicalRequest: """
            GET
            //

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            80cb39203d058af815de2b79250ff56e1b73eb9b4718c86556cdc6f150c5d209
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=c88bcd3d312d75078c0cd961d6deae3f4c754924b01669efcfcb439fd5e5b76e"
        ),
        SigV4SuiteCase(
            name: "get-slashes-normalized",
            method: "GET", path: "//example//",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /example/

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"
        ),
        SigV4SuiteCase(
            name: "get-slashes-unnormalized",
            method: "GET", path: "//example//",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: false, signsBody: false,
            canonicalRequest: """
            GET
            //example//

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            528ec3105ee1f34ab014bb0a1a45da0ed2742a4fea3555149e5b4d5d201eb240
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7e5"
        ),
        SigV4SuiteCase(
            name: "get-space-normalized",
            method: "GET", path: "/example space/",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /example%20space/

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"
        ),
        SigV4SuiteCase(
            name: "get-space-unnormalized",
            method: "GET", path: "/example space/",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: false, signsBody: false,
            canonicalRequest: """
            GET
            /example%20space/

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"
        ),
        SigV4SuiteCase(
            name: "get-unreserved",
            method: "GET", path: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"
        ),
        SigV4SuiteCase(
            name: "get-utf8",
            method: "GET", path: "/ሴ",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /%E1%88%B4

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"
        ),
        SigV4SuiteCase(
            name: "get-vanilla",
            method: "GET", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        SigV4SuiteCase(
            name: "get-vanilla-empty-query-key",
            method: "GET", path: "/",
            query: [("Param1", "value1")],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /
            Param1=value1
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"
        ),
        SigV4SuiteCase(
            name: "get-vanilla-query",
            method: "GET", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        SigV4SuiteCase(
            name: "get-vanilla-query-order-encoded",
            method: "GET", path: "/",
            query: [("Param-3", "Value3"), ("Param", "Value2"), ("ሴ", "Value1")],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /
            %E1%88%B4=Value1&Param=Value2&Param-3=Value3
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            868294f5c38bd141c4972a373a76654f1418a8e4fc18b2e7903ae45e8ae0ec71
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac"
        ),
        SigV4SuiteCase(
            name: "get-vanilla-query-order-key-case",
            method: "GET", path: "/",
            query: [("Param2", "value2"), ("Param1", "value1")],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /
            Param1=value1&Param2=value2
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        ),
        SigV4SuiteCase(
            name: "get-vanilla-query-unreserved",
            method: "GET", path: "/",
            query: [("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /
            -._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"
        ),
        SigV4SuiteCase(
            name: "get-vanilla-utf8-query",
            method: "GET", path: "/",
            query: [("ሴ", "bar")],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /
            %E1%88%B4=bar
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"
        ),
        SigV4SuiteCase(
            name: "get-vanilla-with-session-token",
            method: "GET", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267", tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z
            x-amz-security-token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267

            host;x-amz-date;x-amz-security-token
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"
        ),
        SigV4SuiteCase(
            name: "post-header-key-case",
            method: "POST", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            POST
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        ),
        SigV4SuiteCase(
            name: "post-header-key-sort",
            method: "POST", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com"), ("My-Header1", "value1")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            POST
            /

            host:example.amazonaws.com
            my-header1:value1
            x-amz-date:20150830T123600Z

            host;my-header1;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"
        ),
        SigV4SuiteCase(
            name: "post-header-value-case",
            method: "POST", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com"), ("My-Header1", "VALUE1")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            POST
            /

            host:example.amazonaws.com
            my-header1:VALUE1
            x-amz-date:20150830T123600Z

            host;my-header1;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"
        ),
        SigV4SuiteCase(
            name: "post-sts-header-after",
            method: "POST", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==", tokenAddedAfterSigning: true,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            POST
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        ),
        SigV4SuiteCase(
            name: "post-sts-header-before",
            method: "POST", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==", tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            POST
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z
            x-amz-security-token:AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==

            host;x-amz-date;x-amz-security-token
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"
        ),
        SigV4SuiteCase(
            name: "post-vanilla",
            method: "POST", path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            POST
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        ),
        SigV4SuiteCase(
            name: "post-vanilla-empty-query-value",
            method: "POST", path: "/",
            query: [("Param1", "value1")],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            POST
            /
            Param1=value1
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"
        ),
        SigV4SuiteCase(
            name: "post-vanilla-query",
            method: "POST", path: "/",
            query: [("Param1", "value1")],
            headers: [("Host", "example.amazonaws.com")],
            body: "",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: false,
            canonicalRequest: """
            POST
            /
            Param1=value1
            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"
        ),
        SigV4SuiteCase(
            name: "post-x-www-form-urlencoded",
            method: "POST", path: "/",
            query: [],
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Host", "example.amazonaws.com"), ("Content-Length", "13")],
            body: "Param1=value1",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: true,
            canonicalRequest: """
            POST
            /

            content-length:13
            content-type:application/x-www-form-urlencoded
            host:example.amazonaws.com
            x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
            x-amz-date:20150830T123600Z

            content-length;content-type;host;x-amz-content-sha256;x-amz-date
            9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            b1edd1d03544c25390e32085d55b57acc9a3961bb59415ff86c45c3d89d16cfb
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"
        ),
        SigV4SuiteCase(
            name: "post-x-www-form-urlencoded-parameters",
            method: "POST", path: "/",
            query: [],
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Host", "example.amazonaws.com"), ("Content-Length", "13")],
            body: "Param1=value1",
            sessionToken: nil, tokenAddedAfterSigning: false,
            normalizesPath: true, signsBody: true,
            canonicalRequest: """
            POST
            /

            content-length:13
            content-type:application/x-www-form-urlencoded; charset=utf-8
            host:example.amazonaws.com
            x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
            x-amz-date:20150830T123600Z

            content-length;content-type;host;x-amz-content-sha256;x-amz-date
            9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
            """,
            stringToSign: """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            a89f1a5b53e37702ee6363ce1da3ce8f54386f3c8f352ae652153c2982a0bc4d
            """,
            authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422"
        ),
    ]
}

/// Requests shaped like watchpost's own (Query, JSON 1.1, REST-XML, S3 path and virtual-host
/// style, S3 Control, a moto port), signed by botocore 1.43's SigV4Auth / S3SigV4Auth at
/// 2026-11-25T21:07:09Z: an independent reference for the rules the suite does not cover.
struct BotocoreSignedCase: Sendable, CustomStringConvertible {
    let name: String
    let service: String
    let region: String
    let usesSessionToken: Bool
    let request: HTTPRequest
    let authorization: String
    var description: String { name }
}

enum BotocoreSigned {
    static let date = Date(timeIntervalSince1970: 1795640829)
    static let credentials = Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let temporaryCredentials = Credentials(
        accessKeyID: "ASIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        sessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==")

    static let cases: [BotocoreSignedCase] = [
        BotocoreSignedCase(
            name: "ec2-describe-instances-query-post", service: "ec2", region: "eu-west-1", usesSessionToken: true,
            request: HTTPRequest(
                method: "POST", scheme: "https", host: "ec2.eu-west-1.amazonaws.com",
                path: "/",
                query: [],
                headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
                body: Array("Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-state-name&Filter.1.Value.1=running&NextToken=eyJ2IjoiMiJ9%3D".utf8)),
            authorization: "AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE/20261125/eu-west-1/ec2/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=39cd9fd9e0de1e5aa2422c5d035ee2359b74da494fdaea09a8e34c5293ad681c"
        ),
        BotocoreSignedCase(
            name: "sts-get-caller-identity", service: "sts", region: "us-east-1", usesSessionToken: false,
            request: HTTPRequest(
                method: "POST", scheme: "https", host: "sts.amazonaws.com",
                path: "/",
                query: [],
                headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
                body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8)),
            authorization: "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=bf7b33f5c8f1797f097b373c74122184919e27ee85e1a9c39a6a3c8f8d9b946c"
        ),
        BotocoreSignedCase(
            name: "ssm-json11-get-parameter", service: "ssm", region: "ap-southeast-2", usesSessionToken: true,
            request: HTTPRequest(
                method: "POST", scheme: "https", host: "ssm.ap-southeast-2.amazonaws.com",
                path: "/",
                query: [],
                headers: [(name: "Content-Type", value: "application/x-amz-json-1.1"), (name: "X-Amz-Target", value: "AmazonSSM.GetParameter")],
                body: Array("{\"Name\":\"/watchpost/slack-webhook\",\"WithDecryption\":true}".utf8)),
            authorization: "AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE/20261125/ap-southeast-2/ssm/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=32a78e4a7f4dba2fa9ced8aefcc967d653cad1603cd5ac70cb2e83b3d6518ded"
        ),
        BotocoreSignedCase(
            name: "cloudtrail-lookup-events-moto-port", service: "cloudtrail", region: "us-east-1", usesSessionToken: false,
            request: HTTPRequest(
                method: "POST", scheme: "http", host: "127.0.0.1:5000",
                path: "/",
                query: [],
                headers: [(name: "Content-Type", value: "application/x-amz-json-1.1"), (name: "X-Amz-Target", value: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents")],
                body: Array("{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"ConsoleLogin\"}],\"MaxResults\":50}".utf8)),
            authorization: "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/us-east-1/cloudtrail/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=19692b329725b3255402e2c3b55fc2e4f6ea8acdbf4d01bf0dfd15bc634e63b4"
        ),
        BotocoreSignedCase(
            name: "iam-global-get-with-query", service: "iam", region: "us-east-1", usesSessionToken: false,
            request: HTTPRequest(
                method: "GET", scheme: "https", host: "iam.amazonaws.com",
                path: "/",
                query: [(name: "Action", value: "ListAttachedRolePolicies"), (name: "RoleName", value: "watchpost role+1"), (name: "Version", value: "2010-05-08"), (name: "Marker", value: "a/b=c")],
                headers: [],
                body: Array("".utf8)),
            authorization: "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=b4738d1bb16cc2b45e20313e7d48b98cdaf089ec650c8c4535eac1a01e1e57da"
        ),
        BotocoreSignedCase(
            name: "non-s3-encoded-path-is-encoded-again", service: "lambda", region: "us-east-1", usesSessionToken: false,
            request: HTTPRequest(
                method: "GET", scheme: "https", host: "lambda.us-east-1.amazonaws.com",
                path: "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-fn/policy",
                query: [(name: "Qualifier", value: "$LATEST")],
                headers: [],
                body: Array("".utf8)),
            authorization: "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=858308c8af98fbdd08858990110df04d156d11454a828fa87c4ea2ebfda44665"
        ),
        BotocoreSignedCase(
            name: "s3-put-bucket-policy", service: "s3", region: "us-east-1", usesSessionToken: true,
            request: HTTPRequest(
                method: "PUT", scheme: "https", host: "examplebucket.s3.us-east-1.amazonaws.com",
                path: "/",
                query: [(name: "policy", value: "")],
                headers: [(name: "Content-Type", value: "application/json")],
                body: Array("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::examplebucket/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}".utf8)),
            authorization: "AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE/20261125/us-east-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=05e4af1396c4534b7f8dd9fdf253aebb6e74dc1fb2959f1b90b095717561366c"
        ),
        BotocoreSignedCase(
            name: "s3-path-style-get-object-with-special-key", service: "s3", region: "us-east-1", usesSessionToken: false,
            request: HTTPRequest(
                method: "GET", scheme: "http", host: "localhost:5000",
                path: "/evidence-bucket/AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/25/a%20b%2Bc%3D%E2%82%AC.json.gz",
                query: [],
                headers: [(name: "Range", value: "bytes=0-1023")],
                body: Array("".utf8)),
            authorization: "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=5f305ae57c87066d6467944435e1903a4e8c98f7ec9e03ad9ee56abf0b9b9ad9"
        ),
        BotocoreSignedCase(
            name: "s3-list-objects-v2", service: "s3", region: "eu-central-1", usesSessionToken: false,
            request: HTTPRequest(
                method: "GET", scheme: "https", host: "trail-logs.s3.eu-central-1.amazonaws.com",
                path: "/",
                query: [(name: "list-type", value: "2"), (name: "prefix", value: "AWSLogs/123456789012/"), (name: "continuation-token", value: "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="), (name: "max-keys", value: "1000")],
                headers: [],
                body: Array("".utf8)),
            authorization: "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/eu-central-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=e05fc09efda98c8a3e393951031d84b0d94ca0afe118066539d2ea9ed5c18e25"
        ),
        BotocoreSignedCase(
            name: "s3-control-public-access-block", service: "s3", region: "us-east-1", usesSessionToken: false,
            request: HTTPRequest(
                method: "PUT", scheme: "https", host: "123456789012.s3-control.us-east-1.amazonaws.com",
                path: "/v20180820/configuration/publicAccessBlock",
                query: [],
                headers: [(name: "x-amz-account-id", value: "123456789012"), (name: "Content-Type", value: "application/xml")],
                body: Array("<PublicAccessBlockConfiguration xmlns=\"http://awss3control.amazonaws.com/doc/2018-08-20/\"><BlockPublicAcls>true</BlockPublicAcls></PublicAccessBlockConfiguration>".utf8)),
            authorization: "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/us-east-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-account-id;x-amz-content-sha256;x-amz-date, Signature=9ddeffba93af01b6b0af083207b8c70cf6ea1ab161e4a05a02e011242b3b95a1"
        ),
        BotocoreSignedCase(
            name: "s3-repeated-query-names-sort-by-value", service: "s3", region: "us-east-1", usesSessionToken: false,
            request: HTTPRequest(
                method: "DELETE", scheme: "https", host: "b.s3.amazonaws.com",
                path: "/k",
                query: [(name: "versionId", value: "z"), (name: "a", value: "2"), (name: "a", value: "10"), (name: "a", value: "")],
                headers: [(name: "X-Amz-Meta-Note", value: "  two   spaces  ")],
                body: Array("".utf8)),
            authorization: "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-meta-note, Signature=0d1b689a8fb1e65a5f0ac2e4a76d3b9b25d4e16124ccb0136e4f558cbf27316e"
        ),
    ]
}
