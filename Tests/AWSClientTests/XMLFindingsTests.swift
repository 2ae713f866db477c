import WatchpostCore
import Testing
@testable import AWSClient
import Primitives

/// Finding 6 (issue 17): where the reader differed from expat on mutated documents.
struct XMLFindingsTests {
    @Test(arguments: ["<a>x\r\ny\rz</a>", "<a>x\ny\nz</a>"])
    func lineEndsAreNormalised(_ document: String) throws {
        #expect(try XML.parse(Array(document.utf8)).text == "x\ny\nz")
    }

    @Test func aCharacterReferenceStillGivesACarriageReturn() throws {
        #expect(try XML.parse(Array("<a>x&#13;\r\ny</a>".utf8)).text == "x\r\ny")
        #expect(try XML.parse(Array("<a b=\"1\r\n2\"/>".utf8)).attributes["b"] == "1 2")
    }

    @Test(arguments: [
        "<a><!-- a -- b --></a>", "<a><!-- x ---></a>", "<a>x ]]> y</a>", "<a>\u{FFFE}</a>", "<a>\u{FFFF}</a>",
        "<a>&#xFFFE;</a>", "<a/><?xml version=\"1.0\"?>", " <?xml version=\"1.0\"?><a/>", "<a><?XML x?></a>",
    ])
    func illFormedDocumentsAreRefused(_ document: String) {
        #expect(throws: XML.ParseError.self) { try XML.parse(Array(document.utf8)) }
    }

    @Test(arguments: [
        "<?xml version=\"1.0\"?><a/>", "\u{FEFF}<?xml version=\"1.0\"?><a/>", "<a><!-- a - b --></a>", "<a><?xml-stylesheet x?></a>",
        "<a>]]&gt; ] ]> ]]</a>", "<a><![CDATA[ ]] ]]></a>",
    ])
    func wellFormedDocumentsStillRead(_ document: String) {
        #expect(throws: Never.self) { try XML.parse(Array(document.utf8)) }
    }
}
