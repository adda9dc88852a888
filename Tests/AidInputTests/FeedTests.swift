import Foundation
import Testing
import AidExtraction
@testable import AidInput

/// RSS 2.0, RSS 1.0 and Atom feeds, JSON Lines feeds: items, their dates in UTC, links,
/// HTML content read for its text; malformed feeds and lines; XXE.
@Suite struct FeedTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    @Test func rssItemsWithDatesLinksAndText() throws {
        let items = try Feed.read(try Self.fixture("feeds/aid-wire.rss"))
        #expect(items.count == 4)
        #expect(items.map(\.item) == [1, 2, 3, 4])
        #expect(items.map(\.metadata.published) == ["2025-04-02", "2025-04-01", "2025-04-03", nil])
        #expect(items.allSatisfy { $0.metadata.source == "Aid Wire — development news" })
        #expect(items[0].metadata.title == "Norway pledges $20 million for Sudan")
        #expect(items[0].metadata.url == "https://aidwire.example/2025/04/norway-sudan")
        // description with escaped HTML: its text, the "Read more" link and the WordPress footer gone
        #expect(items[0].body == "Norway will give $20 million in humanitarian aid to Sudan, the foreign ministry said.\nThe money goes to the World Food Programme.\n")
        // content:encoded wins over description; the script goes
        #expect(items[1].body == "Sweden will give SEK 200 million to UNICEF for schools in Ukraine.\nThe grant runs for two years.\n")
        #expect(items[1].metadata.title == "Sweden’s grant & UNICEF")
        #expect(items[1].metadata.url == "https://aidwire.example/2025/04/sweden-unicef")  // the guid, a permalink
        // plain-text description
        #expect(items[2].body == "Japan approved a loan of 50 billion yen for Kenya.\n")
        // an item with a title only reads its title
        #expect(items[3].body == "UK pledges £10 million to Sudan\n")
    }

    @Test func atomEntriesWithTimeZones() throws {
        let items = try Feed.read(try Self.fixture("feeds/relief-updates.atom"))
        #expect(items.count == 3)
        #expect(items.map(\.metadata.published) == ["2025-04-02", "2025-03-31", "2025-05-01"])
        #expect(items[0].metadata.url == "https://relief.example/updates/1")
        #expect(items[0].metadata.source == "Relief Updates")
        #expect(items[0].body == "Denmark gave DKK 50 million to the Sahel resilience fund.\n")   // type="html" content
        #expect(items[1].body == "Ireland will provide €5 million to Gaza.\nThe money goes to UNRWA.\n")  // type="xhtml"
        #expect(items[2].body == "Canada pledged CAD 15 million for Haiti.\n")   // summary, updated date
        #expect(items[1].metadata.title == "Ireland & Gaza")
    }

    @Test func rdfFeed() throws {
        let rdf = """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel rdf:about="x"><title>Old Wire</title></channel>
            <item rdf:about="https://old.example/1"><title>One</title><link>https://old.example/1</link>
            <description>Norway gave $5 million to Chad.</description><dc:date>2025-04-01T23:00:00-05:00</dc:date></item>
            </rdf:RDF>
            """
        let items = try Feed.read(Array(rdf.utf8))
        #expect(items.count == 1)
        #expect(items[0].metadata.published == "2025-04-02")
        #expect(items[0].metadata.source == "Old Wire")
    }

    @Test func externalEntitiesAreNeverRead() throws {
        let xxe = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE rss [
              <!ENTITY xxe SYSTEM "file:///etc/passwd">
              <!ENTITY % remote SYSTEM "file:///etc/passwd">
              <!ENTITY inner "internal text">
            ]>
            <rss version="2.0"><channel><title>Feed &xxe;</title>
            <item><title>Item &xxe;</title><description>Norway gave $5 million to Chad. &xxe; &inner;</description></item>
            </channel></rss>
            """
        let items = try Feed.read(Array(xxe.utf8))
        #expect(items.count == 1)
        let everything = items.map { "\($0.metadata) \($0.body)" }.joined()
        #expect(!everything.contains("root:"))
        #expect(!everything.contains("/bin/"))
        #expect(items[0].body == "Norway gave $5 million to Chad. internal text\n")
    }

    @Test func malformedFeedsAreErrors() {
        #expect(throws: InputError("malformed feed at line 1: xmlParseEntityRef: no name")) {
            try Feed.read(Array("<?xml version=\"1.0\"?><rss><channel><item><title>a & b</title></item></channel></rss>".utf8))
        }
        #expect(throws: InputError.self) { try Feed.read(Array("<rss><channel><item>".utf8)) }
        #expect(throws: InputError("not an RSS or Atom feed (its root element is <urlset>)")) {
            try Feed.read(Array("<?xml version=\"1.0\"?><urlset><url/></urlset>".utf8))
        }
        #expect(throws: InputError("malformed feed: <rss> without a <channel>")) { try Feed.read(Array("<rss/>".utf8)) }
    }

    @Test func feedWithDeclaredEncoding() throws {
        let head = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf".utf8)
        let rest = Array("</title><item><title>t</title><description>Norway gave 5 million kroner to Chad.</description></item></channel></rss>".utf8)
        let items = try Feed.read(head + [0xE9] + rest)
        #expect(items[0].metadata.source == "Café")
    }

    @Test func jsonLinesWithHTMLText() throws {
        let items = try JSONLinesFeed.read(String(decoding: try Self.fixture("feeds/wire.jsonl"), as: UTF8.self))
        #expect(items.count == 3)
        #expect(items.map(\.item) == [1, 2, 4])   // line numbers; line 3 is blank
        #expect(items[0].body == "Norway gave $5 million to Chad for flood relief.\nThe money goes to UNICEF.\n")
        #expect(items[0].metadata.published == "2025-04-02")
        #expect(items[0].metadata.url == "https://wire.example/1")
        #expect(items[1].body == "Sweden pledged SEK 30 million to Somalia.\nIt is a grant.\n")   // plain text, its lines
        #expect(items[1].metadata.published == "2025-04-05")
        #expect(items[2].metadata.title == nil)
    }

    @Test func badJSONLinesNameTheLine() {
        #expect(throws: InputError("line 2: not valid JSON")) {
            try JSONLinesFeed.read("{\"text\": \"a\"}\n{\"text\": oops}\n")
        }
        #expect(throws: InputError("line 1: no 'text'")) { try JSONLinesFeed.read("{\"title\": \"a\"}") }
        #expect(throws: InputError.self) { try JSONLinesFeed.read("[1, 2]") }
        #expect(throws: InputError("line 1: 'published' is not a date: 'last week'")) {
            try JSONLinesFeed.read("{\"text\": \"a\", \"published\": \"last week\"}")
        }
        #expect(throws: InputError("line 1: 'title' must be a string")) { try JSONLinesFeed.read("{\"text\": \"a\", \"title\": 5}") }
    }
}
