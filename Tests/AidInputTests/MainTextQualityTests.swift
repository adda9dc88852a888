import Foundation
import Testing
@testable import AidInput

/// Main-text quality on the pages written for the project (Fixtures/pages/*.html): each page's
/// `.snippets` file lists `+ text` that must be in the extracted text (the article) and
/// `- text` that must not be (navigation, headers, footers, sidebars, cookie banners, share
/// bars, comments, related links, scripts). Precision, recall and F1 over the snippets, as the
/// issue measures against trafilatura; naive tag stripping is measured alongside.
@Suite struct MainTextQualityTests {
    static let pagesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pages")

    struct Page {
        var name: String
        var bytes: [UInt8]
        var body: [String]
        var boilerplate: [String]
    }

    static func pages() throws -> [Page] {
        let names = try FileManager.default.contentsOfDirectory(atPath: pagesFolder.path)
            .filter { $0.hasSuffix(".html") }.sorted()
        return try names.map { name in
            let bytes = [UInt8](try Data(contentsOf: pagesFolder.appendingPathComponent(name)))
            let snippets = try String(contentsOf: pagesFolder.appendingPathComponent(
                String(name.dropLast(5)) + ".snippets"), encoding: .utf8)
            var body: [String] = [], boilerplate: [String] = []
            for line in snippets.split(separator: "\n") where line.count > 2 {
                let text = String(line.dropFirst(2))
                if line.hasPrefix("+ ") { body.append(text) } else if line.hasPrefix("- ") { boilerplate.append(text) }
            }
            return Page(name: name, bytes: bytes, body: body, boilerplate: boilerplate)
        }
    }

    struct Score {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
        var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
        var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        var line: String { String(format: "P %.3f R %.3f F1 %.3f", precision, recall, f1) }
    }

    /// Scores `extract` over every page; misses and leaks are returned to be shown.
    static func score(_ extract: (Page) throws -> String) throws -> (Score, [String]) {
        var s = Score()
        var notes: [String] = []
        for page in try pages() {
            let text = TextFold.fold(try extract(page))
            for snippet in page.body {
                if text.contains(snippet) { s.truePositives += 1 } else { s.falseNegatives += 1; notes.append("\(page.name): missing '\(snippet)'") }
            }
            for snippet in page.boilerplate where text.contains(snippet) {
                s.falsePositives += 1
                notes.append("\(page.name): kept boilerplate '\(snippet)'")
            }
        }
        return (s, notes)
    }

    @Test func mainTextSnippetPrecisionRecall() throws {
        let pages = try Self.pages()
        #expect(pages.count >= 10)
        let (s, notes) = try Self.score { try HTMLPage.read($0.bytes).text }
        // Naive tag stripping: every text node of the parsed page.
        let (naive, _) = try Self.score { page in
            LibXML.parseHTML(utf8: Array(try HTMLCharset.decode(page.bytes).text.utf8))?.rawText ?? ""
        }
        print("main text on \(pages.count) project pages: \(s.line) (tp \(s.truePositives), fp \(s.falsePositives), fn \(s.falseNegatives)); naive tag stripping: \(naive.line)")
        for n in notes { print("  " + n) }
        #expect(s.f1 >= 0.95, "\(s.line): \(notes)")
        #expect(s.precision >= 0.95)
        #expect(s.recall >= 0.95)
        #expect(naive.f1 < s.f1)
    }

    /// The news-like page: nav menu, header, footer with links, a sidebar link list, a cookie
    /// banner, a script and a style, a comments section.
    @Test func newsPageKeepsBodyAndDropsBoilerplate() throws {
        let page = try #require(try Self.pages().first { $0.name == "01-wire-article.html" })
        let text = try HTMLPage.read(page.bytes).text
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("OSLO, April 1 — Norway will give $20 million") == true, "\(lines)")
        #expect(lines.count == 6, "\(lines)")
        #expect(text.hasSuffix("Norwegian NGOs.\n"))
        for word in ["cookies", "Skip to", "Opinion", "Most read", "Comments", "Anna", "Privacy", "analytics", "{", "Facebook", "Advertisement", "Ingrid Solberg"] {
            #expect(!text.contains(word), "'\(word)' leaked: \(text)")
        }
    }

    @Test func pageWithNoMainTextGivesNothing() throws {
        for html in ["<html><head><title>Empty</title></head><body></body></html>",
                     "<html><body><nav><a href='/'>Home</a><a href='/b'>Blog</a></nav><footer>© 2025</footer></body></html>",
                     "<html><body><script>var x = 'Norway gave $5 million';</script></body></html>",
                     ""] {
            #expect(HTMLPage.extract(html: html).text == "")
        }
    }

    @Test func blocksAreLinesAndLinkListsGo() throws {
        let html = """
            <html><body><div class="content">
            <p>First paragraph of the article, long enough to count as one.</p>
            <ul><li><a href="/a">Link one</a></li><li><a href="/b">Link two</a></li><li><a href="/c">Link three</a></li></ul>
            <ul><li>Point one has text, no link.</li><li>Point two, with <a href="/x">a link</a> inside it.</li></ul>
            <p>Second paragraph<br>with a line break, and a <b>bold</b> word.</p>
            <p><a href="/1">A paragraph that is nothing but a link to another story</a></p>
            <h2>A heading with nothing under it</h2>
            </div></body></html>
            """
        #expect(HTMLPage.extract(html: html).text == """
            First paragraph of the article, long enough to count as one.
            Point one has text, no link.
            Point two, with a link inside it.
            Second paragraph
            with a line break, and a bold word.

            """)
    }

    @Test func boilerplateLinesAndSentencesThatOnlyLookLikeThem() {
        for line in ["Advertisement", "Share this article", "By Jane Doe", "By Jane Doe and John Roe, Reuters",
                     "By Jane Doe | 3 April 2025", "Updated: 3 April 2025", "Published 2 hours ago", "Last updated 10:42 GMT",
                     "5 min read", "Tue, 01 Apr 2025", "15:10", "© 2025 Example Wire", "Sign up for our newsletter",
                     "We use cookies to improve your experience. Accept?", "The post Aid news appeared first on Aid Wire."] {
            #expect(MainText.isBoilerplateLine(line), "\(line)")
        }
        for line in ["By 2030, the fund will have disbursed $2 billion.", "Updated estimates put the cost at $5 billion.",
                     "Published figures show $3 billion in pledges.", "Photo opportunities aside, the visit produced a deal.",
                     "Share prices rose after the IMF approved $1.2 billion.", "He said no.", "Comments by the minister drew criticism."] {
            #expect(!MainText.isBoilerplateLine(line), "\(line)")
        }
        #expect(MainText.isCommentsHeading("3 comments"))
        #expect(MainText.isCommentsHeading("Leave a Reply"))
        #expect(!MainText.isCommentsHeading("Comments by the minister"))
    }

    @Test func aspNetFormAroundThePageIsNotDropped() throws {
        let html = "<html><body><form id='aspnetForm'><div><p>Norway gave $5 million to Chad for flood relief, officials said on Monday in Oslo.</p><p>The money goes to UNICEF.</p></div></form></body></html>"
        #expect(HTMLPage.extract(html: html).text.contains("Norway gave $5 million to Chad"))
    }
}
