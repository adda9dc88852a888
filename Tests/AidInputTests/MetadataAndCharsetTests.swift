import Foundation
import Testing
import AidExtraction
@testable import AidInput

/// A page's own metadata (title, UTC publication date, canonical URL, site name), dates as
/// pages and feeds write them, and charsets declared or detected.
@Suite struct MetadataAndCharsetTests {
    static func page(_ name: String) throws -> HTMLPage {
        let url = MainTextQualityTests.pagesFolder.appendingPathComponent(name)
        return try HTMLPage.read([UInt8](try Data(contentsOf: url)))
    }

    @Test func metadataFromMetaLinkAndJSONLD() throws {
        let wire = try Self.page("01-wire-article.html").metadata
        #expect(wire.title == "Norway pledges $20 million for Sudan food aid")        // og:title
        #expect(wire.published == "2025-04-02")                                         // 23:30 at -02:00
        #expect(wire.url == "https://northern-desk.example/world/2025/04/norway-sudan-food-aid")
        #expect(wire.source == "Northern Desk")                                         // og:site_name

        let blog = try Self.page("02-wordpress-blog.html").metadata
        #expect(blog.title == "Why the new Sahel resilience fund matters")             // <title> without the site part
        #expect(blog.published == "2025-02-14")                                         // <meta name="date">
        #expect(blog.url == "https://fieldnotes.example/2025/02/sahel-resilience-fund/")

        let release = try Self.page("05-ngo-press-release.html").metadata
        #expect(release.url == "https://relief-agency.example/news/wfp-welcomes-canadian-contribution-haiti")  // relative, resolved on <base>
        #expect(release.published == "2025-06-03")

        let graph = try Self.page("06-teasers-and-article.html").metadata
        #expect(graph.published == "2025-05-20")                                        // JSON-LD @graph, 06:15+03:00
        #expect(graph.title == "EU approves €1.2 billion loan tranche for Ukraine")
        #expect(graph.url == "https://continental-post.example/europe/eu-loan-tranche-ukraine")
        #expect(graph.source == "Continental Post")

        let shell = try Self.page("07-jsonld-app-shell.html").metadata
        #expect(shell.published == "2025-07-09")                                        // 21:45-04:00 is the 9th in UTC
        #expect(shell.url == "https://gulf-ledger.example/articles/saudi-fund-yemen-power")

        #expect(try Self.page("08-br-paragraphs.html").metadata.published == "2025-08-15")   // 20250815
        #expect(try Self.page("09-data-table.html").metadata.url == "https://aidwatch.example/rohingya-pledging-2025")  // og:url
        #expect(try Self.page("03-table-layout.html").metadata.published == "2025-03-12")    // DC.date.issued
        #expect(try Self.page("10-longform.html").metadata.published == "2025-09-30")
        #expect(try Self.page("12-aspnet-form.html").metadata.title == "Australia commits A$45 million to Pacific climate resilience - Pacific Affairs Online")
        #expect(try Self.page("12-aspnet-form.html").metadata.published == "2025-11-03")     // 08:00+11:00
    }

    @Test func timeElementAndBadJSONLD() throws {
        let html = """
            <html><head><script type="application/ld+json">{ not json</script></head>
            <body><aside><time datetime="2020-01-01">old</time></aside>
            <article><h1>T</h1><time datetime="2025-03-04T10:00:00+05:00">4 March</time><p>Body text of the article that is long enough.</p></article></body></html>
            """
        let meta = HTMLPage.extract(html: html).metadata
        #expect(meta.published == "2025-03-04")
        #expect(meta.title == "T")
    }

    @Test(arguments: [
        ("Tue, 01 Apr 2025 23:30:00 -0200", "2025-04-02"),
        ("Tue, 01 Apr 2025 23:30:00 +0000", "2025-04-01"),
        ("Wed, 02 Apr 2025 00:30:00 +0100", "2025-04-01"),
        ("01 Apr 2025 22:00 EST", "2025-04-02"),
        ("Mon, 31 Mar 2025 20:00:00 PDT", "2025-04-01"),
        ("Tue, 1 Apr 25 12:00:00 GMT", "2025-04-01"),
        ("2025-04-01", "2025-04-01"),
        ("2025-04-01T23:30:00-02:00", "2025-04-02"),
        ("2025-04-01T23:30:00.123-0200", "2025-04-02"),
        ("2025-04-02T01:00:00+03:00", "2025-04-01"),
        ("2025-12-31T23:59:59-01:00", "2026-01-01"),
        ("2024-03-01T00:30:00+01:00", "2024-02-29"),
        ("2025-04-01T10:00:00", "2025-04-01"),
        ("2025-04-01 10:00Z", "2025-04-01"),
        ("20250401", "2025-04-01"),
        ("2025/04/01", "2025-04-01"),
        ("April 1, 2025", "2025-04-01"),
        ("1 April 2025", "2025-04-01"),
        ("Tuesday 1st April 2025", "2025-04-01"),
    ])
    func datesAsUTCCalendarDates(_ written: String, _ expected: String) {
        #expect(UTCDate.normalize(written) == expected, "\(written)")
    }

    @Test func notDates() {
        for s in ["", "yesterday", "2025-02-30", "2025-13-01", "32 Jan 2025", "Norway gave $5 million", "12:30"] {
            #expect(UTCDate.normalize(s) == nil, "\(s)")
        }
    }

    // MARK: charsets

    static func html(_ head: String, _ body: [UInt8]) -> [UInt8] {
        Array("<html><head>\(head)<title>t</title></head><body><article><p>".utf8) + body
            + Array(" to Chad for flood relief, officials said on Monday.</p></article></body></html>".utf8)
    }

    @Test func windows1252DeclaredByMeta() throws {
        // "€1.5 million" with the euro sign as windows-1252 byte 0x80, and curly quotes 0x93 0x94
        let body: [UInt8] = Array("The EU gave ".utf8) + [0x80] + Array("1.5 million ".utf8) + [0x93] + Array("now".utf8) + [0x94]
        for head in ["<meta charset=\"windows-1252\">", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">",
                     "<meta charset='iso-8859-1'>", "<META HTTP-EQUIV=content-type CONTENT='text/html;charset=ISO-8859-1'>"] {
            let page = try HTMLPage.read(Self.html(head, body))
            #expect(page.charset == "windows-1252")
            #expect(page.text.contains("The EU gave €1.5 million “now” to Chad"), "\(head): \(page.text)")
        }
    }

    @Test func undeclaredCharsetIsDetected() throws {
        // valid UTF-8: UTF-8
        let utf8 = try HTMLPage.read(Self.html("", Array("The EU gave €1.5 million".utf8)))
        #expect(utf8.charset == "utf-8")
        #expect(utf8.text.contains("€1.5 million"))
        // not UTF-8: windows-1252
        let latin = try HTMLPage.read(Self.html("", Array("Caf".utf8) + [0xE9] + Array(" owner gave ".utf8) + [0x80] + Array("5".utf8)))
        #expect(latin.charset == "windows-1252")
        #expect(latin.text.contains("Café owner gave €5"))
        // a page that says Latin-1 but is UTF-8 was mislabelled
        let mislabelled = try HTMLPage.read(Self.html("<meta charset=iso-8859-1>", Array("Café gave €5".utf8)))
        #expect(mislabelled.text.contains("Café gave €5"))
    }

    @Test func byteOrderMarksAndOtherCharsets() throws {
        let text = "<html><body><p>Norway gave 5 млн € to Chad for flood relief in the east of the country.</p></body></html>"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        for bytes in [le, be, bom] {
            #expect(try HTMLPage.read(bytes).text == "Norway gave 5 млн € to Chad for flood relief in the east of the country.\n")
        }
        // KOI8-R through iconv
        let koi: [UInt8] = [0xCD, 0xCC, 0xCE]  // "млн" in KOI8-R
        let page = try HTMLPage.read(Self.html("<meta charset=\"koi8-r\">", Array("Norway gave 5 ".utf8) + koi))
        #expect(page.text.contains("Norway gave 5 млн to Chad"), "\(page.text)")
    }

    @Test func undecodableCharsetIsAnError() throws {
        // an unknown charset, and bytes that are not UTF-8 either
        #expect(throws: InputError("the page declares charset 'x-no-such-charset', which aidledger cannot decode")) {
            try HTMLPage.read(Self.html("<meta charset=\"x-no-such-charset\">", [0x80, 0xFF]))
        }
        // bytes that are not valid in the declared charset (nor UTF-8)
        #expect(throws: InputError("not valid shift_jis (the charset the page declares) at byte offset 79")) {
            try HTMLPage.read(Self.html("<meta charset=\"shift_jis\">", [0x82, 0xFF, 0xFF]))
        }
        // a wrong or unknown declaration over valid UTF-8: UTF-8
        let wrong = try HTMLPage.read(Self.html("<meta charset=\"x-no-such-charset\">", Array("Norway gave €5".utf8)))
        #expect(wrong.charset == "utf-8")
        #expect(wrong.text.contains("Norway gave €5"))
        #expect(try HTMLPage.read(Self.html("<meta charset=\"UTF-8;\">", Array("€5".utf8))).text.contains("€5"))
        #expect(throws: InputError.self) {
            try HTMLPage.read([UInt8](repeating: 1, count: 100) + Array("<html>".utf8))
        }
    }

    // MARK: formats and front matter

    @Test func detectionByContent() {
        #expect(InputFormat.sniff(Array("<?xml version=\"1.0\"?>\n<!-- c --><rss version=\"2.0\">".utf8)) == .rss)
        #expect(InputFormat.sniff(Array("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>".utf8)) == .atom)
        #expect(InputFormat.sniff(Array("<?xml version='1.0'?><rdf:RDF xmlns:rdf='x'>".utf8)) == .rss)
        #expect(InputFormat.sniff(Array("  <!DOCTYPE html><html>".utf8)) == .html)
        #expect(InputFormat.sniff(Array("<HTML><BODY>".utf8)) == .html)
        #expect(InputFormat.sniff(Array("<?xml version='1.0'?><urlset>".utf8)) == nil)
        #expect(InputFormat.sniff(Array("Norway gave <b> $5 million".utf8)) == nil)
        #expect(InputFormat.sniff(Array("---\ntitle: x\n---\n".utf8)) == nil)
        #expect(InputFormat.byExtension("a/b/page.HTM") == .html)
        #expect(InputFormat.byExtension("feed.xml") == nil)
        #expect(InputFormat.byExtension("items.jsonl") == .jsonl)
        #expect(InputFormat.byExtension(".txt") == nil)
    }

    @Test func articleTextRoundTrips() throws {
        let meta = ArticleMetadata(title: "\"Quoted\" title: with a colon", published: "2025-04-02",
                                   source: "'Site'", url: "https://example.org/a")
        let body = "Norway gave $5 million to Chad.\nSecond line.\n"
        let text = ExtractedText(metadata: meta, body: body).articleText
        let article = try Article(text: text)
        #expect(String(article.body) == body)
        #expect(article.metadata == meta)
        // no metadata: the body alone, unless it starts with a line that reads as front matter
        #expect(ExtractedText(metadata: ArticleMetadata(), body: body).articleText == body)
        let dashes = "---\nNot front matter\n"
        #expect(String(try Article(text: ExtractedText(metadata: ArticleMetadata(), body: dashes).articleText).body) == dashes)
    }
}
