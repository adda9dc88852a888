import Foundation
import Testing
import AidLedger

/// `ingest`, `extract` and `text` on pages, feeds and JSON Lines (docs/inputs.md): the text
/// extraction reads, the same article from a page and from its text saved by hand, a feed's
/// items as articles with their dates, `--input-format`, folders, and the errors.
@Suite struct InputFormatsTests {
    static let fixtures = CLI.repoRoot.appendingPathComponent("Tests/AidInputTests/Fixtures")
    static var newsPage: String { fixtures.appendingPathComponent("pages/01-wire-article.html").path }
    static var rssFeed: String { fixtures.appendingPathComponent("feeds/aid-wire.rss").path }
    static var atomFeed: String { fixtures.appendingPathComponent("feeds/relief-updates.atom").path }
    static var jsonlFeed: String { fixtures.appendingPathComponent("feeds/wire.jsonl").path }

    /// The news page's text, as an analyst would save it by hand.
    static let newsText = """
        OSLO, April 1 — Norway will give $20 million in emergency food aid to Sudan, the foreign ministry said on Tuesday, as aid agencies warned that famine was spreading in Darfur and Kordofan.
        The money will be channelled through the World Food Programme, which says it needs more than $1 billion to keep feeding displaced families until the next harvest.
        “The humanitarian situation in Sudan is the worst in the world today,” the development minister told reporters in Oslo. “We cannot look away.”
        A funding gap that keeps growing
        The United Nations appeal for Sudan was less than a fifth funded at the end of March, according to figures published by the UN humanitarian office.
        Norway has given Sudan about 400 million crowns in humanitarian assistance since the war began, officials said, most of it through UN agencies and Norwegian NGOs.

        """

    /// One JSON object per line of `extract --format jsonl`.
    static func jsonRows(_ out: String) throws -> [[String: Any]] {
        try out.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// What a figure says, whatever file it came from.
    static func figures(_ out: String) throws -> [String] {
        try jsonRows(out).map { r in
            ["amount", "amount_max", "currency", "donor", "recipient", "category", "mechanism", "status", "sentence"]
                .map { "\(r[$0] ?? "nil")" }.joined(separator: "|")
        }
    }

    static func expectOneError(_ r: CLI.Result, _ pieces: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 1, "exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        for p in pieces { #expect(r.stderr.contains(p), "'\(r.stderr)' lacks '\(p)'", sourceLocation: sourceLocation) }
    }

    // MARK: - text

    @Test func textPrintsThePageMainTextOnly() throws {
        let cli = try CLI()
        let out = try cli.ok(["text", Self.newsPage])
        #expect(out == Self.newsText)
        for boilerplate in ["cookies", "Skip to main content", "Opinion", "Most read", "Central bank", "Comments",
                            "Twenty million", "Privacy policy", "All rights reserved", "analytics", "position:fixed", "Ingrid Solberg"] {
            #expect(!out.contains(boilerplate), "'\(boilerplate)' in: \(out)")
        }
    }

    @Test func textOfAFeedSeparatesItems() throws {
        let cli = try CLI()
        let out = try cli.ok(["text", Self.rssFeed])
        #expect(out.hasPrefix("--- item 1: Norway pledges $20 million for Sudan\nNorway will give $20 million"))
        #expect(out.contains("\n--- item 2: Sweden’s grant & UNICEF\nSweden will give SEK 200 million"))
        #expect(out.hasSuffix("--- item 4: UK pledges £10 million to Sudan\nUK pledges £10 million to Sudan\n"))
        // a text file: its body, without the front matter
        let txt = try cli.write("a.txt", "---\ntitle: T\npublished: 2025-01-02\n---\nNorway gave $5 million to Chad.\n")
        #expect(try cli.ok(["text", txt]) == "Norway gave $5 million to Chad.\n")
        // several files: a header line each
        let both = try cli.ok(["text", txt, Self.jsonlFeed])
        #expect(both.hasPrefix("==> \(txt) <==\nNorway gave $5 million to Chad.\n==> \(Self.jsonlFeed) <==\n--- item 1: Norway gives to Chad\n"))
    }

    @Test func pageWithoutMainTextPrintsNothing() throws {
        let cli = try CLI()
        let page = try cli.write("empty.html", "<html><head><title>Nothing</title></head><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>")
        let r = try cli.run(["text", page])
        #expect(r.status == 0)
        #expect(r.stdout == "")
        #expect(r.stderr == "")
        // extraction and ingest have nothing to read: one error line
        Self.expectOneError(try cli.run(["extract", page]), [page, "no main text found in the page"])
    }

    // MARK: - a page and its text saved by hand

    @Test func savedPageGivesTheSameFiguresAsItsTextAndIsOneArticle() throws {
        let cli = try CLI()
        let text = try cli.write("saved-by-hand.txt", Self.newsText)
        let withFrontMatter = try cli.write("with-front-matter.txt",
            "---\ntitle: Norway pledges $20 million for Sudan food aid\npublished: 2025-04-02\n---\n" + Self.newsText)
        let fromPage = try Self.figures(try cli.ok(["extract", "--format", "jsonl", Self.newsPage]))
        #expect(fromPage.count >= 2, "\(fromPage)")
        #expect(fromPage == (try Self.figures(try cli.ok(["extract", "--format", "jsonl", text]))))
        #expect(fromPage == (try Self.figures(try cli.ok(["extract", "--format", "jsonl", withFrontMatter]))))

        let first = try cli.ok(["ingest", Self.newsPage])
        #expect(first.contains("ingested 1 article"))
        let second = try cli.ok(["ingest", text, withFrontMatter])
        #expect(second.contains("ingested 0 articles"), "\(second)")
        #expect(second.contains("2 already present"), "\(second)")
        let articles = try Ledger(path: cli.db).articles()
        #expect(articles.count == 1)
        #expect(articles[0].title == "Norway pledges $20 million for Sudan food aid")
        #expect(articles[0].published == "2025-04-02")
        #expect(articles[0].url == "https://northern-desk.example/world/2025/04/norway-sudan-food-aid")
        #expect(articles[0].source == "Northern Desk")
    }

    @Test func spansReferToTheStoredExtractedText() throws {
        let cli = try CLI()
        let rows = try Self.jsonRows(try cli.ok(["extract", "--format", "jsonl", Self.newsPage]))
        _ = try cli.ok(["ingest", Self.newsPage])
        let stored = try #require(try Ledger(path: cli.db).article(id: 1))
        #expect(stored.fullText.hasPrefix("---\ntitle: Norway pledges $20 million for Sudan food aid\npublished: 2025-04-02\n"))
        #expect(stored.fullText.hasSuffix("---\n" + Self.newsText))
        let scalars = Array(stored.fullText.unicodeScalars)
        for row in rows {
            let start = try #require(row["start"] as? Int), end = try #require(row["end"] as? Int)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            #expect(String(view) == row["text"] as? String)
        }
    }

    // MARK: - feeds

    @Test func feedItemsIngestAsArticlesWithTheirDates() throws {
        let cli = try CLI()
        let out = try cli.ok(["ingest", Self.rssFeed, Self.atomFeed])
        #expect(out.contains("ingested 7 articles"), "\(out)")
        #expect(out.contains("added      #1  \(Self.rssFeed)#1"), "\(out)")
        let articles = try Ledger(path: cli.db).articles()
        #expect(articles.map(\.published) == ["2025-04-02", "2025-04-01", "2025-04-03", nil,
                                              "2025-04-02", "2025-03-31", "2025-05-01"])
        #expect(articles[0].url == "https://aidwire.example/2025/04/norway-sudan")
        #expect(articles[0].source == "Aid Wire — development news")
        #expect(articles[4].title == "Denmark funds the Sahel")
        #expect(articles[4].source == "Relief Updates")
        // ingesting the feed again adds nothing
        #expect(try cli.ok(["ingest", Self.rssFeed]).contains("4 already present"))
    }

    @Test func jsonLinesWithHTMLText() throws {
        let cli = try CLI()
        let out = try cli.ok(["ingest", Self.jsonlFeed])
        #expect(out.contains("ingested 3 articles"), "\(out)")
        let articles = try Ledger(path: cli.db).articles()
        #expect(articles.map(\.published) == ["2025-04-02", "2025-04-05", nil])
        let stored = try #require(try Ledger(path: cli.db).article(id: 1))
        #expect(stored.fullText.hasSuffix("---\nNorway gave $5 million to Chad for flood relief.\nThe money goes to UNICEF.\n"))
        let rows = try Self.jsonRows(try cli.ok(["extract", "--format", "jsonl", Self.jsonlFeed]))
        #expect(rows.first?["file"] as? String == Self.jsonlFeed + "#1")
        #expect(rows.first?["donor"] as? String == "Norway")
    }

    @Test func windows1252PageWithEuroSign() throws {
        let cli = try CLI()
        let html = Array("<html><head><meta charset=\"windows-1252\"><title>EU aid</title></head><body><article><p>The European Union gave ".utf8)
            + [0x80] + Array("1.5 million to Chad for flood relief on Friday, officials said.</p></article></body></html>".utf8)
        let url = cli.workdir.appendingPathComponent("cp1252.html")
        try Data(html).write(to: url)
        #expect(try cli.ok(["text", url.path]) == "The European Union gave €1.5 million to Chad for flood relief on Friday, officials said.\n")
        let rows = try Self.jsonRows(try cli.ok(["extract", "--format", "jsonl", "--all-money", url.path]))
        #expect(rows.first?["currency"] as? String == "EUR")
        #expect(rows.first?["amount"] as? String == "1500000")
    }

    @Test func externalEntityInAFeedReadsNothing() throws {
        let cli = try CLI()
        let feed = try cli.write("xxe.rss", """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>t &xxe;</title>
            <item><title>&xxe;</title><description>Norway gave $5 million to Chad. &xxe;</description></item></channel></rss>
            """)
        let out = try cli.ok(["text", feed])
        #expect(!out.contains("root:"))
        #expect(out.contains("Norway gave $5 million to Chad."))
        _ = try cli.ok(["ingest", feed])
        let stored = try #require(try Ledger(path: cli.db).article(id: 1))
        #expect(!stored.fullText.contains("root:"))
        #expect(!stored.source.contains("root:"))
    }

    // MARK: - detection, --input-format, folders

    @Test func inputFormatOverridesExtensionAndContent() throws {
        let cli = try CLI()
        let html = "<html><body><article><p>Norway gave $5 million to Chad for flood relief, officials said.</p></article></body></html>"
        let asTxt = try cli.write("page.txt", html)
        #expect(try cli.ok(["text", asTxt]) == html)   // .txt is text
        #expect(try cli.ok(["text", "--input-format", "html", asTxt]) == "Norway gave $5 million to Chad for flood relief, officials said.\n")
        // no extension: the content decides
        let download = try cli.write("download", "<!DOCTYPE html>" + html)
        #expect(try cli.ok(["text", download]) == "Norway gave $5 million to Chad for flood relief, officials said.\n")
        // stdin: sniffed too
        let feed = try String(contentsOfFile: Self.rssFeed, encoding: .utf8)
        #expect(try cli.ok(["text", "-"], stdin: feed).hasPrefix("--- item 1: Norway pledges"))
        #expect(try cli.ok(["ingest", "-"], stdin: feed).contains("ingested 4 articles"))
        // an .xml feed, and rss/atom both read either kind
        let xml = try cli.write("feed.xml", try String(contentsOfFile: Self.atomFeed, encoding: .utf8))
        #expect(try cli.ok(["text", xml]).hasPrefix("--- item 1: Denmark funds the Sahel"))
        #expect(try cli.ok(["text", "--input-format", "rss", xml]).hasPrefix("--- item 1: Denmark funds the Sahel"))
        // a bad value is a usage error
        #expect(try cli.run(["text", "--input-format", "pdf", xml]).status == 64)
    }

    @Test func foldersAreReadForEveryInputFormat() throws {
        let cli = try CLI()
        let dir = cli.workdir.appendingPathComponent("inbox")
        try cli.write("inbox/a.txt", "Norway gave $5 million to Chad.\n")
        try cli.write("inbox/b.html", "<html><body><p>Sweden gave $7 million to Niger for schools, the ministry said.</p></body></html>")
        try cli.write("inbox/sub/c.htm", "<html><body><p>Denmark gave $9 million to Mali for water, the ministry said.</p></body></html>")
        try cli.write("inbox/sub/d.rss", try String(contentsOfFile: Self.rssFeed, encoding: .utf8))
        try cli.write("inbox/e.atom", try String(contentsOfFile: Self.atomFeed, encoding: .utf8))
        try cli.write("inbox/f.xml", try String(contentsOfFile: Self.atomFeed, encoding: .utf8).replacingOccurrences(of: "DKK 50", with: "DKK 60"))
        try cli.write("inbox/g.jsonl", try String(contentsOfFile: Self.jsonlFeed, encoding: .utf8))
        try cli.write("inbox/sitemap.xml", "<?xml version=\"1.0\"?><urlset><url><loc>https://x.example/</loc></url></urlset>")
        try cli.write("inbox/notes.md", "Finland gave $3 million to Laos.\n")
        let out = try cli.ok(["ingest", dir.path])
        // 1 + 1 + 1 + 4 + 3 + 3 (f.xml: one entry differs, two are the same as e.atom's) + 3
        #expect(out.contains("ingested 14 articles"), "\(out)")
        #expect(out.contains("2 already present"), "\(out)")
        #expect(!out.contains("sitemap") && !out.contains("notes.md"))
        #expect(!(try cli.ok(["text", dir.path])).contains("Finland"))
    }

    // MARK: - errors

    @Test func inputErrorsAreOneLine() throws {
        let cli = try CLI()
        let bad = try cli.write("bad.rss", "<?xml version=\"1.0\"?><rss><channel><item><title>a & b</title></item></channel></rss>")
        Self.expectOneError(try cli.run(["ingest", bad]), ["\(bad): malformed feed at line 1"])
        Self.expectOneError(try cli.run(["text", bad]), ["\(bad): malformed feed"])
        let jsonl = try cli.write("bad.jsonl", "{\"text\": \"Norway gave $5 million.\"}\n{\"text\": nope}\n")
        Self.expectOneError(try cli.run(["ingest", jsonl]), ["\(jsonl): line 2: not valid JSON"])
        // an unknown charset over bytes that are not UTF-8 either (0xE9)
        let charsetURL = cli.workdir.appendingPathComponent("odd.html")
        try Data(Array("<html><head><meta charset=\"x-unknown-9\"></head><body><p>Caf".utf8) + [0xE9]
                 + Array(" owners gave money.</p></body></html>".utf8)).write(to: charsetURL)
        let charset = charsetURL.path
        Self.expectOneError(try cli.run(["extract", charset]), ["\(charset): the page declares charset 'x-unknown-9'"])
        let notFeed = try cli.write("list.xml", "<?xml version=\"1.0\"?><urlset/>")
        Self.expectOneError(try cli.run(["extract", notFeed]), ["\(notFeed): not an RSS or Atom feed (its root element is <urlset>)"])
        // nothing was stored
        #expect(try Ledger(path: cli.db).articles().isEmpty)
        // --keep-going skips the bad file and ingests the rest
        let r = try cli.run(["ingest", "--keep-going", bad, Self.jsonlFeed])
        #expect(r.status == 2)
        #expect(r.stdout.contains("ingested 3 articles"))
        #expect(r.stderr == "skipped \(bad): malformed feed at line 1: xmlParseEntityRef: no name\n")
    }
}
