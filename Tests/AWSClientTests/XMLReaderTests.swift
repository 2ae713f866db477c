import Testing
@testable import AWSClient
import Primitives

@Suite struct XMLReaderTests {
    func parse(_ text: String) throws(XML.ParseError) -> XML.Element {
        try XML.parse(Array(text.utf8))
    }

    // MARK: The grammar

    @Test func elementsAttributesAndText() throws {
        let root = try parse(#"<a x="1" y='two'><b>hello</b><b/><c z = "3" >  spaced  </c></a>"#)
        #expect(root.name == "a")
        #expect(root.attributes == ["x": "1", "y": "two"])
        #expect(root.children.map(\.name) == ["b", "b", "c"])
        #expect(root.children("b").map(\.text) == ["hello", ""])
        #expect(root.child("c")?.attributes["z"] == "3")
        #expect(root.value("c") == "  spaced  ")
        #expect(root.value("missing") == nil)
        #expect(root.value() == "")
    }

    @Test func mixedContentConcatenatesTheElementsOwnText() throws {
        let root = try parse("<p>one <b>two</b> three<![CDATA[ <four> ]]>&amp;</p>")
        #expect(root.text == "one  three <four> &")
        #expect(root.value("b") == "two")
    }

    @Test func namespacePrefixesAreStrippedFromElementNames() throws {
        let root = try parse(#"<s3:Root xmlns:s3="urn:x" xmlns="urn:y"><s3:Item a:b="c">v</s3:Item></s3:Root>"#)
        #expect(root.name == "Root")
        #expect(root.attributes["xmlns:s3"] == "urn:x")
        #expect(root.attributes["xmlns"] == "urn:y")
        #expect(root.value("Item") == "v")
        #expect(root.child("Item")?.attributes["a:b"] == "c")
    }

    @Test func predefinedAndNumericEntities() throws {
        let root = try parse(#"<e a="&lt;&gt;&amp;&quot;&apos;&#65;&#x42;">&lt;&gt;&amp;&quot;&apos; &#233; &#xE9; &#x1F600; &#10;</e>"#)
        #expect(root.text == "<>&\"' é é 😀 \n")
        #expect(root.attributes["a"] == "<>&\"'AB")
    }

    @Test func attributeValuesNormaliseLiteralLineBreaksButNotReferences() throws {
        let root = try parse("<e a=\"x\ny\tz&#10;\"/>")
        #expect(root.attributes["a"] == "x y z\n")
    }

    @Test func cdataCommentsProcessingInstructionsAndTheProlog() throws {
        let root = try parse("""
            \u{FEFF}<?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment before the root -->
            <?stylesheet href="x"?>
            <root><!-- inside --><v><![CDATA[<not>&markup;]]></v><?pi data?><w>a<!-- c -->b</w></root>
            <!-- and after -->

            """)
        #expect(root.value("v") == "<not>&markup;")
        #expect(root.value("w") == "ab")
        #expect(root.children.count == 2)
    }

    @Test func multiByteNamesAndText() throws {
        let root = try parse("<ключ атрибут=\"значение\">текст ሴ</ключ>")
        #expect(root.name == "ключ")
        #expect(root.attributes["атрибут"] == "значение")
        #expect(root.text == "текст ሴ")
    }

    @Test func escapeWritesTheFiveEntities() throws {
        let raw = #"a&b<c>d"e'f ü"#
        #expect(XML.escape(raw) == "a&amp;b&lt;c&gt;d&quot;e&apos;f ü")
        let root = try parse("<x a=\"\(XML.escape(raw))\">\(XML.escape(raw))</x>")
        #expect(root.text == raw)
        #expect(root.attributes["a"] == raw)
    }

    // MARK: Real AWS responses

    @Test func ec2DescribeInstances() throws {
        let root = try parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
                <reservationSet>
                    <item>
                        <reservationId>r-1234567890abcdef0</reservationId>
                        <ownerId>123456789012</ownerId>
                        <groupSet/>
                        <instancesSet>
                            <item>
                                <instanceId>i-1234567890abcdef0</instanceId>
                                <imageId>ami-bff32ccc</imageId>
                                <instanceState>
                                    <code>16</code>
                                    <name>running</name>
                                </instanceState>
                                <privateIpAddress>192.168.1.88</privateIpAddress>
                                <groupSet>
                                    <item><groupId>sg-e4076980</groupId><groupName>SecurityGroup1</groupName></item>
                                </groupSet>
                                <tagSet>
                                    <item><key>Name</key><value>web &amp; api</value></item>
                                    <item><key>env</key><value>prod</value></item>
                                </tagSet>
                            </item>
                        </instancesSet>
                    </item>
                </reservationSet>
                <nextToken>eyJ2IjoiMiJ9</nextToken>
            </DescribeInstancesResponse>
            """)
        #expect(root.name == "DescribeInstancesResponse")
        #expect(root.value("nextToken") == "eyJ2IjoiMiJ9")
        let instances = root.children("reservationSet").flatMap { $0.children("item") }
            .flatMap { $0.child("instancesSet")?.children("item") ?? [] }
        #expect(instances.count == 1)
        let instance = try #require(instances.first)
        #expect(instance.value("instanceId") == "i-1234567890abcdef0")
        #expect(instance.value("instanceState", "name") == "running")
        #expect(instance.value("instanceState", "code") == "16")
        #expect(instance.value("groupSet", "item", "groupId") == "sg-e4076980")
        let tags = instance.child("tagSet")?.children("item").map { ($0.value("key") ?? "", $0.value("value") ?? "") }
        #expect(tags?.map(\.0) == ["Name", "env"])
        #expect(tags?.first?.1 == "web & api")
    }

    @Test func s3Error() throws {
        let root = try parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message><BucketName>examplebucket</BucketName><RequestId>4442587FB7D0A2F9</RequestId><HostId>9+4Ms/lNDbTCd5jwQ/Ia1XUqOL5oQzP3tL4tv8G7HSfvMqUO3bXMnGPT3A1IQ9Nl+pqDYTn0Ozs=</HostId></Error>
            """)
        #expect(root.name == "Error")
        #expect(root.value("Code") == "NoSuchBucketPolicy")
        #expect(root.value("Message") == "The bucket policy does not exist")
        #expect(root.value("RequestId") == "4442587FB7D0A2F9")
    }

    @Test func queryProtocolErrorAndStsResult() throws {
        let sts = try parse("""
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
                <UserId>AKIAI44QH8DHBEXAMPLE</UserId>
                <Account>123456789012</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata>
                <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
              </ResponseMetadata>
            </GetCallerIdentityResponse>
            """)
        #expect(sts.value("GetCallerIdentityResult", "Account") == "123456789012")
        #expect(sts.value("GetCallerIdentityResult", "Arn") == "arn:aws:iam::123456789012:user/Alice")
        #expect(sts.value("ResponseMetadata", "RequestId") == "01234567-89ab-cdef-0123-456789abcdef")

        let error = try parse("""
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error>
              <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
            </ErrorResponse>
            """)
        #expect(error.value("Error", "Code") == "InvalidClientTokenId")
        #expect(error.value("RequestId") == "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
    }

    @Test func s3ListBucketResultAndAcl() throws {
        let list = try parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>examplebucket</Name><Prefix>AWSLogs/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>
              <IsTruncated>true</IsTruncated>
              <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
              <Contents><Key>AWSLogs/a b.json.gz</Key><LastModified>2013-09-17T18:07:53.000Z</LastModified><ETag>&quot;599bab3ed2c697f1d26842727561fd94&quot;</ETag><Size>857</Size><StorageClass>STANDARD</StorageClass></Contents>
              <Contents><Key>AWSLogs/c&amp;d.json.gz</Key><ETag>"8c1e5b7a"</ETag><Size>0</Size></Contents>
            </ListBucketResult>
            """)
        #expect(list.value("IsTruncated") == "true")
        #expect(list.children("Contents").compactMap { $0.value("Key") } == ["AWSLogs/a b.json.gz", "AWSLogs/c&d.json.gz"])
        #expect(list.children("Contents").first?.value("ETag") == "\"599bab3ed2c697f1d26842727561fd94\"")

        let acl = try parse("""
            <AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID></Owner>
            <AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>
            """)
        let grant = try #require(acl.child("AccessControlList")?.child("Grant"))
        #expect(grant.child("Grantee")?.attributes["xsi:type"] == "Group")
        #expect(grant.value("Grantee", "URI") == "http://acs.amazonaws.com/groups/global/AllUsers")
        #expect(grant.value("Permission") == "READ")
    }

    // MARK: Malformed input is an error, never a crash

    @Test(arguments: [
        ("", "no root element"),
        ("   \n", "no root element"),
        ("<!-- only a comment -->", "no root element"),
        ("<a>", "is not closed"),
        ("<a><b></a>", "does not match"),
        ("<a></b>", "does not match"),
        ("</a>", "without a start tag"),
        ("<a></a><b/>", "after the root"),
        ("<a/>trailing", "after the root"),
        ("text<a/>", "before the root"),
        ("<a>&bogus;</a>", "unknown or invalid entity"),
        ("<a>&#0;</a>", "unknown or invalid entity"),
        ("<a>&#xD800;</a>", "unknown or invalid entity"),
        ("<a>&#x110000;</a>", "unknown or invalid entity"),
        ("<a>&#;</a>", "unknown or invalid entity"),
        ("<a>&#x;</a>", "unknown or invalid entity"),
        ("<a>fish & chips</a>", "does not start an entity"),
        ("<a>&amp</a>", "does not start an entity"),
        ("<a b=\"1\" b=\"2\"/>", "duplicate attribute"),
        ("<a b=1/>", "quoted value"),
        ("<a b/>", "expected \"=\""),
        ("<a b=\"<\"/>", "\"<\" in the value"),
        ("<a b=\"1\"c=\"2\"/>", "expected whitespace"),
        ("<a b=\"open/>", "unterminated value"),
        ("<1a/>", "expected a name"),
        ("<a><!-- never closed </a>", "unterminated comment"),
        ("<a><![CDATA[ never closed </a>", "unterminated CDATA"),
        ("<![CDATA[x]]><a/>", "CDATA outside"),
        ("<?xml version=\"1.0\"", "unterminated processing instruction"),
        ("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "DOCTYPE"),
        ("<a>\u{01}</a>", "control character"),
        ("<a", "unexpected end of input"),
        ("<a b=\"1\"", "unexpected end of input"),
        ("<a></a", "expected \">\""),
    ])
    func malformed(document: String, reasonContains: String) {
        #expect {
            try XML.parse(Array(document.utf8))
        } throws: { error in
            guard let parseError = error as? XML.ParseError else { return false }
            return parseError.reason.contains(reasonContains) && parseError.offset <= document.utf8.count
        }
    }

    @Test func invalidUTF8IsReportedWithItsOffset() {
        #expect(throws: XML.ParseError(offset: 3, reason: "invalid UTF-8")) {
            try XML.parse(Array("<a>".utf8) + [0xC3, 0x28] + Array("</a>".utf8))
        }
        #expect(throws: XML.ParseError.self) { try XML.parse([0xFF, 0xFE, 0x3C, 0x00]) }
    }

    @Test func nestingIsBounded() throws {
        let limit = XML.maximumDepth
        let deepest = String(repeating: "<a>", count: limit) + String(repeating: "</a>", count: limit)
        var element = try parse(deepest)
        var depth = 1
        while let child = element.children.first { element = child; depth += 1 }
        #expect(depth == limit)

        let tooDeep = String(repeating: "<a>", count: limit + 1) + String(repeating: "</a>", count: limit + 1)
        #expect(throws: XML.ParseError(offset: 3 * limit, reason: "elements nested deeper than \(limit)")) {
            try parse(tooDeep)
        }
        let hostile = String(repeating: "<a>", count: 200_000)
        #expect(throws: XML.ParseError.self) { try parse(hostile) }
    }

    @Test func errorsDescribeThemselves() {
        #expect(XML.ParseError(offset: 7, reason: "oops").description == "XML parse error at byte 7: oops")
    }

    /// Mutates valid documents many thousands of times (seeded, so a failure reproduces) and
    /// requires every outcome to be an element or a ParseError pointing inside the input.
    @Test func mutatedDocumentsOnlyEverParseOrFail() {
        let seeds: [String] = [
            #"<?xml version="1.0"?><r a="1" b='&amp;'><x>t&lt;</x><!--c--><![CDATA[d]]><y/><?p q?></r>"#,
            "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><reservationSet><item><instancesSet><item><instanceId>i-1</instanceId><instanceState><name>running</name></instanceState></item></instancesSet></item></reservationSet></DescribeInstancesResponse>",
            "<Error><Code>NoSuchKey</Code><Message>The key &quot;ሴ&quot; does not exist &#x1F600;</Message></Error>",
        ]
        let interesting: [UInt8] = Array("<>&;/=\"'![]?-#x: \n".utf8) + [0x00, 0x80, 0xC3, 0xE1, 0xFF]
        var random = SplitMix64(seed: 0x5EED_CAFE)
        var parsed = 0, rejected = 0
        for iteration in 0..<6_000 {
            var bytes = Array(seeds[iteration % seeds.count].utf8)
            for _ in 0...random.next(below: 4) {
                mutate(&bytes, random: &random, alphabet: interesting)
            }
            do {
                _ = try XML.parse(bytes)
                parsed += 1
            } catch {
                rejected += 1
                #expect(error.offset >= 0 && error.offset <= bytes.count, "iteration \(iteration)")
                #expect(!error.reason.isEmpty)
            }
        }
        // Both outcomes must actually occur, or the mutations are not exercising anything.
        #expect(parsed > 100)
        #expect(rejected > 1_000)
    }

    private func mutate(_ bytes: inout [UInt8], random: inout SplitMix64, alphabet: [UInt8]) {
        guard !bytes.isEmpty else { bytes = [alphabet[random.next(below: alphabet.count)]]; return }
        let at = random.next(below: bytes.count)
        switch random.next(below: 6) {
        case 0: bytes[at] = alphabet[random.next(below: alphabet.count)]
        case 1: bytes.insert(alphabet[random.next(below: alphabet.count)], at: at)
        case 2: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.next(below: 8)))
        case 3: bytes.removeSubrange(at...)  // truncate
        case 4:
            let end = min(bytes.count, at + 1 + random.next(below: 20))
            bytes.insert(contentsOf: bytes[at..<end], at: random.next(below: bytes.count))
        default: bytes[at] = UInt8(truncatingIfNeeded: random.next(below: 256))
        }
    }
}

/// A tiny deterministic generator (Steele, Lea and Flood's SplitMix64) for seeded fuzzing.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}
